package dev.forgewatch.cli.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.cli.hunt.HuntCommand;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.testing.TestRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 2, reproduced through {@code forgewatch hunt} as the issue writes it: inputs that
 * used to lose records without a word. Each time the second record is a mail read from a published
 * Storm-0558 address, so a lost record shows as a lost HIGH finding.
 */
class HuntRecordLossTest {
    private static final String STORM_ADDRESS = "51.89.156.153";
    private static final String STORM_RULE = "Activity From Published Storm-0558 Infrastructure";

    @TempDir
    Path dir;

    private final String ordinary;
    private final String intruder;

    HuntRecordLossTest() throws IOException {
        ObjectNode record = (ObjectNode) TestRecords.json("mailitemsaccessed-bind.json");
        ordinary = record.toString();
        record.put("Id", "7d7d6b8e-0558-4c1e-9a47-0d3e2b7f1c99");
        record.put("ClientIPAddress", STORM_ADDRESS);
        record.put("ClientIP", STORM_ADDRESS);
        intruder = record.toString();
    }

    private record Hunt(JsonNode summary, List<JsonNode> findings, List<JsonNode> quarantine, String err) {
        boolean stormFinding() {
            return findings.stream().anyMatch(f -> f.path("rule").path("name").asText().equals(STORM_RULE)
                    && f.path("rule").path("severity").asText().equals("high"));
        }
    }

    private Hunt hunt(Path input) throws IOException {
        Path output = dir.resolve("out/findings.json");
        Path quarantine = dir.resolve("out/quarantine.ndjson");
        CliRunner.Run run = CliRunner.run(List.of(HuntCommand.standard()), Map.of("FORGEWATCH_HOME", dir.resolve("home").toString()),
                "hunt", "--format", "json", "--output", output.toString(), "--quarantine", quarantine.toString(), input.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode doc = Json.MAPPER.readTree(output.toFile());
        List<JsonNode> findings = new ArrayList<>();
        doc.path("findings").forEach(findings::add);
        List<JsonNode> quarantined = new ArrayList<>();
        for (String line : Files.readAllLines(quarantine)) {
            quarantined.add(Json.MAPPER.readTree(line));
        }
        return new Hunt(doc.path("summary"), findings, quarantined, run.err());
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void twoRecordsOnOneLineAreTwoRecords() throws IOException {
        Hunt hunt = hunt(write("run-together.ndjson", ordinary + intruder + "\n"));

        assertThat(hunt.summary().path("events").asLong()).isEqualTo(2);
        assertThat(hunt.stormFinding()).isTrue();
        assertThat(hunt.quarantine()).isEmpty();
    }

    @Test
    void textAfterARecordIsQuarantinedWithItsByteOffset() throws IOException {
        String firstLine = ordinary + " <garbage>";
        Hunt hunt = hunt(write("trailing.ndjson", firstLine + "\n" + intruder + "\n"));

        assertThat(hunt.summary().path("events").asLong()).isEqualTo(2);
        assertThat(hunt.stormFinding()).isTrue();
        assertThat(hunt.quarantine()).singleElement().satisfies(q -> {
            assertThat(q.path("line").asLong()).isEqualTo(1);
            assertThat(q.path("offset").asLong()).isEqualTo(ordinary.getBytes(StandardCharsets.UTF_8).length + 1);
            assertThat(q.path("excerpt").asText()).isEqualTo("<garbage>");
            assertThat(q.path("records").asLong()).isZero();
        });
        assertThat(hunt.summary().path("records_lost").asLong()).isZero();
    }

    @Test
    void aFileStartingWithMoreThan64KibOfWhitespaceIsRead() throws IOException {
        Hunt hunt = hunt(write("padded.ndjson", " \n".repeat(40_000) + ordinary + "\n" + intruder + "\n"));

        assertThat(hunt.summary().path("records_read").asLong()).isEqualTo(2);
        assertThat(hunt.stormFinding()).isTrue();
    }

    @Test
    void anOverlongFirstLineIsCountedAndTheRestOfTheFileRead() throws IOException {
        // a record, then 9 MiB of damage on its line: over the 8 MiB line limit
        Hunt hunt = hunt(write("long-line.ndjson", ordinary + "x".repeat(9 * 1024 * 1024) + "\n" + intruder + "\n"));

        assertThat(hunt.stormFinding()).isTrue();
        assertThat(hunt.quarantine()).singleElement().satisfies(q -> {
            assertThat(q.path("reason").asText()).startsWith("line is ").endsWith("characters long, over the limit of 8388608");
            assertThat(q.path("offset").asLong()).isZero();
            assertThat(q.has("records")).as("the one record on the line").isFalse();
        });
        assertThat(hunt.summary().path("records_lost").asLong()).isEqualTo(1);
    }

    @Test
    void anUnbalancedQuoteInAPurviewExportCostsOnlyItsRow() throws IOException {
        String header = "RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames\r\n";
        Hunt hunt = hunt(write("purview.csv", header
                + row("r1", ordinary)
                + "r2,2023-06-12T14:05:00.0000000Z,ExchangeItemAggregated,MailItemsAccessed,\"alex.wilber@fabrikam.example,{},,\r\n"
                + row("r3", intruder)));

        assertThat(hunt.summary().path("events").asLong()).isEqualTo(2);
        assertThat(hunt.stormFinding()).isTrue();
        assertThat(hunt.quarantine()).singleElement().satisfies(q -> {
            assertThat(q.path("line").asLong()).isEqualTo(3);
            assertThat(q.path("reason").asText()).contains("unbalanced quote");
        });
    }

    @Test
    void utf16AndUtf32ExportsAreDecoded() throws IOException {
        String content = "[" + ordinary + ",\r\n" + intruder + "]\r\n";
        Path utf16 = dir.resolve("windows-export.json");
        Files.write(utf16, concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, content.getBytes(StandardCharsets.UTF_16LE)));
        Path utf32 = dir.resolve("utf32-export.json");
        Files.write(utf32, concat(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF}, content.getBytes("UTF-32BE")));

        for (Path file : List.of(utf16, utf32)) {
            Hunt hunt = hunt(file);
            assertThat(hunt.summary().path("events").asLong()).as(file.toString()).isEqualTo(2);
            assertThat(hunt.stormFinding()).as(file.toString()).isTrue();
            assertThat(hunt.quarantine()).isEmpty();
        }
    }

    private static String row(String id, String auditData) {
        return id + ",2023-06-12T14:03:27.0000000Z,ExchangeItemAggregated,MailItemsAccessed,alex.wilber@fabrikam.example,\""
                + auditData.replace("\"", "\"\"") + "\",,\r\n";
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
