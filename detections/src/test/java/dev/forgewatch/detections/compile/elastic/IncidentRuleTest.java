package dev.forgewatch.detections.compile.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.testing.Golden;
import dev.forgewatch.detections.incident.IncidentPolicy;
import dev.forgewatch.detections.incident.RiskProfile;
import dev.forgewatch.detections.incident.Verdict;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleSet;
import dev.forgewatch.detections.tuning.Tuning;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Elastic incident rule is built from incidents.yaml and the rules' metadata (its agreement with the offline model: elastic-connector's IncidentAgreementTest). */
class IncidentRuleTest {
    private static final RuleSet PACK = RulePack.standard().rules();

    @Test
    void isAsPinned() throws Exception {
        IncidentRule rule = IncidentRule.standard(PACK);
        String text = "== ES|QL (Kibana rule query)\n" + rule.esql() + "\n\n== Elasticsearch search (query DSL twin, 7.10)\n"
                + Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(rule.searchRequest("now-7d", "now"))
                + "\n\n== Kibana rule\n" + Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(rule.kibanaRule()) + "\n";
        Golden.assertMatches("incidents/elastic-incident-rule.txt", text);
    }

    @Test
    void countsTheRulesThePolicySaysCount() {
        IncidentPolicy policy = IncidentPolicy.standard();
        IncidentRule rule = IncidentRule.standard(PACK);
        for (Rule each : PACK.alerting()) {
            RiskProfile profile = policy.profile(each);
            boolean counted = profile.contributes() || profile.coverage();
            assertThat(rule.ruleIds().contains(each.info().id())).as(each.name()).isEqualTo(counted);
            assertThat(rule.coverageRuleIds().contains(each.info().id())).as(each.name()).isEqualTo(profile.coverage());
            for (String tactic : profile.tactics()) {
                assertThat(rule.tactics().getOrDefault(tactic, java.util.List.of()).contains(each.info().id())).as(each.name() + " " + tactic)
                        .isEqualTo(profile.contributes());
            }
        }
        // the pack has low rules that are not coverage rules: they must be left out (quiet on real tenants)
        assertThat(PACK.alerting().stream().map(policy::profile).filter(p -> !p.contributes() && !p.coverage())).isNotEmpty();
        assertThat(rule.thresholdByMailbox()).isNotEmpty();
        assertThat(rule.esql()).contains("kibana.alert.threshold_result.terms.value");
    }

    @Test
    void thresholdsAndWindowComeFromTheFile() throws Exception {
        String text;
        try (InputStream in = IncidentPolicy.class.getResourceAsStream("/dev/forgewatch/detections/rules/incidents.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String tuned = text.replace("window: 7d", "window: 3d").replace("  score: 100", "  score: 130").replace("  score: 140", "  score: 170")
                .replace("  critical: true\n\ncompromised:", "  critical: false\n\ncompromised:");
        IncidentPolicy policy = IncidentPolicy.parse("tuned.yaml", tuned);
        assertThat(policy.open().score()).isEqualTo(130);
        IncidentRule rule = new IncidentRule(PACK, policy);
        String esql = rule.esql();
        assertThat(esql).contains("forgewatch.incident.score >= 130").contains("forgewatch.incident.score >= 170")
                .doesNotContain(">= 100").doesNotContain(">= 140");
        assertThat(rule.kibanaRule().path("from").asText()).isEqualTo("now-" + (3 * 24 * 60 + 60) + "m");
        // open.critical off: a critical alert alone no longer opens
        assertThat(rule.verdict(99, 1, 1, true, false)).isNull();
        assertThat(IncidentRule.standard(PACK).verdict(99, 1, 1, true, false)).isEqualTo(Verdict.COMPROMISED);
        assertThat(IncidentRule.standard(PACK).esql()).contains("forgewatch.incident.score >= 100").contains(">= 140");
    }

    @Test
    void inAnotherSpaceTheRuleReadsThatSpacesAlertsAndNothingElseChanges() {
        IncidentRule rule = IncidentRule.standard(PACK);
        String soc = rule.kibanaRule("soc").path("query").asText();
        assertThat(soc).startsWith("FROM .alerts-security.alerts-soc\n").doesNotContain("alerts-default");
        assertThat(soc.replace(".alerts-security.alerts-soc", IncidentRule.ALERTS_INDEX)).isEqualTo(rule.esql());
        assertThat(KibanaRuleExport.forLine(PACK, StackLines.Line.parse("9.3"), StackLines.standard(), Tuning.NONE, "soc").ndjson())
                .contains("FROM .alerts-security.alerts-soc").doesNotContain("alerts-default");
    }

    @Test
    void oneAlertPerMailboxAndVerdictPerWindowWhereTheLineCanSuppressEsqlAlerts() {
        StackLines lines = StackLines.standard();
        KibanaRuleExport older = KibanaRuleExport.forLine(PACK, StackLines.Line.parse("8.15"), lines);
        KibanaRuleExport newer = KibanaRuleExport.forLine(PACK, StackLines.Line.parse("8.16"), lines);
        ObjectNode suppressed = newer.rules().stream().filter(r -> r.path("rule_id").asText().equals(IncidentRule.RULE_ID)).findFirst()
                .orElseThrow();
        assertThat(suppressed.path("alert_suppression").path("group_by").toString()).isEqualTo("[\"user.name\",\"forgewatch.incident.verdict\"]");
        assertThat(suppressed.path("alert_suppression").path("duration").toString()).isEqualTo("{\"value\":168,\"unit\":\"h\"}");
        ObjectNode plain = older.rules().stream().filter(r -> r.path("rule_id").asText().equals(IncidentRule.RULE_ID)).findFirst()
                .orElseThrow();
        assertThat(plain.has("alert_suppression")).isFalse();
        assertThat(older.notes()).anyMatch(note -> note.startsWith("changed the incident rule") && note.contains("alert suppression on ES|QL rules (from 8.16)"));
        assertThat(newer.notes()).noneMatch(note -> note.contains("alert suppression on ES|QL rules"));
    }

    @Test
    void verdictsFollowThePolicy() {
        IncidentRule rule = IncidentRule.standard(PACK);
        assertThat(rule.verdict(94, 1, 2, false, false)).as("two medium rules, one tactic").isNull();
        assertThat(rule.verdict(94, 2, 2, false, false)).as("two tactics from two rules").isEqualTo(Verdict.SUSPICIOUS);
        assertThat(rule.verdict(120, 1, 2, false, false)).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(rule.verdict(146, 2, 2, false, false)).isEqualTo(Verdict.COMPROMISED);
        assertThat(rule.verdict(0, 0, 0, false, true)).isEqualTo(Verdict.COVERAGE_GAP);
        assertThat(rule.verdict(73, 1, 1, false, true)).isEqualTo(Verdict.COVERAGE_GAP);
        String coverage = rule.coverageRuleIds().get(0);
        String critical = PACK.alerting().stream().map(IncidentPolicy.standard()::profile).filter(RiskProfile::critical)
                .map(RiskProfile::ruleId).findFirst().orElseThrow();
        assertThat(rule.verdict(Map.of(coverage, 21), Set.of())).isEqualTo(Verdict.COVERAGE_GAP);
        assertThat(rule.verdict(Map.of(coverage, 21, critical, 99), Set.of(critical))).isEqualTo(Verdict.COMPROMISED);
    }
}
