package dev.forgewatch.samples;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.samples.sim.IocAddress;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The planted facts of EXPECTED.yaml hold in the shipped events, and the clean mailboxes stay clean. */
class PlantedScenarioTest {
    private static final JsonNode EXPECTED = SampleReading.expected(SampleReading.SHIPPED);
    private static final List<CanonicalEvent> ALL_EVENTS = SampleReading.shipped().events();
    /** Audit and sign-in events; the token-carrying requests have tests of their own below. */
    private static final List<CanonicalEvent> EVENTS = ALL_EVENTS.stream().filter(event -> event.kind() != SourceKind.TOKEN).toList();
    private static final List<CanonicalEvent> TOKENS = ALL_EVENTS.stream().filter(event -> event.kind() == SourceKind.TOKEN).toList();
    private static final Set<String> IOC_IPS = texts(EXPECTED.at("/actor/ips"), "ip");
    private static final Set<String> TARGETS = texts(EXPECTED.at("/intrusion/targets"), "mailbox");
    private static final Set<String> LICENCE_GAP = texts(EXPECTED.at("/licenceGap/mailboxes"), null);
    private static final String ACTOR_APP = EXPECTED.at("/actor/appId").asText();
    private static final JsonNode QUIET = EXPECTED.at("/quietIntrusion");
    private static final JsonNode PATTERNS = EXPECTED.at("/tenantPatterns");
    private static final Set<String> ROAMERS = texts(PATTERNS.path("roamingUsers"), "mailbox");
    /** Mailboxes with patterns of their own, checked by their own tests below. */
    private static final Set<String> SPECIAL = Set.of(QUIET.path("mailbox").asText(),
            PATTERNS.at("/sharedMailbox/mailbox").asText(), PATTERNS.at("/serviceAccount/mailbox").asText());
    private static final Set<String> APP_ONLY = Set.of(PATTERNS.at("/backupApp/appId").asText(),
            PATTERNS.at("/managedIdentity/appId").asText());

    @Test
    void targetsAreReadFromPublishedStorm0558AddressesWithoutAnySignIn() {
        List<CanonicalEvent> intruder = EVENTS.stream().filter(event -> IOC_IPS.contains(event.clientIp())).toList();

        assertThat(intruder).isNotEmpty().allSatisfy(event -> {
            assertThat(event.kind()).isEqualTo(SourceKind.AUDIT);
            assertThat(event.operation()).isEqualTo("MailItemsAccessed");
            assertThat(TARGETS).contains(event.mailbox());
            assertThat(event.text(Fields.APP_ID)).isEqualTo(ACTOR_APP);
            assertThat(event.text(Fields.CLIENT_APP_ID)).isEqualTo(ACTOR_APP);
            assertThat(event.userId()).isEqualTo(event.mailbox());
            // Storm-0558's published working hours: Monday to Friday, 00:00-09:00 UTC
            assertThat(event.timestamp().atOffset(ZoneOffset.UTC).getHour()).isLessThan(9);
            assertThat(event.timestamp().atOffset(ZoneOffset.UTC).getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        });
        assertThat(intruder).extracting(CanonicalEvent::mailbox).containsOnlyElementsOf(TARGETS).hasSameElementsAs(TARGETS);
        assertThat(intruder).extracting(event -> event.text(Fields.MAIL_ACCESS_TYPE)).contains("Bind", "Sync");
        // nobody signs in from the actor's addresses: the access is sign-in-less
        assertThat(EVENTS).filteredOn(event -> event.kind() == SourceKind.SIGNIN || "UserLoggedIn".equals(event.operation()))
                .noneMatch(event -> IOC_IPS.contains(event.clientIp()));
    }

    @Test
    void forgedTokensNameTheStorm0558KeyAndRaiseTheirFindingsWhileCleanTokensRaiseNone() {
        JsonNode forged = EXPECTED.at("/forgedTokens");
        Set<String> fingerprints = texts(forged.path("tokens"), "fingerprint");
        List<CanonicalEvent> planted = TOKENS.stream().filter(event -> fingerprints.contains(event.text(Fields.TOKEN_FINGERPRINT))).toList();

        assertThat(planted).isNotEmpty().allSatisfy(event -> {
            assertThat(event.text(Fields.TOKEN_KID)).isEqualTo(forged.path("kid").asText());
            assertThat(event.list(Fields.TOKEN_FINDINGS)).contains("compromised-key", "cross-scope-key", "certificate-expired-at-iat");
            assertThat(IOC_IPS).contains(event.clientIp());
        });
        assertThat(planted).filteredOn(event -> event.list(Fields.TOKEN_FINDINGS).contains("signature-invalid"))
                .isNotEmpty().allSatisfy(event -> assertThat(event.text("url_path")).startsWith("/api/v1/"));
        assertThat(planted).extracting(event -> event.text("url_path"))
                .anyMatch(path -> path.startsWith("/owa/service.svc?action=GetAccessTokenForResource"));
        // one forged token replayed from several proxy addresses
        JsonNode edge = StreamSupport.stream(forged.path("tokens").spliterator(), false)
                .filter(token -> token.path("seenIn").asText().startsWith("mail-edge")).findFirst().orElseThrow();
        assertThat(planted.stream().filter(event -> event.text(Fields.TOKEN_FINGERPRINT).equals(edge.path("fingerprint").asText()))
                .map(CanonicalEvent::clientIp).collect(toSet())).hasSizeGreaterThan(2).isEqualTo(texts(edge.path("ips"), null));
        assertThat(TOKENS).filteredOn(event -> !fingerprints.contains(event.text(Fields.TOKEN_FINGERPRINT)))
                .hasSizeGreaterThan(1000).allSatisfy(event -> {
                    assertThat(event.list(Fields.TOKEN_FINDINGS)).isEmpty();
                    assertThat(IOC_IPS).doesNotContain(event.clientIp());
                });
    }

    @Test
    void actorAddressesWereActiveOnTheDaysTheyAreUsed() {
        for (CanonicalEvent event : ALL_EVENTS) {
            if (IOC_IPS.contains(event.clientIp())) {
                LocalDate day = event.timestamp().atOffset(ZoneOffset.UTC).toLocalDate();
                assertThat(IocAddress.SOFTETHER_PROXIES).anyMatch(ioc -> ioc.ip().equals(event.clientIp()) && ioc.activeOn(day));
            }
        }
    }

    @Test
    void intrusionCountsMatchTheAnswerKey() {
        for (JsonNode target : EXPECTED.at("/intrusion/targets")) {
            List<CanonicalEvent> reads = EVENTS.stream()
                    .filter(event -> IOC_IPS.contains(event.clientIp()) && event.mailbox().equals(target.path("mailbox").asText()))
                    .toList();
            assertThat(reads).hasSize(target.path("mailItemsAccessed").asInt());
            assertThat(reads.stream().filter(event -> "Sync".equals(event.text(Fields.MAIL_ACCESS_TYPE))).count())
                    .isEqualTo(target.path("syncRecords").asLong());
            assertThat(reads.stream().map(CanonicalEvent::timestamp).min(Instant::compareTo))
                    .hasValue(Instant.parse(target.path("firstAccess").asText()));
            assertThat(reads.stream().map(CanonicalEvent::clientIp).collect(toSet())).isEqualTo(texts(target.path("ips"), null));
        }
        // the first night reads every target with the same app: one app, many mailboxes
        Instant firstNight = Instant.parse(EXPECTED.at("/intrusion/targets/0/firstAccess").asText());
        assertThat(EVENTS.stream().filter(event -> ACTOR_APP.equals(event.text(Fields.APP_ID))
                && event.timestamp().isBefore(firstNight.plus(Duration.ofHours(6)))).map(CanonicalEvent::mailbox).collect(toSet()))
                .isEqualTo(TARGETS);
    }

    @Test
    void throttlingLeavesA24HourGapAfterHeavyReads() {
        String mailbox = EXPECTED.at("/throttling/mailbox").asText();
        Instant throttledAt = Instant.parse(EXPECTED.at("/throttling/throttledAt").asText());
        List<CanonicalEvent> reads = EVENTS.stream()
                .filter(event -> "MailItemsAccessed".equals(event.operation()) && mailbox.equals(event.mailbox())).toList();

        assertThat(EVENTS).filteredOn(event -> event.flag(Fields.IS_THROTTLED)).singleElement().satisfies(event -> {
            assertThat(event.mailbox()).isEqualTo(mailbox);
            assertThat(event.timestamp()).isEqualTo(throttledAt);
        });
        assertThat(reads).filteredOn(event -> event.timestamp().isAfter(throttledAt)
                && !event.timestamp().isAfter(throttledAt.plus(Duration.ofHours(24)))).isEmpty();
        assertThat(reads).filteredOn(event -> !event.timestamp().isAfter(throttledAt)
                && event.timestamp().isAfter(throttledAt.minus(Duration.ofHours(24)))).hasSizeGreaterThan(1_000);
        // the owner keeps working in the gap: the gap is in the audit, not in the activity
        assertThat(EVENTS).anyMatch(event -> mailbox.equals(event.mailbox()) && "Exchange".equals(event.text(Fields.WORKLOAD))
                && !"MailItemsAccessed".equals(event.operation()) && event.timestamp().isAfter(throttledAt)
                && event.timestamp().isBefore(throttledAt.plus(Duration.ofHours(24))));
    }

    @Test
    void licenceGapMailboxesWorkButAreNeverAuditedForReads() {
        assertThat(LICENCE_GAP).hasSize(3);
        for (String mailbox : LICENCE_GAP) {
            Set<String> operations = EVENTS.stream().filter(event -> mailbox.equals(event.mailbox()))
                    .map(CanonicalEvent::operation).collect(toSet());
            assertThat(operations).as(mailbox).contains("MailboxLogin", "Send").doesNotContain("MailItemsAccessed");
        }
        Set<String> withMailItemsAccessed = EVENTS.stream().filter(event -> "MailItemsAccessed".equals(event.operation()))
                .map(CanonicalEvent::mailbox).collect(toSet());
        Set<String> withExchangeActivity = EVENTS.stream().filter(event -> "Exchange".equals(event.text(Fields.WORKLOAD)))
                .map(CanonicalEvent::mailbox).collect(toSet());
        withExchangeActivity.removeAll(withMailItemsAccessed);
        assertThat(withExchangeActivity).isEqualTo(LICENCE_GAP);
    }

    @Test
    void cleanMailboxesUseOnlyWhatTheyUsedOnDayOne() {
        Map<String, List<CanonicalEvent>> byMailbox = exchangeEventsOfCleanMailboxes();
        LocalDate dayOne = LocalDate.parse(EXPECTED.at("/generator/start").asText());
        // the clean users' mailboxes; the shared mailbox and the service account's are checked below
        assertThat(byMailbox.size() + ROAMERS.size() + 2).isEqualTo(EXPECTED.at("/clean/mailboxes").asInt());
        byMailbox.forEach((mailbox, events) -> {
            List<CanonicalEvent> first = events.stream()
                    .filter(event -> event.timestamp().atOffset(ZoneOffset.UTC).toLocalDate().equals(dayOne)).toList();
            assertThat(events).as(mailbox).allSatisfy(event -> {
                assertThat(event.userId()).isEqualTo(mailbox);
                assertThat(event.number(Fields.LOGON_TYPE)).isZero();
            });
            assertThat(clients(events)).as(mailbox).isEqualTo(clients(first));
            assertThat(values(events, Fields.CLIENT_IP)).as(mailbox).isEqualTo(values(first, Fields.CLIENT_IP)).hasSize(1);
            assertThat(values(events, Fields.USER_AGENT)).as(mailbox).isEqualTo(values(first, Fields.USER_AGENT));
        });
    }

    /**
     * Token provenance: every token a clean mailbox was read with was issued by a sign-in in the data
     * (of any category), except in the export gap and before the data begins; no sign-in issued the
     * quiet intruder's tokens.
     */
    @Test
    void everyCleanTokenWasIssuedByASignInAndTheQuietIntrudersWereNot() {
        Set<String> issued = EVENTS.stream().filter(event -> event.kind() == SourceKind.SIGNIN).map(PlantedScenarioTest::tokenId)
                .filter(java.util.Objects::nonNull).collect(toSet());
        Set<String> quietTokens = texts(QUIET.path("uniqueTokenIds"), null);
        Instant gapStart = Instant.parse(PATTERNS.at("/signInExportGap/from").asText());
        Instant gapEnd = Instant.parse(PATTERNS.at("/signInExportGap/until").asText());
        Instant dataStart = LocalDate.parse(EXPECTED.at("/generator/start").asText()).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<CanonicalEvent> reads = EVENTS.stream().filter(event -> "Exchange".equals(event.text(Fields.WORKLOAD))).toList();
        assertThat(reads).allSatisfy(event -> assertThat(tokenId(event)).as(event.id()).isNotBlank());
        List<CanonicalEvent> orphans = reads.stream().filter(event -> !issued.contains(tokenId(event))).toList();
        assertThat(orphans).filteredOn(event -> quietTokens.contains(tokenId(event)))
                .hasSize(QUIET.path("mailItemsAccessed").asInt())
                .allSatisfy(event -> {
                    assertThat(event.mailbox()).isEqualTo(QUIET.path("mailbox").asText());
                    assertThat(event.clientIp()).isEqualTo(QUIET.path("ip").asText());
                    assertThat(event.text(Fields.MAIL_ACCESS_TYPE)).isEqualTo("Bind");
                });
        // the rest: the loud intruder's, and clean reads whose token was issued in the gap or before the data
        assertThat(orphans).filteredOn(event -> !quietTokens.contains(tokenId(event)) && !IOC_IPS.contains(event.clientIp()))
                .isNotEmpty().allSatisfy(event -> {
                    Instant iat = Instant.parse(event.raw().at("/AppAccessContext/IssuedAtTime").asText(
                            event.text("token_issued_at") == null ? "" : event.text("token_issued_at")) + "Z");
                    assertThat(!iat.plusSeconds(300).isBefore(gapStart) && iat.isBefore(gapEnd) || iat.isBefore(dataStart))
                            .as(event.mailbox() + " token issued " + iat).isTrue();
                });
        // the quiet intruder uses the owner's own client: nothing new but the address and the token
        CanonicalEvent ownerRead = reads.stream().filter(event -> event.mailbox().equals(QUIET.path("mailbox").asText())
                && event.mailbox().equals(event.userId()) && !quietTokens.contains(tokenId(event)) && "MailItemsAccessed".equals(event.operation())).findFirst().orElseThrow();
        assertThat(orphans).filteredOn(event -> quietTokens.contains(tokenId(event))).allSatisfy(event -> {
            assertThat(event.text(Fields.APP_ID)).isEqualTo(ownerRead.text(Fields.APP_ID));
            assertThat(event.text(Fields.CLIENT_APP_ID)).isEqualTo(ownerRead.text(Fields.CLIENT_APP_ID));
            assertThat(event.text(Fields.USER_AGENT)).isEqualTo(ownerRead.text(Fields.USER_AGENT));
        });
    }

    @Test
    void appOnlyReadersHaveServicePrincipalAndManagedIdentitySignIns() {
        String backup = PATTERNS.at("/backupApp/appId").asText();
        List<CanonicalEvent> backupReads = EVENTS.stream().filter(event -> backup.equals(event.text(Fields.APP_ID))
                && "Exchange".equals(event.text(Fields.WORKLOAD))).toList();
        // every mailbox whose reads are audited, every night
        assertThat(backupReads.stream().map(CanonicalEvent::mailbox).collect(toSet()))
                .hasSize(PATTERNS.at("/backupApp/mailboxes").asInt() - LICENCE_GAP.size());
        assertThat(backupReads).allSatisfy(event -> {
            assertThat(event.clientIp()).isEqualTo(PATTERNS.at("/backupApp/ip").asText());
            assertThat(event.raw().at("/AppAccessContext/AADSessionId").isMissingNode()).isTrue();
        });
        Set<String> categories = EVENTS.stream().filter(event -> event.kind() == SourceKind.SIGNIN)
                .map(event -> event.raw().at("/azureMonitor/category").asText("graph")).collect(toSet());
        assertThat(categories).contains("SignInLogs", "NonInteractiveUserSignInLogs", "ServicePrincipalSignInLogs",
                "ManagedIdentitySignInLogs");
    }

    @Test
    void roamingUsersReadFromTheirThreeAddressesAndRefreshFromEach() {
        for (JsonNode roamer : PATTERNS.path("roamingUsers")) {
            String mailbox = roamer.path("mailbox").asText();
            Set<String> ips = texts(roamer.path("ips"), null);
            Set<String> readFrom = EVENTS.stream().filter(event -> mailbox.equals(event.mailbox()) && mailbox.equals(event.userId())
                    && "Exchange".equals(event.text(Fields.WORKLOAD))).map(CanonicalEvent::clientIp).collect(toSet());
            Set<String> refreshedFrom = EVENTS.stream().filter(event -> event.kind() == SourceKind.SIGNIN
                    && mailbox.equals(event.userId()) && !event.flag(Fields.IS_INTERACTIVE)).map(CanonicalEvent::clientIp).collect(toSet());
            assertThat(readFrom).as(mailbox).isEqualTo(ips);
            assertThat(refreshedFrom).as(mailbox).isEqualTo(ips);
        }
    }

    private static String tokenId(CanonicalEvent event) {
        String canonical = event.text("unique_token_id");
        if (canonical != null) {
            return canonical;
        }
        JsonNode raw = event.raw();
        String id = raw.at("/AppAccessContext/UniqueTokenId").asText(raw.path("uniqueTokenIdentifier").asText(null));
        return id == null || id.isEmpty() ? null : id;
    }

    @Test
    void cleanMailAccessFollowsAnInteractiveSignInFromTheSameAddressThatDay() {
        Map<String, List<CanonicalEvent>> signIns = EVENTS.stream()
                .filter(event -> event.kind() == SourceKind.SIGNIN && event.flag(Fields.IS_INTERACTIVE))
                .collect(groupingBy(CanonicalEvent::userId));
        exchangeEventsOfCleanMailboxes().forEach((mailbox, events) -> assertThat(events).as(mailbox).allSatisfy(access ->
                assertThat(signIns.get(mailbox)).anyMatch(signIn -> signIn.clientIp().equals(access.clientIp())
                        && signIn.timestamp().isBefore(access.timestamp())
                        && day(signIn.timestamp()).equals(day(access.timestamp())))));
    }

    @Test
    void cleanBindVolumeIsStable() {
        exchangeEventsOfCleanMailboxes().forEach((mailbox, events) -> {
            Map<LocalDate, Long> perWorkday = events.stream()
                    .filter(event -> "Bind".equals(event.text(Fields.MAIL_ACCESS_TYPE)))
                    .filter(event -> day(event.timestamp()).getDayOfWeek().getValue() <= 5)
                    .collect(groupingBy(event -> day(event.timestamp()), java.util.stream.Collectors.counting()));
            assertThat(perWorkday).as(mailbox).hasSize(15);
            long min = perWorkday.values().stream().mapToLong(Long::longValue).min().orElseThrow();
            long max = perWorkday.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(max - min).as(mailbox + " daily Binds " + perWorkday.values()).isLessThanOrEqualTo(3);
        });
    }

    @Test
    void onlyThePlantedScenarioLeavesTheConsistencyRules() {
        Set<String> actorOnly = EVENTS.stream().filter(event -> ACTOR_APP.equals(event.text(Fields.APP_ID)))
                .map(CanonicalEvent::mailbox).collect(toSet());
        assertThat(actorOnly).isEqualTo(TARGETS);
        // besides owners: the shared mailbox's delegates (LogonType 2) and the app-only readers
        assertThat(EVENTS).filteredOn(event -> "Exchange".equals(event.text(Fields.WORKLOAD)) && !event.userId().equals(event.mailbox()))
                .allSatisfy(event -> {
                    if (event.number(Fields.LOGON_TYPE).intValue() == 2) {
                        assertThat(event.mailbox()).isEqualTo(PATTERNS.at("/sharedMailbox/mailbox").asText());
                        assertThat(texts(PATTERNS.at("/sharedMailbox/delegates"), null)).contains(event.userId());
                    } else {
                        assertThat(APP_ONLY).contains(event.text(Fields.APP_ID));
                    }
                });
        assertThat(EVENTS).extracting(CanonicalEvent::operation).containsOnly("MailItemsAccessed", "MailboxLogin", "Send",
                "Update", "MoveToDeletedItems", "SoftDelete", "UserLoggedIn", "Sign-in activity");
    }

    /** Each clean user's own records of their own mailbox (not the app-only readers', not roaming users'). */
    private static Map<String, List<CanonicalEvent>> exchangeEventsOfCleanMailboxes() {
        return EVENTS.stream().filter(event -> "Exchange".equals(event.text(Fields.WORKLOAD)))
                .filter(event -> event.mailbox().equals(event.userId()))
                .filter(event -> !TARGETS.contains(event.mailbox()) && !LICENCE_GAP.contains(event.mailbox())
                        && !SPECIAL.contains(event.mailbox()) && !ROAMERS.contains(event.mailbox()))
                .collect(groupingBy(CanonicalEvent::mailbox));
    }

    /** The (AppId, ClientAppId, user agent) combinations a mailbox's MailItemsAccessed records show. */
    private static Set<List<String>> clients(List<CanonicalEvent> events) {
        Set<List<String>> clients = new HashSet<>();
        for (CanonicalEvent event : events) {
            if ("MailItemsAccessed".equals(event.operation())) {
                clients.add(java.util.Arrays.asList(event.text(Fields.APP_ID), event.text(Fields.CLIENT_APP_ID),
                        event.text(Fields.USER_AGENT)));
            }
        }
        return clients;
    }

    private static Set<String> values(List<CanonicalEvent> events, String field) {
        return events.stream().map(event -> event.text(field)).collect(toSet());
    }

    private static LocalDate day(Instant time) {
        return time.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private static Set<String> texts(JsonNode array, String member) {
        List<String> values = new ArrayList<>();
        StreamSupport.stream(array.spliterator(), false)
                .forEach(node -> values.add(member == null ? node.asText() : node.path(member).asText()));
        return Set.copyOf(values);
    }
}
