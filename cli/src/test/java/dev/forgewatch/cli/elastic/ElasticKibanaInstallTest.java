package dev.forgewatch.cli.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.cli.Main;
import dev.forgewatch.cli.Terminal;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.compile.elastic.IncidentRule;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.elastic.kibana.Dashboards;
import dev.forgewatch.elastic.testing.FakeKibana;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code forgewatch elastic install --kibana-url} end to end against a local Kibana that answers as
 * Kibana's API documents (the Elasticsearch side is tested on the real node in elastic-connector):
 * the first run installs everything, the second reports every asset unchanged.
 */
class ElasticKibanaInstallTest {
    @TempDir
    Path temp;

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Terminal terminal = new Terminal(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, Map.of());
        int code = new Main(List.of(new ElasticCommand())).run(List.of(args), terminal);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void oneCommandInstallsIntoKibanaAndASecondChangesNothing() throws Exception {
        Path key = temp.resolve("api-key");
        Files.writeString(key, FakeKibana.API_KEY + "\n");
        // the pack's rules and the incident rule; the data views and dashboards
        int rules = RulePack.standard().rules().alerting().size() + 1;
        int savedObjects = new Dashboards(FieldCatalog.standard()).savedObjects().size();
        try (FakeKibana kibana = new FakeKibana("9.3.2")) {
            kibana.addSpace("soc");
            String[] install = {"elastic", "install", "--allow-http", "--kibana-url", kibana.url().toString(), "--api-key-file", key.toString(),
                "--space", "soc", "--fleet"};

            Run first = run(install);
            System.out.println("--- first run ---\n" + first.out() + first.err());
            assertThat(first.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(first.out()).contains("Installing into Kibana 9.3.2 (127.0.0.1, space soc, rules for 9.3):")
                    .contains("dashboard forgewatch-overview").contains("Fleet package forgewatch");
            assertThat(first.out().lines().filter(line -> line.endsWith(" created"))).hasSize(savedObjects + rules + 1);
            assertThat(first.out()).doesNotContain(FakeKibana.API_KEY);
            assertThat(first.err()).as("without --url the licence is not read, and the suppressed rules are named")
                    .contains("rules use alert suppression", "the licence was not checked (give --url to check it)");
            assertThat(kibana.rules("soc")).hasSize(rules);
            assertThat(kibana.rules("soc").get(IncidentRule.RULE_ID).path("query").asText())
                    .as("the incident rule reads the alerts of the space it runs in").startsWith("FROM .alerts-security.alerts-soc\n");
            assertThat(kibana.savedObjects("soc").get("index-pattern:" + Dashboards.ALERTS_DATA_VIEW_ID).path("attributes").path("title")
                    .asText()).as("the Incidents dashboard's data view").isEqualTo(".alerts-security.alerts-soc");

            Run second = run(install);
            System.out.println("--- second run ---\n" + second.out() + second.err());
            assertThat(second.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(second.out().lines().filter(line -> line.endsWith(" unchanged"))).hasSize(savedObjects + rules + 1);
            assertThat(second.out()).contains("Everything was already installed and current: nothing changed.");
        }
    }

    @Test
    void theTuningFileBecomesExceptionListsOnInstallAndASecondRunChangesNothing() throws Exception {
        Path key = temp.resolve("api-key");
        Files.writeString(key, FakeKibana.API_KEY + "\n");
        Path tuning = temp.resolve("tuning.yaml");
        Files.writeString(tuning, """
                version: 1
                apps:
                  - id: 5f4c2b1a-9d3e-4e7b-8a6c-1b2d3e4f5a6b
                    name: Fabrikam Mail Archive
                    reason: the tenant's mail archiving product
                """);
        Path export = temp.resolve("rules.ndjson");
        try (FakeKibana kibana = new FakeKibana("9.3.2")) {
            String[] install = {"elastic", "install", "--allow-http", "--kibana-url", kibana.url().toString(), "--api-key-file",
                key.toString(), "--tuning", tuning.toString()};

            Run first = run(install);
            assertThat(first.exitCode()).as(first.out() + first.err()).isEqualTo(ExitCodes.OK);
            assertThat(first.out()).contains("exception list forgewatch-tuning-one-app-reading-many-mailboxes")
                    .contains("exception item forgewatch-tuning-one-app-reading-many-mailboxes: app 5f4c2b1a-9d3e-4e7b-8a6c-1b2d3e4f5a6b");
            // the same lists and items 'rules export --tuning' writes for an import: one mechanism
            assertThat(new Main(List.of(new dev.forgewatch.cli.rules.RulesCommand())).run(List.of("rules", "export", "--target",
                    "elastic", "--stack-version", "9.3", "--tuning", tuning.toString(), "--output", export.toString()),
                    new Terminal(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), false,
                            Map.of()))).isZero();
            List<com.fasterxml.jackson.databind.JsonNode> exported = Files.readAllLines(export).stream()
                    .map(line -> { try { return dev.forgewatch.common.json.Json.MAPPER.readTree(line); }
                        catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); } }).toList();
            List<String> exportedItems = exported.stream().filter(d -> d.has("item_id")).map(d -> d.path("item_id").asText()).toList();
            assertThat(kibana.exceptionItems("default").keySet()).containsExactlyInAnyOrderElementsOf(exportedItems);
            assertThat(kibana.exceptionLists("default").keySet()).containsExactlyInAnyOrderElementsOf(exported.stream()
                    .filter(d -> d.has("list_id") && !d.has("item_id") && !d.has("rule_id")).map(d -> d.path("list_id").asText())
                    .toList());

            Run second = run(install);
            assertThat(second.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(second.out()).contains("Everything was already installed and current: nothing changed.");

            Path broken = temp.resolve("broken.yaml");
            Files.writeString(broken, "version: 1\negress:\n  - cidr: 198.51.100.45\n    reason: backup\n");
            Run refused = run("elastic", "install", "--allow-http", "--kibana-url", kibana.url().toString(), "--api-key-file",
                    key.toString(), "--tuning", broken.toString());
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.ERROR);
            assertThat(refused.err()).contains(broken + ":3: egress: '198.51.100.45' is not a CIDR block")
                    .contains("nothing was installed");
            assertThat(run("elastic", "install", "--allow-http", "--url", "http://127.0.0.1:9", "--tuning", tuning.toString())
                    .err()).contains("--tuning are for Kibana");
        }
    }

    @Test
    void aUserWithoutThePrivilegeIsToldWhichOne() throws Exception {
        Path key = temp.resolve("viewer-key");
        Files.writeString(key, FakeKibana.VIEWER_KEY);
        try (FakeKibana kibana = new FakeKibana("8.19.6")) {
            Run run = run("elastic", "install", "--allow-http", "--kibana-url", kibana.url().toString(), "--api-key-file", key.toString());
            assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
            assertThat(run.err()).contains("(403").contains("Saved Objects Management: All");
        }
    }
}
