package dev.forgewatch.detections.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The incident model on findings of the shipped rules, with the shipped policy (score 100, 2 tactics, 7 days). */
class IncidentModelTest {
    private static final RulePack PACK = RulePack.standard();
    private static final IncidentModel MODEL = new IncidentModel(PACK.policy(), PACK.rules());
    private static final Instant T0 = Instant.parse("2023-05-24T00:00:00Z");
    private static final String CEO = "ceo@fabrikam.example";
    private static final String CFO = "cfo@fabrikam.example";
    private static final String IOC = "51.89.156.153";
    private static final String APP = "078b57c5-5bd1-4f6f-901b-83a901e75f36";

    private static Finding finding(String rule, Duration after, String user, String ip, Map<String, Object> evidence) {
        Rule r = PACK.rules().rule(rule);
        return new Finding(r.info().id(), r.info().title(), r.info().level(), T0.plus(after), user, ip,
                List.of(rule + "-" + after.toMinutes() + "-" + user), r.info().title() + " for " + user, evidence, r.info().attackIds());
    }

    private static Finding finding(String rule, Duration after, String user, String ip) {
        return finding(rule, after, user, ip, Map.of());
    }

    @Test
    void aCriticalFindingIsACompromisedMailboxWithAStableId() {
        List<Finding> findings = new ArrayList<>(List.of(
                finding("forged_token_then_mail_access", Duration.ofMinutes(5), null, IOC,
                        Map.of(Fields.MAILBOX_OWNER_UPN, "CEO@fabrikam.example", Fields.TOKEN_FINGERPRINT, "238d91d2", Fields.APP_ID, APP)),
                finding("new_user_agent_for_mailbox", Duration.ofMinutes(6), CEO, IOC)));
        Incidents first = MODEL.incidents(findings);
        assertThat(first.incidents()).singleElement().satisfies(incident -> {
            assertThat(incident.verdict()).isEqualTo(Verdict.COMPROMISED);
            assertThat(incident.mailbox()).isEqualTo(CEO);
            assertThat(incident.id()).matches("fwi-[0-9a-f]{16}");
            assertThat(incident.findings()).hasSize(2);
            assertThat(incident.tokens()).containsExactly("238d91d2");
            assertThat(incident.apps()).containsExactly(APP);
            assertThat(incident.nextSteps()).anySatisfy(step -> assertThat(step).contains("238d91d2", "signing key"));
        });
        for (long seed = 1; seed <= 3; seed++) {
            Collections.shuffle(findings, new Random(seed));
            assertThat(MODEL.incidents(findings).incidents()).extracting(Incident::id)
                    .containsExactlyElementsOf(first.incidents().stream().map(Incident::id).toList());
        }
    }

    @Test
    void mediumFindingsOfOneTacticStayBelowTheThresholdAndLowFindingsAddNothing() {
        List<Finding> findings = List.of(
                finding("new_user_agent_for_mailbox", Duration.ZERO, CEO, "203.0.113.7"),
                finding("sync_by_unusual_client", Duration.ofHours(1), CEO, "203.0.113.7"),
                finding("token_expired_when_seen", Duration.ofHours(2), CEO, "203.0.113.7"),
                finding("inbox_rule_changed_by_client", Duration.ofHours(3), CEO, "203.0.113.7"));
        assertThat(MODEL.incidents(findings).incidents()).isEmpty();
    }

    @Test
    void riskAcrossTacticsOpensASuspiciousIncidentAndEachRuleCountsOnce() {
        List<Finding> findings = new ArrayList<>();
        for (int hour = 0; hour < 10; hour++) {
            findings.add(finding("new_user_agent_for_mailbox", Duration.ofHours(hour), CEO, "203.0.113.7"));
        }
        findings.add(finding("new_client_ip_for_mailbox", Duration.ofHours(11), CEO, "203.0.113.7"));
        Incident incident = MODEL.incidents(findings).incidents().get(0);
        assertThat(incident.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(incident.score()).isEqualTo(47 + 47);
        assertThat(incident.tactics()).containsExactly("Collection", "Command and Control");
        assertThat(incident.findings()).hasSize(11);
    }

    @Test
    void highRiskAcrossTwoTacticsIsCompromised() {
        Incident incident = MODEL.incidents(List.of(
                finding("new_app_id_on_mail_items_accessed", Duration.ZERO, CEO, IOC, Map.of(Fields.APP_ID, APP)),
                finding("storm0558_ioc_ip", Duration.ofMinutes(1), CEO, IOC))).incidents().get(0);
        assertThat(incident.score()).isEqualTo(146);
        assertThat(incident.verdict()).isEqualTo(Verdict.COMPROMISED);
    }

    @Test
    void coverageFindingsAloneAreACoverageGap() {
        Incidents incidents = MODEL.incidents(List.of(finding("activity_without_mail_items_accessed", Duration.ZERO, CFO, null),
                finding("activity_without_mail_items_accessed", Duration.ofDays(3), CFO, null)));
        assertThat(incidents.incidents()).singleElement().satisfies(incident -> {
            assertThat(incident.verdict()).isEqualTo(Verdict.COVERAGE_GAP);
            assertThat(incident.score()).isZero();
            assertThat(incident.nextSteps().get(0)).contains("Turn on MailItemsAccessed auditing for " + CFO);
        });
    }

    @Test
    void aWindowWithoutFindingsClosesTheIncident() {
        List<Finding> findings = List.of(finding("token_compromised_key", Duration.ZERO, CEO, IOC),
                finding("new_user_agent_for_mailbox", Duration.ofDays(6), CEO, IOC),
                finding("token_compromised_key", Duration.ofDays(20), CEO, IOC));
        List<Incident> incidents = MODEL.incidents(findings).incidents();
        assertThat(incidents).hasSize(2);
        assertThat(incidents.get(0).findings()).hasSize(2);
        assertThat(incidents.get(0).firstActivity()).isEqualTo(T0);
        assertThat(incidents.get(1).firstActivity()).isEqualTo(T0.plus(Duration.ofDays(20)));
    }

    @Test
    void anAppLevelFindingListsTheMailboxesItCountedWithoutAccusingThem() {
        Finding appLevel = finding("one_app_reading_many_mailboxes", Duration.ofMinutes(30), null, IOC,
                Map.of(Fields.APP_ID, APP, Fields.MAILBOX_OWNER_UPN, List.of(CEO, CFO, "coo@fabrikam.example")));
        assertThat(MODEL.incidents(List.of(appLevel)).incidents()).isEmpty();
        Incidents incidents = MODEL.incidents(List.of(appLevel,
                finding("token_compromised_key", Duration.ZERO, CEO, IOC),
                finding("storm0558_ioc_ip", Duration.ofMinutes(40), CFO, IOC),
                finding("new_app_id_on_mail_items_accessed", Duration.ofMinutes(41), CFO, IOC, Map.of(Fields.APP_ID, APP))));
        assertThat(incidents.incidents()).extracting(Incident::mailbox).containsExactlyInAnyOrder(CEO, CFO);
        assertThat(incidents.of(appLevel)).hasSize(2).containsExactlyInAnyOrderElementsOf(
                incidents.incidents().stream().map(Incident::id).toList());
        Incident cfo = incidents.incidents().stream().filter(i -> i.mailbox().equals(CFO)).findFirst().orElseThrow();
        assertThat(cfo.score()).isEqualTo(146);
        assertThat(incidents.campaigns()).singleElement().satisfies(campaign -> {
            assertThat(campaign.incidentIds()).hasSize(2);
            assertThat(campaign.shared()).containsExactly("app " + APP);
        });
        assertThat(cfo.campaignId()).isEqualTo(incidents.campaigns().get(0).id());
    }

    @Test
    void incidentsSharingOnlyAnOrdinaryAddressAreNotACampaign() {
        Incidents incidents = MODEL.incidents(List.of(finding("token_compromised_key", Duration.ZERO, CEO, "198.51.100.4"),
                finding("token_compromised_key", Duration.ZERO, CFO, "198.51.100.4")));
        assertThat(incidents.incidents()).hasSize(2);
        assertThat(incidents.campaigns()).isEmpty();
    }

    @Test
    void aFindingWithoutAMailboxJoinsTheIncidentsItSharesATokenWith() {
        Finding portal = finding("token_signature_invalid", Duration.ofMinutes(2), null, "192.0.2.9",
                Map.of(Fields.TOKEN_FINGERPRINT, "0443ce3e"));
        Finding other = finding("token_signature_invalid", Duration.ofMinutes(3), null, "192.0.2.9",
                Map.of(Fields.TOKEN_FINGERPRINT, "ffff0000"));
        Incidents incidents = MODEL.incidents(List.of(portal, other,
                finding("token_compromised_key", Duration.ZERO, CEO, IOC, Map.of(Fields.TOKEN_FINGERPRINT, "0443ce3e"))));
        assertThat(incidents.incidents().get(0).findings()).contains(portal).doesNotContain(other);
        assertThat(incidents.of(other)).isEmpty();
    }

    @Test
    void theMailPassTalliesTheIntrudersRecordsOnly() {
        IncidentModel.Draft draft = MODEL.build(List.of(
                finding("new_app_id_on_mail_items_accessed", Duration.ofMinutes(10), CEO, IOC, Map.of(Fields.APP_ID, APP)),
                finding("storm0558_ioc_ip", Duration.ofMinutes(10), CEO, IOC)));
        MailPass pass = draft.mailPass();
        pass.accept(mail("a", Duration.ofMinutes(10), "CEO@fabrikam.example", IOC, "Sync", List.of("\\Inbox"), List.of()));
        pass.accept(mail("b", Duration.ofMinutes(20), CEO, "137.74.181.100", "Bind", List.of("\\Inbox"), List.of("<m1@x>", "<m2@x>"),
                APP));
        pass.accept(mail("c", Duration.ofDays(2), CEO, IOC, "Bind", List.of("\\Sent Items"), List.of("<m2@x>", "<m3@x>")));
        pass.accept(mail("owner", Duration.ofMinutes(30), CEO, "203.0.113.7", "Bind", List.of("\\Inbox"), List.of("<m9@x>")));
        pass.accept(mail("before", Duration.ofMinutes(1), CEO, IOC, "Bind", List.of("\\Inbox"), List.of("<m8@x>")));
        pass.accept(mail("other mailbox", Duration.ofMinutes(30), CFO, IOC, "Bind", List.of("\\Inbox"), List.of("<m7@x>")));
        Incident incident = draft.complete(pass).incidents().get(0);
        MailTouched mail = incident.mail();
        assertThat(mail.records()).isEqualTo(3);
        assertThat(mail.bind()).isEqualTo(2);
        assertThat(mail.sync()).isEqualTo(1);
        assertThat(mail.folders()).containsExactly("\\Inbox", "\\Sent Items");
        assertThat(mail.messages()).isEqualTo(3);
        assertThat(mail.first()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(incident.lastActivity()).isEqualTo(T0.plus(Duration.ofDays(2)));
        assertThat(incident.addresses()).contains("137.74.181.100");
        assertThat(incident.nextSteps()).anySatisfy(step -> assertThat(step).contains("3 MailItemsAccessed records (2 Bind, 1 Sync)",
                "3 InternetMessageIds"));
    }

    @Test
    void theMailPassCanCountOnlyMailItemsAccessedOfAnAccusedMailbox() {
        IncidentModel.Draft draft = MODEL.build(List.of(
                finding("new_app_id_on_mail_items_accessed", Duration.ofMinutes(10), CEO, IOC, Map.of(Fields.APP_ID, APP)),
                finding("storm0558_ioc_ip", Duration.ofMinutes(10), CEO, IOC)));
        MailPass pass = draft.mailPass();
        CanonicalEvent ceo = mail("a", Duration.ofMinutes(10), " CEO@fabrikam.example", IOC, "Sync", List.of("\\Inbox"), List.of());
        CanonicalEvent cfo = mail("b", Duration.ofMinutes(10), CFO, IOC, "Sync", List.of("\\Inbox"), List.of());
        CanonicalEvent send = ceo.toBuilder().field(Fields.OPERATION, "Send").build();
        CanonicalEvent ownerless = ceo.toBuilder().field(Fields.MAILBOX_OWNER_UPN, null).build();

        assertThat(pass.mayCount(ceo::get)).isTrue();
        assertThat(pass.mayCount(cfo::get)).isFalse();
        assertThat(pass.mayCount(send::get)).isFalse();
        assertThat(pass.mayCount(ownerless::get)).isFalse();
        // what it cannot count it does not: only the accused mailbox's record is tallied
        for (CanonicalEvent event : List.of(ceo, cfo, send, ownerless)) {
            pass.accept(event);
        }
        assertThat(draft.complete(pass).incidents().get(0).mail().records()).isEqualTo(1);
    }

    private static CanonicalEvent mail(String id, Duration after, String owner, String ip, String type, List<String> folders,
            List<String> messageIds) {
        return mail(id, after, owner, ip, type, folders, messageIds, "d3590ed6-52b3-4102-aeff-aad2292ab01c");
    }

    private static CanonicalEvent mail(String id, Duration after, String owner, String ip, String type, List<String> folders,
            List<String> messageIds, String app) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(Fields.OPERATION, "MailItemsAccessed");
        fields.put(Fields.MAILBOX_OWNER_UPN, owner);
        fields.put(Fields.CLIENT_IP, ip);
        fields.put(Fields.MAIL_ACCESS_TYPE, type);
        fields.put(Fields.FOLDER_PATHS, folders);
        fields.put(Fields.APP_ID, app);
        if (!messageIds.isEmpty()) {
            fields.put(Fields.INTERNET_MESSAGE_IDS, messageIds);
        }
        CanonicalEvent.Builder builder = CanonicalEvent.builder().id(id).timestamp(T0.plus(after)).kind(SourceKind.AUDIT)
                .origin(new SourceRef("audit.json", 1));
        fields.forEach(builder::field);
        return builder.build();
    }
}
