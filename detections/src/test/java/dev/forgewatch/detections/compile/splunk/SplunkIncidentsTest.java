package dev.forgewatch.detections.compile.splunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.testing.Golden;
import dev.forgewatch.detections.incident.IncidentPolicy;
import dev.forgewatch.detections.incident.RiskProfile;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleSet;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Splunk incident search and the risk events it reads come from incidents.yaml and the rules' metadata (SPL checks: splunk-connector). */
class SplunkIncidentsTest {
    private static final RuleSet PACK = RulePack.standard().rules();

    @Test
    void everyRuleSearchWritesRiskEventsStampedFromThePolicy() {
        IncidentPolicy policy = IncidentPolicy.standard();
        List<Stanza> stanzas = SplunkExport.savedSearchStanzas(PACK);
        assertThat(stanzas).hasSize(PACK.alerting().size() + 1);
        assertThat(stanzas.get(stanzas.size() - 1).name()).isEqualTo(SplunkIncidents.STANZA);
        int accusing = 0;
        for (Rule rule : PACK.alerting()) {
            Stanza stanza = stanzas.stream().filter(s -> s.name().equals(SavedSearches.stanzaName(rule))).findFirst().orElseThrow();
            RiskProfile profile = policy.profile(rule);
            assertThat(stanza.value("action.summary_index")).as(rule.name()).contains("1");
            assertThat(stanza.value("action.summary_index._name")).contains(SplunkIncidents.RISK_INDEX);
            assertThat(stanza.value("action.summary_index.forgewatch_rule_id")).contains(rule.info().id());
            assertThat(stanza.value("action.summary_index.risk_score")).contains(String.valueOf(policy.score(rule)));
            assertThat(stanza.value("action.summary_index.forgewatch_adds_risk")).contains(profile.contributes() ? "1" : "0");
            assertThat(stanza.value("action.summary_index.forgewatch_coverage")).contains(profile.coverage() ? "1" : "0");
            assertThat(stanza.value("action.summary_index.forgewatch_critical")).contains(profile.critical() ? "1" : "0");
            assertThat(stanza.value("action.summary_index.forgewatch_tactics"))
                    .isEqualTo(profile.contributes() && !profile.tactics().isEmpty() ? java.util.Optional.of(String.join(";", profile.tactics()))
                            : java.util.Optional.empty());
            accusing += stanza.value("action.summary_index.forgewatch_accuses").orElseThrow().equals("1") ? 1 : 0;
            if (profile.countsMailboxes()) {
                assertThat(stanza.value("action.summary_index.forgewatch_accuses")).as(rule.name() + " only touches mailboxes").contains("0");
            }
        }
        assertThat(accusing).isBetween(1, PACK.alerting().size() - 1);
    }

    @Test
    void theIncidentSearchIsAsPinnedAndFollowsTheFile() throws Exception {
        SplunkIncidents standard = SplunkIncidents.standard();
        Golden.assertMatches("incidents/splunk-incidents.conf", ConfWriter.write(ConfFile.of("default/savedsearches.conf", List.of(),
                List.of(standard.stanza()))) + "\n" + ConfWriter.write(ConfFile.of("default/macros.conf", List.of(), standard.macros())));
        assertThat(standard.incidentsSearch()).contains("score>=100").contains("score>=140 AND tactic_count>=2").contains("critical=1");
        String text;
        try (InputStream in = IncidentPolicy.class.getResourceAsStream("/dev/forgewatch/detections/rules/incidents.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        IncidentPolicy tuned = IncidentPolicy.parse("tuned.yaml", text.replace("window: 7d", "window: 2d")
                .replace("  score: 100", "  score: 120").replace("  tactics: 2\n  rules: 2", "  tactics: 3\n  rules: 2"));
        SplunkIncidents model = new SplunkIncidents(tuned);
        assertThat(model.incidentsSearch()).contains("score>=120").contains("tactic_count>=3 AND rule_count>=2").doesNotContain("score>=100");
        Map<String, String> settings = model.stanza().settings().stream()
                .collect(java.util.stream.Collectors.toMap(Setting::key, Setting::value));
        assertThat(settings).containsEntry("dispatch.earliest_time", "-2880m@m").containsEntry("alert.suppress.period", (2880 * 60) + "s");
        assertThat(settings.get("search")).endsWith("`" + SplunkIncidents.FILTER_MACRO + "`");
    }
}
