package dev.forgewatch.cli.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.compile.elastic.KibanaRuleExport;
import dev.forgewatch.detections.compile.elastic.StackLines.Line;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.elastic.assets.EcsTemplates;
import dev.forgewatch.elastic.kibana.Dashboards;
import dev.forgewatch.elastic.testing.Es7CompatProxy;
import dev.forgewatch.elastic.testing.EsNode;
import dev.forgewatch.elastic.testing.EsNodeExtension;
import dev.forgewatch.elastic.testing.FakeKibana;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-command install of issue 18, end to end: one {@code forgewatch elastic install --url
 * --kibana-url --fleet} puts the Elasticsearch assets into a real Elasticsearch node and the data view,
 * dashboards, rules and integration package into the Kibana contract server; a second run reports
 * every asset unchanged on both sides; a rule a user edited in the Security UI is kept (exit 1) until
 * {@code --force}. The command builds the product's own client; the node is the 7.10 test node behind
 * the test adapter as a proxy ({@link Es7CompatProxy}).
 */
@ExtendWith(EsNodeExtension.class)
class ElasticInstallEndToEndTest {
    /** "Token Signed With a Known Compromised Key". */
    private static final String COMPROMISED_KEY_RULE = "08abc089-e271-4ff3-9873-a95927f8caaf";

    @TempDir
    Path temp;

    private static List<String> lines(String out, String suffix) {
        return out.lines().filter(line -> line.endsWith(suffix)).toList();
    }

    @Test
    void oneCommandInstallsBothSidesIdempotentlyAndKeepsAUsersRule(EsNode node) throws Exception {
        Path key = Files.writeString(temp.resolve("api-key"), FakeKibana.API_KEY);
        // the pack's alerting rules and the incident rule, as built for the Kibana below
        int rules = KibanaRuleExport.forLine(RulePack.standard().rules(), Line.parse("9.4")).rules().size();
        int savedObjects = new Dashboards(FieldCatalog.standard()).savedObjects().size();
        try (Es7CompatProxy elasticsearch = new Es7CompatProxy(node.url()); FakeKibana kibana = new FakeKibana("9.4.2")) {
            String[] install = {"elastic", "install", "--url", elasticsearch.url(), "--kibana-url", kibana.url().toString(),
                "--api-key-file", key.toString(), "--allow-http", "--replicas", "0", "--fleet"};

            CliRunner.Run first = CliRunner.run(List.of(new ElasticCommand()), install);

            assertThat(first.exitCode()).as(first.out() + first.err()).isEqualTo(ExitCodes.OK);
            assertThat(first.out()).contains("Installing into Elasticsearch 7.10.2", "Installing into Kibana 9.4.2 (127.0.0.1,"
                    + " space default, rules for 9.4):");
            // Elasticsearch: the 7.10 node's four assets; Kibana: data views and dashboards, every rule, the package
            assertThat(lines(first.out(), " created")).hasSize(4 + savedObjects + rules + 1);
            assertThat(node.request("GET", "/_ingest/pipeline/forgewatch-normalize", null)).contains("forgewatch");
            assertThat(node.request("GET", "/_component_template/" + EcsTemplates.SETTINGS, null)).contains(EcsTemplates.SETTINGS);
            assertThat(kibana.rules("default")).hasSize(rules);
            assertThat(kibana.savedObjects("default").keySet()).contains("index-pattern:forgewatch-logs", "dashboard:forgewatch-overview");
            assertThat(kibana.installedPackages()).containsKey("forgewatch");
            assertThat(first.err()).as("the OSS node has no licence to read, so the suppressed rules are listed as a note")
                    .contains("rules use alert suppression", "the cluster's licence could not be read (the cluster has no licence API");
            assertThat(first.out() + first.err()).doesNotContain(FakeKibana.API_KEY);

            CliRunner.Run second = CliRunner.run(List.of(new ElasticCommand()), install);

            assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(ExitCodes.OK);
            assertThat(lines(second.out(), " unchanged")).hasSize(4 + savedObjects + rules + 1);
            assertThat(second.out().lines().filter(line -> line.contains("nothing changed"))).as("both sides say so").hasSize(2);

            kibana.editRuleInUi("default", COMPROMISED_KEY_RULE, "severity", "medium");
            CliRunner.Run kept = CliRunner.run(List.of(new ElasticCommand()), install);

            assertThat(kept.exitCode()).as(kept.out() + kept.err()).isEqualTo(ExitCodes.FOUND);
            assertThat(kept.out()).contains("rule Token Signed With a Known Compromised Key").contains("--force overwrites");
            assertThat(lines(kept.out(), " unchanged")).hasSize(4 + savedObjects + rules - 1 + 1);
            assertThat(kibana.rules("default").get(COMPROMISED_KEY_RULE).path("severity").asText()).isEqualTo("medium");

            String[] forced = Arrays.copyOf(install, install.length + 1);
            forced[install.length] = "--force";
            CliRunner.Run overwritten = CliRunner.run(List.of(new ElasticCommand()), forced);

            assertThat(overwritten.exitCode()).as(overwritten.out() + overwritten.err()).isEqualTo(ExitCodes.OK);
            assertThat(overwritten.out()).contains("overwritten (--force)");
            assertThat(kibana.rules("default").get(COMPROMISED_KEY_RULE).path("severity").asText()).isEqualTo("critical");
            CliRunner.Run after = CliRunner.run(List.of(new ElasticCommand()), install);
            assertThat(lines(after.out(), " unchanged")).hasSize(4 + savedObjects + rules + 1);
        }
    }
}
