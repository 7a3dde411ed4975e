package dev.forgewatch.cli.hunt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.cli.Command;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import dev.forgewatch.detections.Detector;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.hunt.HuntSetup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hunt's command-line contract: formats, files, exit codes, summary, on realistic records. */
class HuntCommandTest {
    @TempDir
    Path dir;
    private Path input;

    /** A test detector: every MailItemsAccessed through OWA is a high finding; every Sync a critical one. */
    private static final class OwaDetector implements Detector {
        final List<String> seenOrder = new ArrayList<>();

        @Override
        public void accept(CanonicalEvent event, Consumer<Finding> findings) {
            seenOrder.add(event.id());
            if (!"MailItemsAccessed".equals(event.operation())) {
                return;
            }
            boolean sync = "Sync".equals(event.text(Fields.MAIL_ACCESS_TYPE));
            if (sync || event.text(Fields.USER_AGENT).startsWith("Client=OWA")) {
                findings.accept(new Finding(sync ? "test-sync" : "test-owa", sync ? "Test sync" : "Test, \"OWA\" =access",
                        sync ? Severity.CRITICAL : Severity.HIGH, event.timestamp(), event.mailbox(), event.clientIp(),
                        List.of(event.id()), "=HYPERLINK(\"x\") mail read via " + event.text(Fields.MAIL_ACCESS_TYPE),
                        Map.of(Fields.APP_ID, event.text(Fields.APP_ID)), List.of("T1114.002")));
            }
        }

        @Override
        public void finish(Consumer<Finding> findings) {
        }
    }

    private OwaDetector detector;

    private List<Command> commands() {
        FieldCatalog catalog = FieldCatalog.standard();
        detector = new OwaDetector();
        HuntSetup setup = new HuntSetup(catalog, new InputOpener(IngestLimits.DEFAULT, LineParser.NONE),
                new Normalizer(catalog, TokenObserver.NONE), RulePack.standard().rules(), () -> detector, RulePack.standard().policy());
        return List.of(new HuntCommand((terminal, ledger) -> setup));
    }

    private static String resource(String name) throws IOException {
        return new String(HuntCommandTest.class.getResourceAsStream("/records/" + name).readAllBytes(), StandardCharsets.UTF_8);
    }

    @BeforeEach
    void writeInputs() throws IOException {
        input = dir.resolve("exports");
        Files.createDirectories(input);
        // Newest first, as Purview exports are: the hunt must still process in time order.
        Files.writeString(input.resolve("b-sync.json"), resource("mailitemsaccessed-sync.json"));
        Files.writeString(input.resolve("a-bind.json"), resource("mailitemsaccessed-bind.json"));
        Files.writeString(input.resolve("c-send.ndjson"), resource("send.json").strip() + "\n{\"broken\n");
    }

    @Test
    void tableLeadsWithIncidentsThenFindingsByRuleAndTheSummaryGoesToStderr() {
        CliRunner.Run run = CliRunner.run(commands(), "hunt", input.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        String out = run.out();
        assertThat(out).startsWith("INCIDENTS: 1 compromised\n");
        // the critical Sync makes megan.bowen's mailbox an incident; alex.wilber's one high finding does not
        assertThat(out.indexOf("COMPROMISED   megan.bowen@fabrikam.example")).isPositive().isLessThan(out.indexOf("FINDINGS: 2 from 2 rules"));
        assertThat(out).doesNotContain("COMPROMISED   alex.wilber").contains("2023-06-16 02:41 → 06-16 02:41").contains("1 reads (0 Bind, 1 Sync)")
                .contains("CRITICAL  Test sync").contains("HIGH      Test, \"OWA\" =access");
        assertThat(run.err()).isEqualTo("forgewatch hunt: 3 files, 4 records read, 3 events, 1 quarantined, 2 findings "
                + "(1 critical, 1 high), 1 incident (1 compromised); use --quarantine FILE to keep the quarantined records\n");
        assertThat(detector.seenOrder).as("time order across files")
                .containsExactly("5a2d6f9e-8c1b-4c6a-9a47-0d3e2b7f1c11", "2b4d6f8a-0c2e-4a6c-8e0a-2c4e6a8c0e2a",
                        "8e1f0a3b-2c4d-4e6f-8a1b-3c5d7e9f1a2b");
    }

    @Test
    void showSwitchesBetweenIncidentsAndFindings() {
        CliRunner.Run findings = CliRunner.run(commands(), "hunt", "--show", "findings", "--quiet", input.toString());
        assertThat(findings.out()).startsWith("TIME (UTC)").contains("2023-06-12 14:03:27Z").contains("HIGH")
                .contains("alex.wilber@fabrikam.example").contains("203.0.113.24").doesNotContain("INCIDENTS");
        CliRunner.Run incidents = CliRunner.run(commands(), "hunt", "--show", "incidents", "--quiet", input.toString());
        assertThat(incidents.out()).startsWith("INCIDENTS: 1 compromised").doesNotContain("FINDINGS:")
                .contains("  next steps:\n    1. Revoke megan.bowen@fabrikam.example's sessions");
        CliRunner.Run ndjson = CliRunner.run(commands(), "hunt", "--show", "incidents", "--format", "ndjson", input.toString());
        assertThat(ndjson.out().strip().lines()).singleElement().asString().contains("\"dataset\":\"forgewatch.incident\"");
        CliRunner.Run csv = CliRunner.run(commands(), "hunt", "--show", "incidents", "--format", "csv", input.toString());
        assertThat(csv.out().split("\r\n")).hasSize(2).startsWith(String.join(",", FindingWriter.INCIDENT_CSV_COLUMNS));
    }

    @Test
    void sinceUntilAndMailboxNarrowTheAnswer() {
        CliRunner.Run before = CliRunner.run(commands(), "hunt", "--format", "ndjson", "--until", "2023-06-12T14:05:00Z", input.toString());
        assertThat(before.out().strip().lines()).singleElement().asString().contains("test-owa");
        CliRunner.Run day = CliRunner.run(commands(), "hunt", "--format", "ndjson", "--since", "2023-06-17", input.toString());
        assertThat(day.out()).isEmpty();
        CliRunner.Run other = CliRunner.run(commands(), "hunt", "--mailbox", "someone@fabrikam.example", input.toString());
        assertThat(other.out()).isEqualTo("No incidents.\n\nNo findings.\n");
        CliRunner.Run same = CliRunner.run(commands(), "hunt", "--mailbox", "Megan.Bowen@fabrikam.example", "--format", "ndjson",
                input.toString());
        assertThat(same.out().strip().lines()).hasSize(2).allSatisfy(line -> assertThat(line).contains("megan.bowen@"));
        CliRunner.Run bad = CliRunner.run(commands(), "hunt", "--since", "yesterday", input.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(bad.err()).contains("--since: 'yesterday' is neither a UTC day");
    }

    @Test
    void numbersAreWholeAndInRange() {
        CliRunner.Run words = CliRunner.run(commands(), "hunt", "--sort-chunk", "lots", input.toString());
        assertThat(words.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(words.err()).contains("--sort-chunk must be a whole number, got 'lots'");
        CliRunner.Run zero = CliRunner.run(commands(), "hunt", "--sort-chunk", "0", input.toString());
        assertThat(zero.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(zero.err()).contains("--sort-chunk must be between 1 and 50000000, got 0");
        assertThat(CliRunner.run(commands(), "hunt", "--sort-chunk", " 2 ", "--quiet", input.toString()).exitCode())
                .isEqualTo(ExitCodes.OK);
    }

    @Test
    void aTenantPolicyIsReadAndCheckedAgainstTheRules() throws IOException {
        String shipped = new String(HuntCommandTest.class.getResourceAsStream("/dev/forgewatch/detections/rules/incidents.yaml")
                .readAllBytes(), StandardCharsets.UTF_8);
        Path quiet = dir.resolve("quiet.yaml");
        // critical findings no longer open incidents, nor make them compromised; the scores stay below the thresholds
        Files.writeString(quiet, shipped.replace("  critical: true", "  critical: false").replace("score: 100", "score: 1000")
                .replace("score: 140", "score: 1000"));
        assertThat(CliRunner.run(commands(), "hunt", "--incidents", quiet.toString(), input.toString()).out()).startsWith("No incidents.");
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, shipped.replace("ioc: [storm0558_ioc_ip]", "ioc: [storm0558]"));
        CliRunner.Run run = CliRunner.run(commands(), "hunt", "--incidents", typo.toString(), input.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("campaign.ioc names 'storm0558', which is not an alerting rule of the pack");
    }

    @Test
    void ndjsonHasTheIncidentsThenTheFindingsWithTheirIncidentIds() throws IOException {
        Path output = dir.resolve("out/findings.ndjson");
        CliRunner.Run run = CliRunner.run(commands(), "hunt", "--format", "ndjson", "--output", output.toString(), input.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEmpty();
        List<String> lines = Files.readAllLines(output);
        assertThat(lines).hasSize(3);
        JsonNode incident = Json.MAPPER.readTree(lines.get(0));
        assertThat(incident.path("event").path("kind").asText()).isEqualTo("alert");
        assertThat(incident.path("event").path("dataset").asText()).isEqualTo("forgewatch.incident");
        String id = incident.path("forgewatch").path("incident").path("id").asText();
        assertThat(id).matches("fwi-[0-9a-f]{16}");
        assertThat(incident.path("forgewatch").path("incident").path("verdict").asText()).isEqualTo("compromised");
        assertThat(incident.path("user").path("name").asText()).isEqualTo("megan.bowen@fabrikam.example");
        assertThat(incident.path("related").path("user").get(0).asText()).isEqualTo("megan.bowen@fabrikam.example");
        assertThat(incident.path("forgewatch").path("incident").path("mail").path("sync").asInt()).isEqualTo(1);
        JsonNode first = Json.MAPPER.readTree(lines.get(1));
        assertThat(first.path("@timestamp").asText()).isEqualTo("2023-06-12T14:03:27Z");
        assertThat(first.path("rule").path("id").asText()).isEqualTo("test-owa");
        assertThat(first.path("rule").path("severity").asText()).isEqualTo("high");
        assertThat(first.path("rule").path("risk_score").asInt()).isEqualTo(73);
        assertThat(first.path("user").path("name").asText()).isEqualTo("alex.wilber@fabrikam.example");
        assertThat(first.path("source").path("ip").asText()).isEqualTo("203.0.113.24");
        assertThat(first.path("event").path("ids").get(0).asText()).isEqualTo("5a2d6f9e-8c1b-4c6a-9a47-0d3e2b7f1c11");
        assertThat(first.path("event").path("kind").asText()).isEqualTo("alert");
        assertThat(first.path("event").path("dataset").asText()).isEqualTo("forgewatch.finding");
        assertThat(first.path("m365").path("app_id").asText()).isEqualTo("00000002-0000-0ff1-ce00-000000000000");
        assertThat(first.path("threat").path("technique").path("id").get(0).asText()).isEqualTo("T1114.002");
        assertThat(first.has("forgewatch")).as("alex.wilber's finding belongs to no incident").isFalse();
        assertThat(Json.MAPPER.readTree(lines.get(2)).path("forgewatch").path("incident").path("id").asText()).isEqualTo(id);
    }

    @Test
    void jsonHasTheSummaryAndTheFindings() throws IOException {
        CliRunner.Run run = CliRunner.run(commands(), "hunt", "--format", "json", "--quiet", input.toString());

        JsonNode doc = Json.MAPPER.readTree(run.out());
        assertThat(doc.path("summary").path("records_read").asLong()).isEqualTo(4);
        assertThat(doc.path("summary").path("quarantined").asLong()).isEqualTo(1);
        assertThat(doc.path("summary").path("findings_by_severity").path("critical").asLong()).isEqualTo(1);
        assertThat(doc.path("findings")).hasSize(2);
        assertThat(doc.path("incidents")).hasSize(1);
        assertThat(doc.path("summary").path("incidents_by_verdict").path("compromised").asLong()).isEqualTo(1);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void csvQuotesCellsAndDefusesFormulas() {
        CliRunner.Run run = CliRunner.run(commands(), "hunt", "--format", "csv", input.toString());

        String[] lines = run.out().split("\r\n");
        assertThat(lines[0]).isEqualTo(String.join(",", FindingWriter.CSV_COLUMNS));
        assertThat(lines[1]).startsWith("2023-06-12T14:03:27Z,high,test-owa,\"Test, \"\"OWA\"\" =access\",alex.wilber@fabrikam.example,")
                .endsWith(",\"'=HYPERLINK(\"\"x\"\") mail read via Bind\"");
    }

    @Test
    void failOnDecidesTheExitCode() {
        assertThat(CliRunner.run(commands(), "hunt", "--fail-on", "critical", "--quiet", input.toString()).exitCode())
                .isEqualTo(ExitCodes.FOUND);
        assertThat(CliRunner.run(commands(), "hunt", "--fail-on", "high", "--quiet", input.toString()).exitCode())
                .isEqualTo(ExitCodes.FOUND);
        Path bindOnly = dir.resolve("bind-only.json");
        try {
            Files.writeString(bindOnly, resource("mailitemsaccessed-bind.json"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(CliRunner.run(commands(), "hunt", "--fail-on", "critical", "--quiet", bindOnly.toString()).exitCode())
                .isEqualTo(ExitCodes.OK);
        assertThat(CliRunner.run(commands(), "hunt", "--fail-on", "compromised", "--quiet", input.toString()).exitCode())
                .isEqualTo(ExitCodes.FOUND);
        assertThat(CliRunner.run(commands(), "hunt", "--fail-on", "suspicious", "--quiet", bindOnly.toString()).exitCode())
                .isEqualTo(ExitCodes.OK);
    }

    @Test
    void quarantineFileKeepsWhatCouldNotBeRead() throws IOException {
        Path quarantine = dir.resolve("bad.ndjson");
        CliRunner.Run run = CliRunner.run(commands(), "hunt", "--quarantine", quarantine.toString(), input.toString());

        assertThat(run.err()).doesNotContain("use --quarantine");
        List<String> lines = Files.readAllLines(quarantine);
        assertThat(lines).singleElement().satisfies(line -> {
            JsonNode record = Json.MAPPER.readTree(line);
            assertThat(record.path("file").asText()).endsWith("c-send.ndjson");
            assertThat(record.path("line").asLong()).isEqualTo(2);
            assertThat(record.path("reason").asText()).startsWith("malformed JSON");
        });
    }

    @Test
    void usageAndIoErrorsAreOneLineAndExitTwo() {
        CliRunner.Run none = CliRunner.run(commands(), "hunt");
        CliRunner.Run missing = CliRunner.run(commands(), "hunt", dir.resolve("nope").toString());
        CliRunner.Run format = CliRunner.run(commands(), "hunt", "--format", "xml", input.toString());
        CliRunner.Run severity = CliRunner.run(commands(), "hunt", "--fail-on", "urgent", input.toString());
        CliRunner.Run option = CliRunner.run(commands(), "hunt", "--colour", input.toString());

        for (CliRunner.Run run : List.of(none, missing, format, severity, option)) {
            assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
            assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("Exception").startsWith("forgewatch hunt: ");
        }
        assertThat(missing.err()).contains("no such file or directory: " + dir.resolve("nope"));
        assertThat(format.err()).contains("--format must be table, ndjson, json or csv");
        assertThat(option.err()).contains("unknown option --colour");
    }

    @Test
    void aFolderWithoutLogFilesIsAUsageError() throws IOException {
        Path empty = dir.resolve("docs");
        Files.createDirectories(empty);
        Files.writeString(empty.resolve("notes.md"), "# nothing to hunt");

        CliRunner.Run run = CliRunner.run(commands(), "hunt", empty.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("no log files found");
    }

    @Test
    void smallSortChunksSpillAndGiveTheSameFindings() {
        CliRunner.Run spilled = CliRunner.run(commands(), "hunt", "--format", "ndjson", "--sort-chunk", "1", "--temp-dir",
                dir.toString(), input.toString());
        CliRunner.Run inMemory = CliRunner.run(commands(), "hunt", "--format", "ndjson", input.toString());
        assertThat(spilled.out()).contains("\"mail\":{\"records\":1,");

        assertThat(spilled.out()).isEqualTo(inMemory.out()).isNotEmpty();
    }
}
