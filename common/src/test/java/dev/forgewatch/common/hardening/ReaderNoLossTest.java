package dev.forgewatch.common.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.ingest.RawRecord;
import dev.forgewatch.common.ingest.RecordReader;
import dev.forgewatch.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 20 item 2: a reader never loses a record silently. The property, precisely: a file is built
 * from N valid, distinct audit records in one of the shapes the hunt reads (NDJSON, a JSON array,
 * a Graph envelope, concatenated documents, a Purview CSV export), with noise put in: blank and
 * whitespace runs (also 64 KiB and more before the first record), text that is not JSON between
 * records or after one on its line, records run together on one line, a record cut short, a record
 * missing its closing brace, a record or line over the length limit, an unbalanced CSV quote; in
 * UTF-8 (with or without BOM), UTF-16 or UTF-32 with a BOM, gzipped or not. Then:
 * <ul>
 * <li>every valid record that the noise did not damage is read exactly once, unchanged;</li>
 * <li>every other record is in a quarantine entry, and the entries' {@code records} counts add up
 * to exactly the number of such records (a cut or over-long record: 1; a region skipped whole: the
 * records in it; text that held none: 0);</li>
 * <li>every piece of noise that is not whitespace is one quarantine entry, nothing else is.</li>
 * </ul>
 * So read + lost = N + the damaged records put in, exactly. One honest limit, part of the set-up:
 * the format is sniffed from the first 64 KiB after leading whitespace, so a file's first record
 * comes before its noise there fills them.
 */
class ReaderNoLossTest {
    private static final int LIMIT = 4096;
    private static final String GARBAGE_CHARS = "abcXYZ019 !?;:=+-*/.<>@#$%^&~`|_é€😀'";
    private static Path dir;

    enum Shape { NDJSON, ARRAY, PRETTY_ARRAY, GRAPH_ENVELOPE, CONCATENATED_DOCUMENTS, PURVIEW_CSV }

    enum Encoding {
        UTF_8(StandardCharsets.UTF_8, new byte[0]),
        UTF_8_BOM(StandardCharsets.UTF_8, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}),
        UTF_16LE(StandardCharsets.UTF_16LE, new byte[] {(byte) 0xFF, (byte) 0xFE}),
        UTF_16BE(StandardCharsets.UTF_16BE, new byte[] {(byte) 0xFE, (byte) 0xFF}),
        UTF_32LE(Charset.forName("UTF-32LE"), new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}),
        UTF_32BE(Charset.forName("UTF-32BE"), new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF});

        final Charset charset;
        final byte[] bom;

        Encoding(Charset charset, byte[] bom) {
            this.charset = charset;
            this.bom = bom;
        }
    }

    @BeforeContainer
    static void createDir() throws IOException {
        dir = Files.createTempDirectory("forgewatch-no-loss");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    /** What the built file must read as. */
    private static final class Expected {
        final Map<String, JsonNode> read = new HashMap<>();
        long damaged;
        long entries;
    }

    /** Builds one file's text and what reading it must give. */
    private static final class Builder {
        final Random random;
        final Expected expected = new Expected();
        final StringBuilder text = new StringBuilder();
        int next;

        Builder(Random random) {
            this.random = random;
        }

        ObjectNode record(boolean big) {
            int n = next++;
            ObjectNode record = Json.MAPPER.createObjectNode();
            record.put("CreationTime", "2023-06-12T10:" + String.format("%02d", n % 60) + ":00");
            record.put("Id", "rec-" + n + "-" + Long.toHexString(random.nextLong()));
            record.put("Operation", "MailItemsAccessed");
            record.put("RecordType", 50);
            record.put("UserId", "user" + n + "@fabrikam.example");
            // strings with the characters a structure scanner must not be fooled by
            record.put("Subject", "re: {budget} [draft] \"final\", v2 \\ é 😀 } ] ,{");
            ObjectNode folder = record.putArray("Folders").addObject();
            folder.put("Path", "\\Inbox");
            folder.putArray("FolderItems").addObject().put("InternetMessageId", "<m" + n + "@fabrikam.example>");
            record.putObject("AppAccessContext").put("UniqueTokenId", "t" + n);
            if (big) {
                record.put("Padding", "p".repeat(LIMIT + random.nextInt(2000)));
            }
            return record;
        }

        String valid() {
            ObjectNode record = record(false);
            expected.read.put(record.path("Id").asText(), record);
            return record.toString();
        }

        String garbage(String forbidden) {
            StringBuilder junk = new StringBuilder();
            int length = 1 + random.nextInt(30);
            while (junk.codePointCount(0, junk.length()) < length) {
                int at = random.nextInt(GARBAGE_CHARS.codePointCount(0, GARBAGE_CHARS.length()));
                int start = GARBAGE_CHARS.offsetByCodePoints(0, at);
                String c = GARBAGE_CHARS.substring(start, GARBAGE_CHARS.offsetByCodePoints(start, 1));
                if (!forbidden.contains(c)) {
                    junk.append(c);
                }
            }
            String piece = junk.toString().strip();
            return piece.isEmpty() ? "x" : piece;
        }

        String cut(String record) {
            return record.substring(0, 1 + random.nextInt(record.length() - 1));
        }

        String space() {
            return " \t\n\r\n".substring(0, random.nextInt(3)) + (random.nextInt(10) == 0 ? "\n \n" : "");
        }

        void noteDamaged(long records) {
            expected.damaged += records;
            expected.entries++;
        }

        void noteNoise() {
            expected.entries++;
        }
    }

    @Property(tries = 300, seed = "202612051")
    void everyRecordIsReadOnceOrCountedInQuarantine(@ForAll Shape shape, @ForAll Encoding encoding, @ForAll boolean gzip,
                                                    @ForAll boolean longPrefix, @ForAll @IntRange(min = 1, max = 30) int n,
                                                    @ForAll long seed) throws IOException {
        Builder file = new Builder(new Random(seed));
        if (longPrefix) {
            file.text.append(" \n\t".repeat(22_000 + file.random.nextInt(2000)));
        }
        switch (shape) {
            case NDJSON -> ndjson(file, n);
            case ARRAY -> array(file, n, false, "", "");
            case PRETTY_ARRAY -> array(file, n, true, "", "");
            case GRAPH_ENVELOPE -> array(file, n, file.random.nextBoolean(),
                    "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns\",\"value\":", "}");
            case CONCATENATED_DOCUMENTS -> documents(file, n);
            default -> csv(file, n);
        }
        assertReadsAsExpected(write(file.text.toString(), encoding, gzip), file.expected);
    }

    /** One record a line; noise lines, records run together, trailing text, an over-long run. */
    private static void ndjson(Builder file, int n) throws IOException {
        String end = file.random.nextBoolean() ? "\n" : "\r\n";
        file.text.append(file.valid()).append(end); // the sniffing window sees a record first
        for (int i = 1; i < n; i++) {
            switch (file.random.nextInt(9)) {
                case 0 -> {
                    file.text.append(file.garbage("{[")).append(end);
                    file.noteNoise();
                }
                case 1 -> {
                    file.text.append(file.cut(file.record(false).toString())).append(end);
                    file.noteDamaged(1);
                }
                case 2 -> {
                    file.text.append(file.valid()).append(file.random.nextBoolean() ? " " : "").append(file.valid()).append(end);
                    i++;
                }
                case 3 -> {
                    file.text.append(file.valid()).append(' ').append(file.garbage("{[")).append(end);
                    file.noteNoise();
                }
                case 4 -> {
                    // several records on one line; past the line limit they are one region, its records counted
                    int run = 2 + file.random.nextInt(18);
                    StringBuilder line = new StringBuilder();
                    List<String> ids = new ArrayList<>();
                    for (int r = 0; r < run; r++) {
                        String record = file.valid();
                        ids.add(Json.MAPPER.readTree(record).path("Id").asText());
                        line.append(record);
                    }
                    file.text.append(line).append(end);
                    if (line.length() > LIMIT) {
                        ids.forEach(file.expected.read::remove);
                        file.noteDamaged(run);
                    }
                }
                case 5 -> {
                    file.text.append(file.record(true)).append(end);
                    file.noteDamaged(1);
                }
                case 6 -> file.text.append("   \t").append(end).append(end);
                default -> file.text.append("  ").append(file.valid()).append(end);
            }
        }
    }

    /** A record array (optionally inside an envelope); noise elements, a cut last record or a missing brace. */
    private static void array(Builder file, int n, boolean pretty, String open, String close) {
        String separator = pretty ? ",\n  " : ",";
        file.text.append(open).append(pretty ? "[\n  " : "[");
        List<String> elements = new ArrayList<>();
        boolean truncatedAtEnd = false;
        boolean missingBrace = false;
        for (int i = 0; i < n; i++) {
            int kind = i == 0 ? 9 : file.random.nextInt(10);
            if (missingBrace) {
                elements.add(file.record(false).toString());
                file.expected.damaged++;
            } else if (kind == 0) {
                elements.add(file.garbage("{[]},\"" + " "));
                file.noteNoise();
            } else if (kind == 1) {
                elements.add(file.record(true).toString());
                file.noteDamaged(1);
            } else if (kind == 2 && i == n - 1) {
                elements.add(file.cut(file.record(false).toString()));
                file.noteDamaged(1);
                truncatedAtEnd = true;
            } else if (kind == 3) {
                // the closing brace is missing: the record runs into every record after it in the array
                String broken = file.record(false).toString();
                elements.add(broken.substring(0, broken.length() - 1));
                file.noteDamaged(1);
                missingBrace = true;
            } else {
                elements.add(file.valid());
            }
        }
        file.text.append(String.join(separator, elements));
        if (truncatedAtEnd) {
            return; // the file ends inside its last record
        }
        file.text.append(pretty ? "\n]" : "]").append(missingBrace ? "" : close);
        if (file.random.nextInt(4) == 0) {
            file.text.append("\n").append(file.garbage("{[]},\""));
            file.noteNoise();
        }
    }

    /** Content blobs and single records one after another, with text between them. */
    private static void documents(Builder file, int n) {
        for (int i = 0; i < n; i++) {
            switch (i == 0 ? 1 : file.random.nextInt(5)) {
                case 0 -> file.text.append(file.valid());
                case 1 -> file.text.append("[").append(file.valid()).append(",").append(file.space()).append(file.valid()).append("]");
                case 2 -> {
                    file.text.append(file.space()).append(file.garbage("{[\"")).append(' ').append(file.valid());
                    file.noteNoise();
                }
                case 3 -> file.text.append(file.space()).append(file.valid()).append(file.space());
                default -> file.text.append("\n[").append(file.valid()).append("]\n");
            }
        }
        if (file.random.nextBoolean()) {
            file.text.append(file.cut(file.record(false).toString()));
            file.noteDamaged(1);
        }
    }

    /** A Purview export: the record in the AuditData column; junk rows, cut AuditData, an unbalanced quote. */
    private static void csv(Builder file, int n) {
        String end = file.random.nextBoolean() ? "\n" : "\r\n";
        file.text.append("RecordId,CreationDate,RecordType,Operation,UserId,AuditData").append(end);
        for (int i = 0; i < n; i++) {
            String id = "row" + i;
            switch (i == 0 ? 9 : file.random.nextInt(8)) {
                case 0 -> {
                    // in a CSV export every row is a record: a junk row counts as one
                    file.text.append(file.garbage(",\"")).append(end);
                    file.noteDamaged(1);
                }
                case 1 -> {
                    file.text.append(row(id, file.cut(file.record(false).toString()))).append(end);
                    file.noteDamaged(1);
                }
                case 2 -> {
                    file.text.append(id).append(",2023-06-12T10:00:00,ExchangeItem,MailItemsAccessed,\"u@fabrikam.example,")
                            .append(end);
                    file.noteDamaged(1);
                }
                case 3 -> {
                    file.text.append(row(id, file.record(true).toString())).append(end);
                    file.noteDamaged(1);
                }
                case 4 -> file.text.append(end);
                default -> file.text.append(row(id, file.valid())).append(end);
            }
        }
    }

    private static String row(String id, String auditData) {
        return id + ",2023-06-12T10:00:00.0000000Z,ExchangeItem,MailItemsAccessed,u@fabrikam.example,\""
                + auditData.replace("\"", "\"\"") + "\"";
    }

    private static Path write(String text, Encoding encoding, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(encoding.bom);
        bytes.write(text.getBytes(encoding.charset));
        byte[] content = bytes.toByteArray();
        if (gzip) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
                out.write(content);
            }
            content = zipped.toByteArray();
        }
        Path file = dir.resolve("input" + (gzip ? ".gz" : ""));
        Files.write(file, content);
        return file;
    }

    private static void assertReadsAsExpected(Path file, Expected expected) throws IOException {
        Map<String, JsonNode> read = new HashMap<>();
        long entries = 0;
        long damaged = 0;
        InputOpener.Opened opened = new InputOpener(new IngestLimits(LIMIT, 1L << 30), LineParser.NONE).open(file);
        try (RecordReader reader = opened.reader()) {
            RawRecord record;
            while ((record = reader.next()) != null) {
                if (record instanceof RawRecord.Json json) {
                    String id = json.node().path("Id").asText();
                    assertThat(read.put(id, json.node())).as("read twice: " + id).isNull();
                } else {
                    RawRecord.Malformed malformed = (RawRecord.Malformed) record;
                    assertThat(malformed.reason()).isNotBlank();
                    assertThat(malformed.origin().line()).isPositive();
                    entries++;
                    damaged += malformed.records();
                }
            }
        }
        assertThat(read).as("records read").isEqualTo(expected.read);
        assertThat(damaged).as("records counted in quarantine").isEqualTo(expected.damaged);
        assertThat(entries).as("quarantine entries").isEqualTo(expected.entries);
    }

    @Example
    void theIssuesReproductionsEachReadEveryRecord() throws IOException {
        Builder file = new Builder(new Random(20));
        String a = file.valid();
        String b = file.valid();
        // two records on one line, then one with text after it
        file.text.append(a).append(b).append('\n');
        assertReadsAsExpected(write(file.text.toString(), Encoding.UTF_8, false), file.expected);
        file.text.setLength(0);
        file.text.append(a).append(" trailing text\n").append(b).append('\n');
        file.noteNoise();
        assertReadsAsExpected(write(file.text.toString(), Encoding.UTF_8, false), file.expected);
        // 70,000 blanks before the first record; a UTF-16 export
        file.expected.entries = 0;
        assertReadsAsExpected(write(" ".repeat(70_000) + a + "\n" + b + "\n", Encoding.UTF_8, false), file.expected);
        assertReadsAsExpected(write(a + "\r\n" + b + "\r\n", Encoding.UTF_16LE, false), file.expected);
    }
}
