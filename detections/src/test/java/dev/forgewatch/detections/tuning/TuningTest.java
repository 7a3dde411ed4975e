package dev.forgewatch.detections.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.testing.Golden;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.compile.elastic.KibanaRuleExport;
import dev.forgewatch.detections.compile.elastic.StackLines;
import dev.forgewatch.detections.compile.splunk.SplunkExport;
import dev.forgewatch.detections.compile.splunk.SplunkMacros;
import dev.forgewatch.detections.incident.IncidentPolicy;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleException;
import dev.forgewatch.detections.rule.RuleSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tuning file: loading with every problem named, reach, suppression, and what it generates for Kibana and Splunk. */
class TuningTest {
    private static final RulePack PACK = RulePack.standard();
    private static final RuleSet RULES = PACK.rules();
    private static final IncidentPolicy POLICY = PACK.policy();
    private static final String APP = "5f4c2b1a-9d3e-4e7b-8a6c-1b2d3e4f5a6b";

    private static Tuning parse(String text) throws RuleException {
        return Tuning.parse("tuning.yaml", text, RULES, FieldCatalog.standard(), POLICY);
    }

    private static Tuning example() throws IOException, RuleException {
        return parse(Files.readString(Path.of("src", "test", "resources", "tuning", "example.yaml"), StandardCharsets.UTF_8));
    }

    private static Finding finding(String rule, Map<String, Object> evidence) {
        Rule r = RULES.rule(rule);
        return new Finding(r.info().id(), r.info().title(), r.info().level(), Instant.parse("2023-05-20T02:00:00Z"), null, null,
                List.of("e1"), "", evidence, List.of());
    }

    @Test
    void theShippedTuningLoadsAndLeavesNothingOut() {
        assertThat(PACK.tuning().isEmpty()).isTrue();
        for (Rule rule : RULES.alerting()) {
            assertThat(SplunkMacros.filter(rule, PACK.tuning().forRule(rule)).value("definition")).contains("search *");
        }
    }

    @Test
    void anEntryReachesTheRulesJudgingItsFieldBelowCriticalExceptCoverageAndIocRules() throws Exception {
        Tuning tuning = example();
        Set<String> reached = new HashSet<>();
        for (Rule rule : RULES.alerting()) {
            boolean carries = Tuning.judgedFields(rule).stream().anyMatch(f -> f.canonical().equals("app_id"));
            boolean expected = carries && rule.info().level() != Severity.CRITICAL && !POLICY.coverage().contains(rule.name())
                    && !POLICY.iocRules().contains(rule.name());
            boolean applied = tuning.forRule(rule).stream().anyMatch(a -> a.entry().kind() == Tuning.Kind.APP);
            assertThat(applied).as(rule.name()).isEqualTo(expected);
            if (applied) {
                reached.add(rule.name());
            }
        }
        assertThat(reached).contains("one_app_reading_many_mailboxes", "new_app_id_on_mail_items_accessed")
                .doesNotContain("storm0558_ioc_ip", "mail_items_accessed_throttled");
        // a correlation is tuned on its group-by only: its other fields do not describe the whole group
        assertThat(tuning.forRule(RULES.rule("one_app_reading_many_mailboxes")))
                .noneMatch(a -> a.entry().kind() == Tuning.Kind.EGRESS);
        // an egress range quiets a new address for a mailbox, not a token finding seen from it
        assertThat(tuning.forRule(RULES.rule("new_client_ip_for_mailbox"))).anyMatch(a -> a.entry().kind() == Tuning.Kind.EGRESS);
        assertThat(tuning.forRule(RULES.rule("token_alg_none"))).isEmpty();
    }

    @Test
    void namingARuleReachesItEvenWhenCritical() throws Exception {
        Rule critical = RULES.alerting().stream().filter(r -> r.info().level() == Severity.CRITICAL)
                .filter(r -> Tuning.tunableFields(r).stream().anyMatch(f -> f.canonical().equals("app_id"))).findFirst().orElseThrow();
        Tuning tuning = parse("""
                version: 1
                apps:
                  - id: %s
                    reason: lab replay of a forged token
                    rules: [%s]
                """.formatted(APP, critical.name()));
        assertThat(tuning.forRule(critical)).hasSize(1);
        assertThat(RULES.alerting().stream().filter(r -> r != critical).flatMap(r -> tuning.forRule(r).stream())).isEmpty();
    }

    @Test
    void suppressesByAppIgnoringCaseByCidrAndByExclusion() throws Exception {
        Tuning tuning = example();
        Rule many = RULES.rule("one_app_reading_many_mailboxes");
        assertThat(tuning.suppressing(many, finding("one_app_reading_many_mailboxes", Map.of("app_id", APP.toUpperCase()))))
                .extracting(Tuning.Entry::kind).isEqualTo(Tuning.Kind.APP);
        assertThat(tuning.suppressing(many, finding("one_app_reading_many_mailboxes",
                Map.of("app_id", "078b57c5-5bd1-4f6f-901b-83a901e75f36")))).isNull();
        Rule ip = RULES.rule("new_client_ip_for_mailbox");
        assertThat(tuning.suppressing(ip, finding("new_client_ip_for_mailbox", Map.of("client_ip", "198.51.100.77")))).isNotNull();
        assertThat(tuning.suppressing(ip, finding("new_client_ip_for_mailbox", Map.of("client_ip", "198.51.101.77")))).isNull();
        Rule agent = RULES.rule("new_user_agent_for_mailbox");
        assertThat(tuning.suppressing(agent, finding("new_user_agent_for_mailbox",
                Map.of("user_agent", "Client=POP3/IMAP4")))).extracting(Tuning.Entry::kind).isEqualTo(Tuning.Kind.EXCLUSION);
        // the exclusion is for that rule only
        assertThat(tuning.suppressing(ip, finding("new_client_ip_for_mailbox", Map.of("user_agent", "Client=POP3/IMAP4")))).isNull();
        Rule ioc = RULES.rule("storm0558_ioc_ip");
        assertThat(tuning.suppressing(ioc, finding("storm0558_ioc_ip", Map.of("app_id", APP, "client_ip", "198.51.100.7")))).isNull();
    }

    @Test
    void everyProblemIsNamedWithItsLineAndNothingLoads() {
        String bad = """
                version: 2
                apps:
                  - id: not-a-guid
                    reason: x
                  - id: 11111111-2222-3333-4444-555555555555
                egress:
                  - cidr: 10.0.0.1
                    reason: office
                accounts:
                  - upn: svc-journal
                    reason: svc
                  - upn: svc@fabrikam.example
                    reason: svc
                    rules: [no_such_rule]
                exclusions:
                  - rule: new_user_agent_for_mailbox
                    field: Nope
                    values: [a]
                    reason: r
                  - rule: new_user_agent_for_mailbox
                    field: ClientInfoString
                    values: ["Mozilla*"]
                    reason: r
                  - rule: one_app_reading_many_mailboxes
                    field: ClientIPAddress
                    cidr: 10.0.0.0/8
                    reason: r
                colour: blue
                """;
        assertThatThrownBy(() -> parse(bad)).isInstanceOfSatisfying(RuleException.class, e -> {
            List<String> problems = new ArrayList<>(e.problems().stream().map(Object::toString).toList());
            assertThat(problems).containsExactlyInAnyOrder(
                    "tuning.yaml:1: version must be 1",
                    "tuning.yaml:3: apps: id 'not-a-guid' is not an application id (a GUID such as 00000002-0000-0ff1-ce00-000000000000)",
                    "tuning.yaml:5: apps: every entry needs a reason (why it is benign, shown with what it suppresses)",
                    "tuning.yaml:7: egress: '10.0.0.1' is not a CIDR block (address/prefix) (write a single address as address/32)",
                    "tuning.yaml:10: accounts: upn 'svc-journal' is not a user principal name (name@domain)",
                    "tuning.yaml:14: accounts: rules names 'no_such_rule', which is not an alerting rule of the pack",
                    "tuning.yaml:17: unknown field 'Nope' (fields are the Sigma or canonical names of fields.yaml)",
                    "tuning.yaml:22: 'Mozilla*': tuning values are exact, wildcards (* ?) are not supported",
                    "tuning.yaml:25: exclusions: rule 'one_app_reading_many_mailboxes' does not keep ClientIPAddress on its findings (it keeps AppId)",
                    "tuning.yaml:28: unknown key 'colour' (expected version, apps, egress, accounts, exclusions)");
        });
    }

    @Test
    void anEntryThatReachesNoRuleAndATwiceListedOneAreRefused() {
        assertThatThrownBy(() -> parse("""
                version: 1
                egress:
                  - cidr: 198.51.100.0/24
                    reason: office
                  - cidr: 198.51.100.0/24
                    reason: office again
                """)).isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.problems()).singleElement()
                .hasToString("tuning.yaml:5: egress: egress 198.51.100.0/24 is listed twice"));
    }

    @Test
    void theGeneratedKibanaExceptionsAndSplunkFiltersAreAsPinned() throws Exception {
        Tuning tuning = example();
        StackLines lines = StackLines.standard();
        StackLines.Line line = lines.supported().get(lines.supported().size() - 1);
        KibanaRuleExport export = KibanaRuleExport.forLine(RULES, line, lines, tuning);
        Golden.assertMatches("tuning/example-macros.conf", SplunkExport.macros(RULES, tuning));
        Golden.assertMatches("tuning/example-kibana-exceptions.ndjson", exceptionLines(export.ndjson()));

        String macro = SplunkMacros.filter(RULES.rule("one_app_reading_many_mailboxes"),
                tuning.forRule(RULES.rule("one_app_reading_many_mailboxes"))).value("definition").orElseThrow();
        assertThat(macro).isEqualTo("search NOT (app_id=\"" + APP + "\")");
    }

    /** The export's exception lists and items, and the rules' references to them, one per line. */
    private static String exceptionLines(String ndjson) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String line : ndjson.split("\n")) {
            JsonNode node = Json.MAPPER.readTree(line);
            if (node.has("rule_id")) {
                if (node.has("exceptions_list")) {
                    out.append("rule ").append(node.path("name").asText()).append(" -> ").append(node.path("exceptions_list")).append('\n');
                }
            } else if (node.has("list_id")) {
                out.append(line).append('\n');
            } else {
                out.append("summary lists=").append(node.path("exported_exception_list_count"))
                        .append(" items=").append(node.path("exported_exception_list_item_count")).append('\n');
            }
        }
        return out.toString();
    }
}
