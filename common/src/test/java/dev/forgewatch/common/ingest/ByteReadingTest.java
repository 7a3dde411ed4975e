package dev.forgewatch.common.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UTF-8 NDJSON read as bytes ({@link ByteLineReader}, {@link NdjsonReader#fromBytes}) gives exactly the
 * records of the same file read as decoded text ({@link InputOpener#decodingText()}): values, trees,
 * texts, line numbers, quarantine reasons, excerpts and byte offsets, on the edges of the byte reading
 * (lines cut by the chunk, CR LF, BOM, invalid UTF-8, lines over the limit in bytes or in characters).
 */
class ByteReadingTest {
    private static final IngestLimits LIMITS = new IngestLimits(4096, 1L << 30);
    private static final MemberTree LEAN = Normalizer.lean(FieldCatalog.standard(), TokenObserver.NONE).membersRead();

    @TempDir
    Path dir;

    private final InputOpener bytes = new InputOpener(LIMITS, LineParser.NONE);
    private final InputOpener text = bytes.decodingText();

    private static final String AUDIT = "{\"CreationTime\":\"2023-06-12T10:00:00\",\"Id\":\"%s\",\"Operation\":\"MailItemsAccessed\","
            + "\"RecordType\":50,\"UserId\":\"ann@contoso.example\",\"ClientIP\":\"203.0.113.7\",\"Workload\":\"Exchange\","
            + "\"Folders\":[{\"Path\":\"\\\\Inbox\",\"FolderItems\":[{\"Id\":\"x\"}]}],\"ExtendedProperties\":[{\"Name\":\"UserAgent\",\"Value\":\"%s\"}]}";

    private static String audit(int i, String agent) {
        return String.format(AUDIT, "id-" + i, agent);
    }

    /** Reads {@code content} both ways, with and without a member tree, and checks they agree; returns the byte reading's records. */
    private List<String> same(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        List<String> result = null;
        for (MemberTree members : new MemberTree[] {null, LEAN}) {
            List<String> fromBytes = read(bytes, file, members, true);
            List<String> fromText = read(text, file, members, false);
            agree(name + (members == null ? " (whole records)" : " (members)"), fromBytes, fromText);
            if (members != null) {
                result = fromBytes;
            }
        }
        return result;
    }

    /** The first record that differs, if one does (not the whole lists: they are long). */
    static void agree(String what, List<String> fromBytes, List<String> fromText) {
        for (int i = 0; i < Math.min(fromBytes.size(), fromText.size()); i++) {
            assertThat(fromBytes.get(i)).as(what + ", record " + i).isEqualTo(fromText.get(i));
        }
        assertThat(fromBytes.size()).as(what + ": records").isEqualTo(fromText.size());
    }

    private List<String> same(String name, String content) throws IOException {
        return same(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> read(InputOpener opener, Path file, MemberTree members, boolean expectBytes) throws IOException {
        InputOpener.Opened opened = opener.open(file, members);
        List<String> records = new ArrayList<>();
        records.add(opened.format().toString());
        if (opened.reader() == null) {
            return records;
        }
        try (RecordReader reader = opened.reader()) {
            if (reader instanceof LineRecordReader lines) {
                assertThat(lines.readsBytes()).isEqualTo(expectBytes && opened.format() == InputFormat.NDJSON
                        && !file.getFileName().toString().contains("utf16"));
            }
            RawRecord record;
            while ((record = reader.next()) != null) {
                records.add(describe(record, members));
            }
        }
        return records;
    }

    static String describe(RawRecord record, MemberTree members) {
        if (record instanceof RawRecord.Slots slots) {
            return "slots " + slots.origin() + " " + describe(slots.values(), members.slots()) + " text=" + slots.text()
                    + " whole=" + slots.whole().node();
        }
        if (record instanceof RawRecord.Json json) {
            return "json " + json.origin() + " " + json.node() + " text=" + json.text() + " whole=" + json.whole().node();
        }
        return record.toString();
    }

    private static String describe(MemberValues values, int slots) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < slots; i++) {
            JsonNode node = values.slot(i);
            out.append(node == null ? "-" : node.isMissingNode() ? "seen" : node.getNodeType() + ":" + node).append(',');
        }
        out.append("] tree=").append(values.tree()).append(" wrapper=").append(values.wrapper());
        if (values.inner() != null) {
            out.append(" inner=").append(describe(values.inner(), slots));
        }
        return out.toString();
    }

    @Test
    void plainRecordsCrLfBlankLinesAndALastLineWithoutNewlineAreReadFromBytes() throws IOException {
        List<String> records = same("plain.ndjson", "\n \n" + audit(1, "Outlook") + "\r\n\r\n" + audit(2, "OWA") + "\n \t\u000b\n"
                + audit(3, "caf\u00e9 \u2603 \uD83D\uDE00") + "\r\n" + audit(4, "last"));
        assertThat(records).hasSize(5);
        assertThat(records.subList(1, 5)).allMatch(r -> r.startsWith("slots "));
        assertThat(records.get(3)).contains("caf\u00e9 \u2603 \uD83D\uDE00").contains("plain.ndjson:7 "); // line 7
    }

    @Test
    void aByteOrderMarkIsSkippedAndUtf16IsStillDecoded() throws IOException {
        String content = audit(1, "a") + "\n" + audit(2, "b") + "\n";
        List<String> bom = same("bom.ndjson", ("\uFEFF" + content).getBytes(StandardCharsets.UTF_8));
        assertThat(bom).hasSize(3);
        ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
        utf16.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
        utf16.write(content.getBytes(StandardCharsets.UTF_16LE));
        assertThat(same("utf16.ndjson", utf16.toByteArray())).hasSize(3);
    }

    @Test
    void damagedLinesAreQuarantinedAsTheTextReadingQuarantinesThem() throws IOException {
        List<String> records = same("damaged.ndjson", String.join("\n",
                audit(1, "a"),
                "{\"Id\":\"broken\",\"Operation\":",
                audit(2, "b") + audit(3, "run together"),
                audit(4, "c") + " trailing garbage",
                "garbage before " + audit(5, "d"),
                "[" + audit(6, "array") + "]",
                "{\"Id\":\"unclosed\",\"password\":\"hunter2\"",
                "42",
                "{\"Id\":\"dup\",\"Id\":\"twice\",\"Operation\":\"Send\"}",
                audit(7, "e") + " \u2003",
                audit(8, "after")));
        assertThat(records).anyMatch(r -> r.startsWith("Malformed[reason=malformed JSON"));
        assertThat(records.get(records.size() - 1)).contains("id-8");
    }

    @Test
    void invalidUtf8IsDecodedAsTheTextReadingDecodesItWithItsOffsets() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[][] damage = {
            {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, {(byte) 0x80},
        };
        int i = 0;
        for (byte[] bad : damage) {
            String[] halves = audit(i++, "X").split("X");
            out.write(halves[0].getBytes(StandardCharsets.UTF_8));
            out.write(bad);
            out.write(halves[1].getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            out.write("{\"Id\":\"bad\",".getBytes(StandardCharsets.UTF_8)); // a quarantined line: its offset shows the count
            out.write(bad);
            out.write('\n');
            out.write(bad); // a line ending in a cut sequence
            out.write('\n');
        }
        out.write(audit(99, "end").getBytes(StandardCharsets.UTF_8));
        out.write(new byte[] {(byte) 0xE2, (byte) 0x82}); // cut by the end of the file
        List<String> records = same("invalid.ndjson", out.toByteArray());
        assertThat(records).anyMatch(r -> r.contains("\uFFFD"));
        assertThat(records).anyMatch(r -> r.startsWith("Malformed[") && r.contains("offset="));
    }

    @Test
    void linesOverTheLimitInBytesOrCharactersAreMeasuredAsTheTextReadingMeasuresThem() throws IOException {
        String eAcute = "\u00e9".repeat(3000); // 6,000 bytes, 3,000 characters: within the limit of 4,096 characters
        String snowmen = "\u2603".repeat(3000); // 9,000 bytes
        String overLong = "{\"Id\":\"long\",\"Pad\":\"" + "x".repeat(5000) + "\"}{\"Id\":\"second\"}";
        byte[] invalidLong = ("{\"Id\":\"" + "\u00e9".repeat(2500) + "\"}").getBytes(StandardCharsets.UTF_8);
        invalidLong[1000] = (byte) 0xFF; // 4,999 characters once decoded: over the limit
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((audit(1, eAcute) + "\n" + audit(2, snowmen) + "\r\n" + overLong + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(invalidLong);
        out.write(("\n" + audit(3, "after") + "\n" + overLong).getBytes(StandardCharsets.UTF_8));
        List<String> records = same("long.ndjson", out.toByteArray());
        assertThat(records).anyMatch(r -> r.contains("over the limit of 4096"));
        assertThat(records).anyMatch(r -> r.contains(eAcute));
        assertThat(records.get(records.size() - 1)).contains("over the limit").contains("records=2");
    }

    @Test
    void linesCutByTheChunksAndLongLinesOverManyChunksAreReadWhole() throws IOException {
        IngestLimits wide = new IngestLimits(1024 * 1024, 1L << 30);
        InputOpener wideBytes = new InputOpener(wide, LineParser.NONE);
        Random random = new Random(19);
        String[] agents = {"Outlook", "caf\u00e9", "\u2603\u2603", "\uD83D\uDE00 emoji", "x".repeat(700)};
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 6000; i++) {
            content.append(audit(i, agents[random.nextInt(agents.length)] + i)).append(random.nextInt(5) == 0 ? "\r\n" : "\n");
            if (i == 3000) {
                // longer than a chunk, within the wide limit; then over the narrow one with a character cut at each chunk's end
                content.append(audit(-1, "\u2603".repeat(ByteLineReader.CHUNK / 2))).append('\n');
            }
        }
        byte[] utf8 = content.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(utf8.length).isGreaterThan(4 * ByteLineReader.CHUNK);
        Path file = dir.resolve("many.ndjson.gz");
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file))) {
            gz.write(utf8);
        }
        for (InputOpener opener : new InputOpener[] {bytes, wideBytes}) {
            List<String> fromBytes = read(opener, file, LEAN, true);
            List<String> fromText = read(opener.decodingText(), file, LEAN, false);
            assertThat(fromBytes.size()).isEqualTo(6002); // the format, then a record or quarantine entry a line
            agree("many", fromBytes, fromText);
        }
    }

    @Test
    void theLineReaderFindsEveryLineWhereverTheChunksEnd() throws IOException {
        // lines of every length around the word size, so that newlines fall on every byte of a word and of a chunk
        StringBuilder content = new StringBuilder();
        List<String> expected = new ArrayList<>();
        Random random = new Random(7);
        long total = 0;
        while (total < 3L * ByteLineReader.CHUNK) {
            int length = random.nextInt(40);
            StringBuilder line = new StringBuilder();
            for (int k = 0; k < length; k++) {
                line.append(random.nextInt(10) == 0 ? '\u00e9' : (char) ('a' + random.nextInt(26)));
            }
            expected.add(line.toString());
            content.append(line).append('\n');
            total += line.toString().getBytes(StandardCharsets.UTF_8).length + 1;
        }
        byte[] utf8 = content.toString().getBytes(StandardCharsets.UTF_8);
        ByteLineReader reader = new ByteLineReader(new java.io.ByteArrayInputStream(utf8), 4096, 1, 0);
        List<String> lines = new ArrayList<>();
        long offset = 0;
        while (reader.next()) {
            assertThat(reader.decoded()).isNull();
            assertThat(reader.offset()).isEqualTo(offset);
            assertThat(reader.number()).isEqualTo(lines.size() + 1);
            String line = reader.line().text();
            lines.add(line);
            offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        assertThat(lines).containsExactlyElementsOf(expected);
    }
}
