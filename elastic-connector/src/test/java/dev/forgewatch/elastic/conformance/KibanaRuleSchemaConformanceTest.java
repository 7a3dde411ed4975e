package dev.forgewatch.elastic.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.detections.compile.elastic.IncidentRule;
import dev.forgewatch.detections.compile.elastic.KibanaRuleExport;
import dev.forgewatch.detections.compile.elastic.StackLines;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Kibana rule ForgeWatch exports, for every stack line it knows, conforms to the rule schema of
 * that line ({@code spec/kibana-rule-schema.yaml}); the lines the README lists as supported get every
 * rule of the pack; and each check fails on a rule broken the way it guards against.
 */
class KibanaRuleSchemaConformanceTest {
    private static final RuleSet PACK = RulePack.standard().rules();
    private static final StackLines LINES = StackLines.standard();
    private static final KibanaRuleSchemaChecks CHECKS = KibanaRuleSchemaChecks.standard();

    @Test
    void everyExportedRuleConformsToItsLinesSchema() throws Exception {
        assertThat(CHECKS.lines()).as("schema facts for every known line")
                .containsAll(LINES.known().stream().map(StackLines.Line::toString).toList());
        List<String> problems = new ArrayList<>();
        for (StackLines.Line line : LINES.known()) {
            KibanaRuleExport export = KibanaRuleExport.forLine(PACK, line, LINES);
            String[] ndjson = export.ndjson().split("\n");
            assertThat(ndjson).hasSize(export.rules().size() + 1);
            for (int i = 0; i < export.rules().size(); i++) {
                JsonNode rule = Json.MAPPER.readTree(ndjson[i]);
                problems.addAll(CHECKS.check(rule, line.toString()));
                assertThat(rule.path("meta").path("forgewatch_stack_line").asText()).isEqualTo(line.toString());
            }
            JsonNode summary = Json.MAPPER.readTree(ndjson[ndjson.length - 1]);
            assertThat(summary.path("exported_count").asInt()).isEqualTo(export.rules().size());
            assertThat(summary.path("forgewatch").path("stack_line").asText()).isEqualTo(line.toString());
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void supportedLinesGetTheWholePackUnchanged() {
        for (StackLines.Line line : LINES.supported()) {
            KibanaRuleExport export = KibanaRuleExport.forLine(PACK, line, LINES);
            assertThat(export.notes()).as(line.toString()).isEmpty();
            // the pack's rules, then the incident rule over their alerts
            assertThat(export.rules()).hasSize(PACK.alerting().size() + 1);
            assertThat(export.rules().get(export.rules().size() - 1).path("rule_id").asText()).isEqualTo(IncidentRule.RULE_ID);
        }
    }

    @Test
    void olderLinesLeaveOutWhatTheyCannotRunAndSayWhy() {
        KibanaRuleExport export = KibanaRuleExport.forLine(PACK, StackLines.Line.parse("8.13"), LINES);
        long esql = KibanaRuleExport.forLine(PACK, StackLines.Line.parse("8.19"), LINES).rules().stream()
                .filter(rule -> rule.path("type").asText().equals("esql")).count();
        assertThat(esql).isPositive();
        // the incident rule is an ES|QL rule too: the 8.19 export has it, 8.13's leaves it out with the others
        assertThat(export.rules()).hasSize((int) (PACK.alerting().size() + 1 - esql));
        assertThat(export.rules()).noneMatch(rule -> rule.path("type").asText().equals("esql") || rule.has("alert_suppression"));
        assertThat(export.notes()).filteredOn(note -> note.startsWith("left out")).hasSize((int) esql)
                .allMatch(note -> note.contains("ES|QL rules from 8.14"));
        assertThat(export.notes()).filteredOn(note -> note.contains(IncidentRule.RULE_ID)).singleElement().asString()
                .contains("forgewatch hunt");
        assertThat(export.notes()).filteredOn(note -> note.startsWith("changed")).isNotEmpty()
                .allMatch(note -> note.contains("alert suppression on custom query rules (from 8.14)"));
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                broken("keys", "9.5", "a key Kibana does not define", rule -> rule.put("severity_override", "high")),
                broken("keys", "8.13", "investigation_fields before 8.14", rule -> rule.putObject("investigation_fields")
                        .putArray("field_names").add("user.name")),
                broken("type", "8.12", "an ES|QL rule on 8.12", rule -> rule.put("type", "esql").put("language", "esql").remove("index")),
                broken("keys", "9.5", "an ES|QL rule with an index", rule -> rule.put("type", "esql").put("language", "esql")),
                broken("required", "9.5", "no rule_id", rule -> rule.remove("rule_id")),
                broken("language", "9.5", "a query rule in EQL", rule -> rule.put("language", "eql")),
                broken("severity", "9.5", "severity 'severe'", rule -> rule.put("severity", "severe")),
                broken("risk_score", "9.5", "risk score 101", rule -> rule.put("risk_score", 101)),
                broken("from", "9.5", "an absolute from", rule -> rule.put("from", "2026-01-01")),
                broken("alert_suppression", "9.5", "suppression by four fields", rule -> rule.putObject("alert_suppression")
                        .putArray("group_by").add("a").add("b").add("c").add("d")),
                broken("alert_suppression", "9.5", "suppression for a day unit", rule -> rule.putObject("alert_suppression")
                        .put("missing_fields_strategy", "suppress").<ObjectNode>set("group_by", Json.MAPPER.createArrayNode().add("a"))
                        .putObject("duration").put("value", 1).put("unit", "d")),
                broken("threshold", "9.5", "a threshold of 0", rule -> rule.put("type", "threshold").putObject("threshold")
                        .put("value", 0).putArray("field").add("user.name")),
                broken("new_terms_fields", "9.5", "four new-terms fields", rule -> {
                    rule.put("type", "new_terms").put("history_window_start", "now-30d");
                    rule.putArray("new_terms_fields").add("a").add("b").add("c").add("d");
                }),
                broken("threat", "9.5", "a tactic without its reference", rule -> ((ObjectNode) rule.path("threat").get(0)
                        .path("tactic")).remove("reference")),
                broken("tags", "9.5", "a tag that is not a string", rule -> rule.putArray("tags").add(7)));
    }

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @MethodSource("brokenRules")
    void eachCheckFailsOnABrokenRule(String check, String line, String what, Consumer<ObjectNode> breakIt) {
        ObjectNode rule = KibanaRuleExport.forLine(PACK, StackLines.Line.parse(line), LINES).rules().stream()
                .filter(candidate -> candidate.path("type").asText().equals("query")).findFirst().orElseThrow().deepCopy();
        assertThat(CHECKS.check(rule, line)).as("the unbroken rule").isEmpty();
        breakIt.accept(rule);
        assertThat(CHECKS.check(rule, line)).as(what).anyMatch(problem -> problem.startsWith("[" + check + "]"));
    }

    private static Arguments broken(String check, String line, String what, Consumer<ObjectNode> breakIt) {
        return Arguments.of(check, line, what, breakIt);
    }
}
