package dev.forgewatch.cli.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.cli.Command;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.detections.compile.elastic.IncidentRule;
import dev.forgewatch.detections.pack.RulePack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCommandTest {
    private final List<Command> commands = List.of(new RulesCommand());
    private final int ruleCount = RulePack.standard().rules().alerting().size();

    @TempDir
    Path temp;

    @Test
    void listShowsEveryAlertingRule() {
        CliRunner.Run run = CliRunner.run(commands, "rules", "list");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("new_app_id_on_mail_items_accessed", "new_terms", "storm0558_ioc_ip",
                "token_fingerprint_many_ips", "value_count", "mail_access_without_interactive_signin", "absence");
        assertThat(run.out()).endsWith(ruleCount + " rules\n");
    }

    @Test
    void testRunsEveryFixtureAndCompilesEveryRule() {
        CliRunner.Run run = CliRunner.run(commands, "rules", "test");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).doesNotContain("FAIL").contains("PASS  bind_volume_spike (6 cases)")
                .contains(ruleCount + " rules, " + RulePack.standard().tests().size() + " test cases: 0 rule(s) failed, 0 coverage problem(s)");
    }

    @Test
    void elasticExportIsKibanaImportNdjsonForTheStackVersionAsked() throws Exception {
        Path file = temp.resolve("rules.ndjson");

        CliRunner.Run run = CliRunner.run(commands, "rules", "export", "--target", "elastic", "--stack-version", "8.19.6",
                "--output", file.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        // the pack's rules, then the incident rule over their alerts
        int kibanaRules = ruleCount + 1;
        assertThat(run.err()).contains("wrote " + kibanaRules + " Kibana rules for 8.19");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(kibanaRules + 1);
        for (String line : lines.subList(0, kibanaRules)) {
            JsonNode rule = Json.MAPPER.readTree(line);
            assertThat(rule.path("rule_id").asText()).isNotEmpty();
            assertThat(rule.path("type").asText()).isIn("query", "new_terms", "threshold", "eql", "esql");
            assertThat(rule.path("meta").path("forgewatch_stack_line").asText()).isEqualTo("8.19");
        }
        assertThat(Json.MAPPER.readTree(lines.get(kibanaRules - 1)).path("rule_id").asText()).isEqualTo(IncidentRule.RULE_ID);
        assertThat(Json.MAPPER.readTree(lines.get(kibanaRules)).path("forgewatch").path("stack_line").asText()).isEqualTo("8.19");
        assertThat(CliRunner.run(commands, "rules", "export", "--target", "elastic").out().lines()).hasSize(kibanaRules + 1);
    }

    @Test
    void anOlderStackLineLeavesOutWhatItLacksAndSaysWhy() {
        CliRunner.Run run = CliRunner.run(commands, "rules", "export", "--target", "elastic", "--stack-version", "8.13");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).contains("Elastic no longer supports 8.13")
                .contains("left out mail_access_without_interactive_signin (76f7e8db-3406-49c5-95f6-afc45c6db44a): it needs an ES|QL rule")
                .contains("changed token_compromised_key");
        // the pack's rules 8.13 cannot run, each named with its reason (the incident rule is not a pack rule)
        long leftOut = run.err().lines()
                .filter(line -> line.contains("left out ") && !line.contains("left out the incident rule")).count();
        assertThat(leftOut).isEqualTo(4);
        assertThat(run.out().lines()).hasSize((int) (ruleCount - leftOut + 1));
        assertThat(CliRunner.run(commands, "rules", "export", "--target", "elastic", "--stack-version", "9.7").err())
                .contains("9.7 is newer than the newest line ForgeWatch knows (9.5)");
        assertThat(CliRunner.run(commands, "rules", "export", "--target", "elastic", "--stack-version", "7.17").exitCode())
                .isEqualTo(ExitCodes.ERROR);
    }

    @Test
    void splunkExportWritesAnAppsConfAndLookups() throws Exception {
        Path app = temp.resolve("ForgeWatch");

        CliRunner.Run run = CliRunner.run(commands, "rules", "export", "--target", "splunk", "--output", app.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        String searches = Files.readString(app.resolve("default/savedsearches.conf"));
        assertThat(searches.lines().filter(line -> line.startsWith("[ForgeWatch - "))).hasSize(ruleCount);
        assertThat(Files.readString(app.resolve("default/macros.conf"))).contains("[forgewatch_index]", "[storm0558_ioc_ip_filter]");
        assertThat(Files.readString(app.resolve("default/transforms.conf"))).contains("filename = storm0558_ioc_ip.csv");
        assertThat(Files.readAllLines(app.resolve("lookups/storm0558_ioc_ip.csv"))).hasSize(39)
                .first().isEqualTo("ip,type,first_seen,last_seen,description,source,listed_in");
    }

    @Test
    void aBrokenRuleFolderIsReportedByFileAndLine() throws Exception {
        Files.createDirectories(temp.resolve("mail"));
        Files.writeString(temp.resolve("mail/bad.yml"), """
                title: Bad
                id: 0b5f5a52-8d4e-4e0c-9c2a-777777777777
                name: bad
                logsource: {product: m365, service: audit}
                detection:
                  selection:
                    Operation|sortof: MailItemsAccessed
                  condition: selection
                """);

        CliRunner.Run run = CliRunner.run(commands, "rules", "test", "--rules", temp.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FOUND);
        assertThat(run.err()).startsWith("mail/bad.yml:7: unknown modifier 'sortof' on Operation");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(CliRunner.run(commands, "rules").exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(CliRunner.run(commands, "rules", "export").exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(CliRunner.run(commands, "rules", "export", "--target", "qradar").exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(CliRunner.run(commands, "rules", "list", "--target", "elastic").exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(CliRunner.run(commands, "rules", "lint").err()).contains("unknown rules action 'lint'");
    }

    @Test
    void aBrokenTuningFileExportsNothingAndNamesEveryProblem() throws Exception {
        Path bad = temp.resolve("tuning.yaml");
        Files.writeString(bad, "version: 1\napps:\n  - id: fabrikam-archive\n    reason: backup\negress:\n  - cidr: 198.51.100.45\n");
        Path file = temp.resolve("rules.ndjson");

        CliRunner.Run run = CliRunner.run(commands, "rules", "export", "--target", "elastic", "--tuning", bad.toString(),
                "--output", file.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("forgewatch rules: " + bad + ":3: apps: id 'fabrikam-archive' is not an application id")
                .contains(bad + ":6: egress: every entry needs a reason").contains("3 problem(s) above; nothing was exported");
        assertThat(file).doesNotExist();
    }
}
