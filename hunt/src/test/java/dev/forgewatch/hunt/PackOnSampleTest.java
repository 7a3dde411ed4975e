package dev.forgewatch.hunt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.pipeline.InputFiles;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.detections.Finding;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped rule pack over the shipped sample, through the hunt pipeline. Severity means
 * something: every intruded mailbox of EXPECTED.yaml has a high or critical finding, and nothing
 * that is only the tenant being busy (the nightly backup app, the helpdesk automation, the shared
 * mailbox and its delegates, the service account, roaming users, log latency, the sign-in export
 * gap) raises anything above low; no clean mailbox has a finding above low.
 */
class PackOnSampleTest {
    private static final Path SAMPLE = Path.of("..", "samples", "data");
    private static JsonNode expected;
    private static List<Finding> findings;

    @BeforeAll
    static void hunt(@TempDir Path temp) throws Exception {
        expected = Json.YAML.readTree(SAMPLE.resolve("EXPECTED.yaml").toFile());
        findings = new HuntRun(HuntSetup.standard(), temp, 50_000)
                .run(InputFiles.expand(List.of(SAMPLE)), QuarantineSink.DISCARD, ProgressListener.NONE).findings();
    }

    @Test
    void everyLoudlyIntrudedMailboxIsHighOrCritical() {
        Map<String, Severity> worst = worstByUser();
        for (String target : texts(expected.at("/intrusion/targets"), "mailbox")) {
            assertThat(worst.get(target)).as(target).isNotNull().matches(severity -> severity.atLeast(Severity.HIGH));
        }
        assertThat(worst.get(expected.at("/quietIntrusion/mailbox").asText())).isNotNull()
                .matches(severity -> severity.atLeast(Severity.HIGH));
        Set<String> rules = findings.stream().map(Finding::ruleName).collect(Collectors.toSet());
        assertThat(rules).contains("First AppId Reading a Mailbox", "Mail Access From an Address Without a User Sign-in",
                "Bind Volume Spike on a Mailbox", "One Application Reading Many Mailboxes",
                "MailItemsAccessed Throttled (24-Hour Audit Gap)", "Mailbox Activity Without MailItemsAccessed Records",
                "Activity From Published Storm-0558 Infrastructure", "OWA GetAccessTokenForResource Call",
                "One Token Used From Many IP Addresses", "Token Signed With a Known Compromised Key",
                "Token Signed With a Key From Another Scope", "Forged-Token Finding Followed by Mailbox Access From the Same Address");
    }

    @Test
    void theQuietIntrusionIsFoundByProvenanceAlone() {
        String quiet = expected.at("/quietIntrusion/mailbox").asText();
        assertThat(findings).filteredOn(finding -> quiet.equals(finding.user()) && finding.severity().atLeast(Severity.HIGH))
                .isNotEmpty().extracting(Finding::ruleName).containsOnly("Mail Access With a Token No Sign-in Issued");
        Set<String> tokens = texts(expected.at("/quietIntrusion/uniqueTokenIds"), null);
        assertThat(findings).filteredOn(finding -> quiet.equals(finding.user()) && finding.severity() == Severity.HIGH)
                .extracting(finding -> String.valueOf(finding.evidence().get("unique_token_id"))).containsExactlyInAnyOrderElementsOf(tokens);
        // the export gap and the token issued before the data are coverage findings that accuse nobody
        assertThat(findings).filteredOn(finding -> finding.ruleName().endsWith("Coverage Gap")).isNotEmpty()
                .allSatisfy(finding -> {
                    assertThat(finding.severity()).isEqualTo(Severity.LOW);
                    assertThat(finding.user()).isNull();
                });
    }

    @Test
    void noCleanMailboxHasAFindingAboveLow() {
        Set<String> planted = new HashSet<>(texts(expected.at("/intrusion/targets"), "mailbox"));
        planted.addAll(texts(expected.at("/licenceGap/mailboxes"), null));
        planted.add(expected.at("/quietIntrusion/mailbox").asText());
        assertThat(findings).filteredOn(finding -> finding.user() != null && !planted.contains(finding.user()))
                .allSatisfy(finding -> assertThat(finding.severity()).as(finding.ruleName() + ": " + finding.message())
                        .isLessThanOrEqualTo(Severity.LOW));
        // the licence-gap mailboxes are a coverage matter, never an accusation
        assertThat(findings).filteredOn(finding -> texts(expected.at("/licenceGap/mailboxes"), null).contains(finding.user()))
                .allSatisfy(finding -> assertThat(finding.severity()).isLessThanOrEqualTo(Severity.LOW));
    }

    @Test
    void theBusyTenantRaisesNothingAboveLow() {
        JsonNode patterns = expected.at("/tenantPatterns");
        Set<String> apps = Set.of(patterns.at("/backupApp/appId").asText(), patterns.at("/managedIdentity/appId").asText(),
                patterns.at("/serviceAccount/appId").asText());
        Set<String> addresses = new HashSet<>(Set.of(patterns.at("/backupApp/ip").asText(), patterns.at("/managedIdentity/ip").asText(),
                patterns.at("/serviceAccount/ip").asText()));
        Set<String> mailboxes = new HashSet<>(Set.of(patterns.at("/sharedMailbox/mailbox").asText(),
                patterns.at("/serviceAccount/mailbox").asText(), patterns.at("/backupApp/servicePrincipalId").asText()));
        mailboxes.addAll(texts(patterns.at("/sharedMailbox/delegates"), null));
        for (JsonNode roamer : patterns.path("roamingUsers")) {
            mailboxes.add(roamer.path("mailbox").asText());
            roamer.path("ips").forEach(ip -> addresses.add(ip.asText()));
        }
        assertThat(findings).filteredOn(finding -> mailboxes.contains(finding.user()) || addresses.contains(finding.sourceIp())
                        || apps.contains(String.valueOf(finding.evidence().get("app_id"))))
                .allSatisfy(finding -> assertThat(finding.severity()).as(finding.ruleName() + ": " + finding.message())
                        .isLessThanOrEqualTo(Severity.LOW));
    }

    private static Map<String, Severity> worstByUser() {
        return findings.stream().filter(finding -> finding.user() != null)
                .collect(Collectors.toMap(Finding::user, Finding::severity, (a, b) -> a.compareTo(b) >= 0 ? a : b));
    }

    private static Set<String> texts(JsonNode array, String member) {
        Set<String> out = new HashSet<>();
        array.forEach(item -> out.add((member == null ? item : item.path(member)).asText()));
        return out;
    }
}
