package dev.forgewatch.common.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputOpenerTest {
    private static final String RECORD_1 = "{\"CreationTime\":\"2023-06-12T10:00:00\",\"Id\":\"id-1\",\"Operation\":\"Send\",\"RecordType\":2}";
    private static final String RECORD_2 = "{\"CreationTime\":\"2023-06-12T10:05:00\",\"Id\":\"id-2\",\"Operation\":\"Send\",\"RecordType\":2}";

    @TempDir
    Path dir;

    private final InputOpener opener = new InputOpener(new IngestLimits(4096, 1024 * 1024), LineParser.NONE);

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private Path gzip(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
        return file;
    }

    private record Read(InputFormat format, List<RawRecord> records) {
        List<String> ids() {
            return records.stream().filter(r -> r instanceof RawRecord.Json)
                    .map(r -> ((RawRecord.Json) r).node().path("Id").asText(((RawRecord.Json) r).node().path("id").asText()))
                    .toList();
        }

        List<RawRecord.Malformed> malformed() {
            return records.stream().filter(r -> r instanceof RawRecord.Malformed).map(r -> (RawRecord.Malformed) r).toList();
        }
    }

    private Read read(Path file) throws IOException {
        InputOpener.Opened opened = opener.open(file);
        List<RawRecord> records = new ArrayList<>();
        if (opened.reader() != null) {
            try (RecordReader reader = opened.reader()) {
                RawRecord record;
                while ((record = reader.next()) != null) {
                    records.add(record);
                }
            }
        }
        return new Read(opened.format(), records);
    }

    @Test
    void managementApiContentBlobIsAJsonArrayReadRecordByRecordWithLines() throws IOException {
        Read read = read(write("blob.json", "[\n" + RECORD_1 + ",\n" + RECORD_2 + "\n]\n"));

        assertThat(read.format()).isEqualTo(InputFormat.JSON_DOCUMENT);
        assertThat(read.ids()).containsExactly("id-1", "id-2");
        assertThat(read.records()).extracting(r -> r.origin().line()).containsExactly(2L, 3L);
    }

    @Test
    void graphAndMonitorEnvelopesAreStreamedAndTheirMetadataSkipped() throws IOException {
        Read graph = read(write("graph.json", """
                {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns",
                 "value":[{"id":"s-1","createdDateTime":"2023-06-12T10:00:00Z"},{"id":"s-2","createdDateTime":"2023-06-12T10:01:00Z"}],
                 "@odata.nextLink":"https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=abc"}
                """));
        Read monitor = read(write("monitor.json", "{\"records\":[{\"time\":\"t\",\"properties\":{\"id\":\"m-1\"}}]}"));

        assertThat(graph.ids()).containsExactly("s-1", "s-2");
        assertThat(monitor.records()).hasSize(1);
        assertThat(((RawRecord.Json) monitor.records().get(0)).node().path("properties").path("id").asText()).isEqualTo("m-1");
    }

    @Test
    void aSinglePrettyPrintedRecordAndConcatenatedDocumentsAreRead() throws IOException {
        Read single = read(write("one.json", "{\n  \"CreationTime\": \"2023-06-12T10:00:00\",\n  \"Id\": \"id-9\"\n}\n"));
        Read concatenated = read(write("two.json", "[" + RECORD_1 + "]\n[" + RECORD_2 + "]"));

        assertThat(single.format()).isEqualTo(InputFormat.JSON_DOCUMENT);
        assertThat(single.ids()).containsExactly("id-9");
        assertThat(concatenated.ids()).containsExactly("id-1", "id-2");
    }

    @Test
    void truncatedJsonKeepsTheRecordsBeforeTheDamageAndReportsTheRest() throws IOException {
        Read read = read(write("cut.json", "[\n" + RECORD_1 + ",\n" + RECORD_2.substring(0, 40)));

        assertThat(read.ids()).containsExactly("id-1");
        assertThat(read.malformed()).hasSize(1);
        assertThat(read.malformed().get(0).reason()).startsWith("malformed JSON").endsWith("the rest of the file after this point is not read");
        assertThat(read.malformed().get(0).origin().line()).isEqualTo(3);
    }

    @Test
    void nonObjectArrayElementsAreReportedAndReadingGoesOn() throws IOException {
        Read read = read(write("mixed.json", "[" + RECORD_1 + ", 42, \"text\", " + RECORD_2 + "]"));

        assertThat(read.ids()).containsExactly("id-1", "id-2");
        assertThat(read.malformed()).extracting(RawRecord.Malformed::reason).containsOnly("array element is not a JSON object");
        assertThat(read.malformed()).hasSize(2);
    }

    @Test
    void ndjsonWithABrokenLineQuarantinesOnlyThatLine() throws IOException {
        Read read = read(write("audit.ndjson", RECORD_1 + "\n{\"CreationTime\": broken\n\n" + RECORD_2 + "\r\n"));

        assertThat(read.format()).isEqualTo(InputFormat.NDJSON);
        assertThat(read.ids()).containsExactly("id-1", "id-2");
        assertThat(read.malformed()).singleElement().satisfies(m -> {
            assertThat(m.origin().line()).isEqualTo(2);
            assertThat(m.reason()).startsWith("malformed JSON: Unrecognized token 'broken'");
            assertThat(m.excerpt()).isEqualTo("{\"CreationTime\": broken");
        });
        assertThat(read.records().get(2).origin().line()).isEqualTo(4);
    }

    @Test
    void ndjsonIsRecognizedEvenWhenItsFirstLineIsBroken() throws IOException {
        Read read = read(write("audit.jsonl", "{\"broken\n" + RECORD_1 + "\n" + RECORD_2 + "\n"));

        assertThat(read.format()).isEqualTo(InputFormat.NDJSON);
        assertThat(read.ids()).containsExactly("id-1", "id-2");
    }

    @Test
    void overlongLineIsReportedWithoutBeingHeld() throws IOException {
        String huge = "{\"CreationTime\":\"" + "x".repeat(10_000) + "\"}";
        Read read = read(write("big.ndjson", RECORD_1 + "\n" + huge + "\n" + RECORD_2 + "\n"));

        assertThat(read.ids()).containsExactly("id-1", "id-2");
        assertThat(read.malformed()).singleElement().satisfies(m ->
                assertThat(m.reason()).isEqualTo("line is 10019 characters long, over the limit of 4096"));
    }

    @Test
    void purviewCsvExportReadsAuditDataWithQuotedCommasAndNewlines() throws IOException {
        String auditData = "{\"CreationTime\":\"2023-06-12T10:00:00\",\"Id\":\"id-csv\",\"Operation\":\"Send\",\"RecordType\":2,"
                + "\"Item\":{\"Subject\":\"Line one\\nand, two\"}}";
        String csv = "\uFEFFRecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames\r\n"
                + "id-csv,2023-06-12T10:00:00.0000000Z,ExchangeItem,Send,a@fabrikam.example,\"" + auditData.replace("\"", "\"\"")
                + "\",,\r\n"
                + "id-bad,2023-06-12T10:01:00.0000000Z,ExchangeItem,Send,a@fabrikam.example,\"{\"\"CreationTime\"\":\",,\r\n"
                + "id-short,2023-06-12T10:02:00.0000000Z\r\n"
                + "id-multi,2023-06-12T10:03:00.0000000Z,ExchangeItem,Send,a@fabrikam.example,\"" + RECORD_2.replace("\"", "\"\"")
                .replace(",\"\"Operation", ",\n\"\"Operation") + "\",,\r\n";
        Read read = read(write("export.csv", csv));

        assertThat(read.format()).isEqualTo(InputFormat.AUDIT_CSV);
        assertThat(read.ids()).containsExactly("id-csv", "id-2");
        assertThat(((ObjectNode) ((RawRecord.Json) read.records().get(0)).node()).path("Item").path("Subject").asText())
                .isEqualTo("Line one\nand, two");
        assertThat(read.malformed()).extracting(m -> m.origin().line()).containsExactly(3L, 4L);
        assertThat(read.malformed().get(0).reason()).startsWith("AuditData column is not valid JSON");
        assertThat(read.malformed().get(1).reason()).isEqualTo("CSV row has 2 columns, the header has 8; no AuditData value");
        assertThat(read.records().get(3).origin().line()).as("a record's first line").isEqualTo(5L);
    }

    @Test
    void unclosedQuoteInCsvIsReported() throws IOException {
        Read read = read(write("cut.csv", "CreationDate,UserIds,Operations,AuditData\n2023-06-12,a,Send,\"{\"\"Id\"\":1"));

        assertThat(read.malformed()).singleElement().satisfies(m ->
                assertThat(m.reason()).isEqualTo("a quoted field is never closed before the end of the file"));
    }

    @Test
    void gzipIsDetectedByContentWhateverTheName() throws IOException {
        Path file = gzip("blob.dat", ("[" + RECORD_1 + "," + RECORD_2 + "]").getBytes(StandardCharsets.UTF_8));
        InputOpener.Opened opened = opener.open(file);
        opened.reader().close();

        assertThat(opened.gzipped()).isTrue();
        assertThat(read(file).ids()).containsExactly("id-1", "id-2");
    }

    @Test
    void corruptGzipEndsInAnIoErrorNotACrash() throws IOException {
        byte[] content = ("[" + RECORD_1 + "," + RECORD_2 + "]").repeat(200).getBytes(StandardCharsets.UTF_8);
        Path good = gzip("ok.json.gz", content);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.json.gz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        // The damage shows either while peeking at the format or while reading: an IOException either way,
        // which the event reader turns into a quarantine record for the file.
        IOException failure = null;
        try (RecordReader reader = opener.open(cut).reader()) {
            while (reader.next() != null) {
                // read until the damage
            }
        } catch (IOException e) {
            failure = e;
        }
        assertThat(failure).hasMessageContaining("Unexpected end of ZLIB input stream");
    }

    @Test
    void decompressionBombIsStoppedAtTheLimit() throws IOException {
        byte[] zeros = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(zeros, (byte) ' ');
        zeros[0] = '[';
        Path bomb = gzip("bomb.json.gz", zeros);

        InputOpener.Opened opened = opener.open(bomb);
        IOException failure = null;
        try (RecordReader reader = opened.reader()) {
            while (reader.next() != null) {
                // spin through whitespace until the limit
            }
        } catch (IOException e) {
            failure = e;
        }
        assertThat(failure).isInstanceOf(InputLimitException.class).hasMessageContaining("decompression bomb");
    }

    @Test
    void emptyBinaryAndTextFilesAreRecognized() throws IOException {
        assertThat(opener.open(write("empty.json", "  \n")).format()).isEqualTo(InputFormat.EMPTY);
        Path binary = dir.resolve("blob.log");
        Files.write(binary, new byte[] {'M', 'Z', 0, 1, 2, 3});
        assertThat(opener.open(binary).format()).isEqualTo(InputFormat.BINARY);

        Read text = read(write("access.log", "192.0.2.1 - - [12/Jun/2023:10:00:00 +0000] \"GET / HTTP/1.1\" 200 12\n"));
        assertThat(text.format()).isEqualTo(InputFormat.TEXT_LINES);
        assertThat(text.malformed()).singleElement().satisfies(m -> assertThat(m.reason()).startsWith("unrecognized line"));
    }

    @Test
    void textLinesGoThroughTheLineParser() throws IOException {
        LineParser parser = line -> {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("line", line);
            return line.startsWith("#") ? null : node;
        };
        InputOpener withParser = new InputOpener(IngestLimits.DEFAULT, parser);
        InputOpener.Opened opened = withParser.open(write("app.log", "first\n#comment\nsecond\n"));
        List<RawRecord> records = new ArrayList<>();
        try (RecordReader reader = opened.reader()) {
            RawRecord record;
            while ((record = reader.next()) != null) {
                records.add(record);
            }
        }
        assertThat(records).hasSize(3);
        assertThat(records.get(0)).isInstanceOf(RawRecord.Json.class);
        assertThat(records.get(1)).isInstanceOf(RawRecord.Malformed.class);
        assertThat(records.get(2).origin().line()).isEqualTo(3);
    }

    @Test
    void excerptsNeverCarryATokenWholeOrCut() {
        String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNlZ21lbnQtaGVyZQ";
        String withToken = "Authorization: Bearer " + token;
        assertThat(Excerpts.of(withToken)).doesNotContain(token).contains("[REDACTED-JWT sha256:");
        String cutToken = "x".repeat(190) + token;
        assertThat(Excerpts.of(cutToken)).doesNotContain("eyJ");
        assertThat(Excerpts.of("line\u0000with\tcontrols")).isEqualTo("line?with?controls");
    }

    @Test
    void excerptsNeverCarryTheValueOfASecretMember() {
        String json = "{\"no_time\":1,\"Authorization\":\"Basic dXNlcjpwYXNz\",\"client_secret\":\"s3cr\\\"et value\",\"password\":\"hunter2 cut";
        assertThat(Excerpts.of(json)).doesNotContain("dXNlcjpwYXNz", "s3cr", "et value", "hunter2")
                .contains("\"Authorization\":\"[REDACTED]\"", "\"client_secret\":\"[REDACTED]\"", "\"password\":\"[REDACTED]");
        String text = "GET / Authorization: Bearer opaque-abc password=hunter2&user=x Cookie: sid=42;";
        assertThat(Excerpts.of(text)).isEqualTo("GET / Authorization: Bearer [REDACTED] password=[REDACTED]&user=x Cookie: [REDACTED];");
        assertThat(Excerpts.of("tokens=3 passwords_reset=2")).isEqualTo("tokens=3 passwords_reset=2");
    }

    @Test
    void excerptsAreAlwaysWritableAsUtf8() {
        String cutPair = Excerpts.of("x".repeat(199) + "\uD83D\uDE00 more");
        assertThat(cutPair).startsWith("x".repeat(199) + "?");
        assertThat(Excerpts.of("lone \uDC00 and \uD83D")).isEqualTo("lone ? and ?");
        assertThat(Excerpts.of("pair \uD83D\uDE00")).isEqualTo("pair \uD83D\uDE00");
        assertThat(java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(cutPair)).isTrue();
    }
}
