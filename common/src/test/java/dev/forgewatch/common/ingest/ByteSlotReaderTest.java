package dev.forgewatch.common.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The byte reading of records into slots ({@link ByteSlotReader}) against the parser's
 * ({@link MemberTree.SlotReader}) on the same bytes: where it reads a record, the parser reads it to
 * the same end with the same slots, tree, wrapper and inner record, node classes included; where the
 * parser fails or cannot put a record in slots, it declines. On every line of the shipped sample, and
 * on its records damaged byte by byte.
 */
class ByteSlotReaderTest {
    private static final MemberTree LEAN = Normalizer.lean(FieldCatalog.standard(), TokenObserver.NONE).membersRead();
    private static final Path SAMPLE = Path.of("..", "samples", "data");

    /** What the parser reads from bytes [from, end): the values and where they end, or null when it fails or declines. */
    private record Reading(MemberValues values, int end) {
    }

    private static Reading parser(MemberTree.SlotReader reader, byte[] bytes, int from, int end) throws IOException {
        try (JsonParser parser = Json.MAPPER.createParser(bytes, from, end - from)) {
            parser.nextToken();
            MemberValues values = reader.read(parser);
            return values == null ? null : new Reading(values, from + (int) parser.currentLocation().getByteOffset());
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Reads the line both ways; returns true when the byte reading read it (and agreed with the parser). */
    private static boolean agree(ByteSlotReader bytesReader, MemberTree.SlotReader parserReader, byte[] line, String what)
            throws IOException {
        int from = 0;
        while (from < line.length && line[from] == ' ') {
            from++;
        }
        if (from >= line.length || line[from] != '{' || !ByteLineReader.wellFormed(line, from, line.length)) {
            return false;
        }
        // the line inside a larger array, as a chunk holds it: the reading must not look past its end
        byte[] chunk = new byte[line.length + 16];
        System.arraycopy(line, 0, chunk, 4, line.length);
        java.util.Arrays.fill(chunk, line.length + 4, chunk.length, (byte) '}');
        int end = line.length + 4;
        int byteEnd = bytesReader.read(chunk, from + 4, end);
        Reading expected = parser(parserReader, chunk, from + 4, end);
        if (byteEnd < 0) {
            return false;
        }
        assertThat(expected).as(what + ": the parser reads what the byte reading read").isNotNull();
        assertThat(byteEnd).as(what + ": end").isEqualTo(expected.end());
        if (!same(bytesReader.values(), expected.values())) {
            assertThat(ByteReadingTest.describe(new RawRecord.Slots(bytesReader.values(), null, RecordText.of("{}")), LEAN))
                    .as(what + ": values (node classes included)")
                    .isEqualTo(ByteReadingTest.describe(new RawRecord.Slots(expected.values(), null, RecordText.of("{}")), LEAN)
                            + " (or a node's class differs)");
        }
        return true;
    }

    private static boolean same(MemberValues actual, MemberValues expected) {
        for (int i = 0; i < LEAN.slots(); i++) {
            if (!sameNode(actual.slot(i), expected.slot(i))) {
                return false;
            }
        }
        if (!sameNode(actual.tree(), expected.tree()) || !java.util.Objects.equals(actual.wrapper(), expected.wrapper())
                || (actual.inner() == null) != (expected.inner() == null)) {
            return false;
        }
        return expected.inner() == null || same(actual.inner(), expected.inner());
    }

    /** Equal, of the same classes all the way down, members in the same order. */
    private static boolean sameNode(JsonNode actual, JsonNode expected) {
        if (expected == null || actual == null) {
            return actual == expected;
        }
        if (actual.getClass() != expected.getClass() || !actual.equals(expected)) {
            return false;
        }
        if (expected.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> a = actual.fields();
            Iterator<Map.Entry<String, JsonNode>> e = expected.fields();
            while (e.hasNext()) {
                Map.Entry<String, JsonNode> x = e.next();
                Map.Entry<String, JsonNode> y = a.next();
                if (!y.getKey().equals(x.getKey()) || !sameNode(y.getValue(), x.getValue())) {
                    return false;
                }
            }
        } else if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                if (!sameNode(actual.get(i), expected.get(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Every line of the shipped sample's NDJSON, JSON and gzipped files (the damaged ones too). */
    private static List<byte[]> sampleLines() throws IOException {
        if (sampleLines != null) {
            return sampleLines;
        }
        List<byte[]> lines = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SAMPLE)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(f -> f.toString().matches(".*\\.(json|ndjson|gz)$"))
                    .sorted()
                    .toList();
        }
        assertThat(files).hasSizeGreaterThan(100);
        for (Path file : files) {
            byte[] content;
            try (InputStream in = file.toString().endsWith(".gz")
                    ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
                content = in.readAllBytes();
            }
            int start = 0;
            for (int i = 0; i <= content.length; i++) {
                if (i == content.length || content[i] == '\n') {
                    int stop = i > start && content[i - 1] == '\r' ? i - 1 : i;
                    lines.add(java.util.Arrays.copyOfRange(content, start, stop));
                    start = i + 1;
                }
            }
        }
        sampleLines = lines;
        return lines;
    }

    private static List<byte[]> sampleLines;

    @Test
    void everyLineOfTheSampleReadsAsTheParserReadsIt() throws IOException {
        ByteSlotReader bytesReader = new ByteSlotReader(LEAN);
        MemberTree.SlotReader parserReader = LEAN.slotReader();
        int read = 0;
        int records = 0;
        List<byte[]> lines = sampleLines();
        for (int i = 0; i < lines.size(); i++) {
            byte[] line = lines.get(i);
            if (agree(bytesReader, parserReader, line, "line " + i)) {
                read++;
                records++;
            } else if (line.length > 0 && line[0] == '{' && parser(parserReader, line, 0, line.length) != null) {
                records++;
            }
        }
        assertThat(records).isGreaterThan(40_000);
        // every record of the sample the slots hold, the byte reading reads (none has long numbers or escaped names)
        assertThat(read).isEqualTo(records);
    }

    @Test
    void recordsDamagedByteByByteAreReadAsTheParserReadsThemOrDeclined() throws IOException {
        ByteSlotReader bytesReader = new ByteSlotReader(LEAN);
        MemberTree.SlotReader parserReader = LEAN.slotReader();
        // one record of each shape: the first line of each kind of sample file that the slots hold
        List<byte[]> lines = sampleLines();
        List<byte[]> picked = new ArrayList<>();
        java.util.Set<String> shapes = new java.util.HashSet<>();
        for (byte[] line : lines) {
            if (line.length > 0 && line.length < 4000 && parser(parserReader, line, 0, line.length) != null) {
                String text = new String(line, StandardCharsets.UTF_8);
                String shape = text.substring(0, Math.min(12, text.length()));
                if (shapes.add(shape) && picked.size() < 4) {
                    picked.add(line);
                }
            }
        }
        assertThat(picked).hasSizeGreaterThanOrEqualTo(4);
        byte[] replacements = {'"', '\\', ',', ':', '{', '}', '[', ']', '0', '-', '.', 'e', '+', ' ', 'u', 't', 0x01};
        int variants = 0;
        int read = 0;
        int declined = 0;
        for (byte[] record : picked) {
            for (int at = 0; at < record.length; at++) {
                for (byte replacement : replacements) {
                    if (record[at] == replacement) {
                        continue;
                    }
                    byte[] damaged = record.clone();
                    damaged[at] = replacement;
                    variants++;
                    if (agree(bytesReader, parserReader, damaged, "byte " + at + " -> " + replacement)) {
                        read++;
                    } else if (parser(parserReader, damaged, 0, damaged.length) == null) {
                        declined++;
                    }
                }
                byte[] cut = new byte[record.length - 1];
                System.arraycopy(record, 0, cut, 0, at);
                System.arraycopy(record, at + 1, cut, at, record.length - at - 1);
                variants++;
                if (agree(bytesReader, parserReader, cut, "byte " + at + " removed")) {
                    read++;
                }
            }
        }
        assertThat(variants).isGreaterThan(5_000);
        assertThat(read).isGreaterThan(variants / 10); // damage inside strings leaves most records readable
        assertThat(declined).isGreaterThan(variants / 10); // and much of the rest is JSON the parser rejects
    }

    private static boolean reads(String json) throws IOException {
        return agree(new ByteSlotReader(LEAN), LEAN.slotReader(), json.getBytes(StandardCharsets.UTF_8), json);
    }

    @Test
    void numbersAreTheNodesTheTreeDeserializerMakes() throws IOException {
        // Workload and RecordType are kept whole; ExtendedProperties are read as a tree (through an array)
        for (String number : new String[] {"0", "-0", "7", "-7", "2147483647", "2147483648", "-2147483648", "-2147483649",
            "999999999999999999", "-999999999999999999", "0.0", "-0.0", "1.5", "1e3", "1E+3", "2.5e-3", "123456789.123456789"}) {
            assertThat(reads("{\"RecordType\":" + number + ",\"Workload\":[" + number + ",{\"a\":" + number + "}],"
                    + "\"ExtendedProperties\":[{\"Name\":\"n\",\"Value\":" + number + "}]}")).as(number).isTrue();
        }
        // the parser's: integers of 19 digits and more; and what it rejects
        for (String number : new String[] {"1234567890123456789", "-12345678901234567890", "01", "-", "1.", ".5", "+1", "1e",
            "1x", "--1", "0x10", "NaN", "Infinity"}) {
            assertThat(reads("{\"RecordType\":" + number + "}")).as(number).isFalse();
        }
    }

    @Test
    void stringsAndLiteralsAreReadAsTheParserReadsThem() throws IOException {
        for (String value : new String[] {"\"\"", "\"plain\"", "\"\\\\Inbox\"", "\"tab\\there\"", "\"\\u00e9t\\u00E9\"",
            "\"\\ud83d\\ude00 and a lone \\ud800\"", "\"\\/\\b\\f\\n\\r\\\"\"", "\"caf\u00e9 \u2603 \uD83D\uDE00\"", "true",
            "false", "null", "\"" + "x".repeat(600) + "\""}) {
            assertThat(reads("{\"Operation\":" + value + ",\"Workload\":{\"v\":" + value + ",\"w\":[" + value + "]},\"Other\":"
                    + value + "}")).as(value).isTrue();
        }
        for (String value : new String[] {"\"a\u0001b\"", "\"\\x\"", "\"\\u12g4\"", "\"\\u12\"", "tru", "truex", "nul", "False",
            "'single'", "\"unclosed"}) {
            assertThat(reads("{\"Operation\":" + value + "}")).as(value).isFalse();
            assertThat(reads("{\"Skipped\":" + value + "}")).as("skipped " + value).isFalse();
        }
    }

    @Test
    void theSlotReadingsStructureIsKeptAndWhatItCannotHoldIsLeftToTheParser() throws IOException {
        // a wrapper's record of its own, asTree members, an object followed into, a member kept whole repeated
        assertThat(reads("{\"time\":\"2023-05-22T14:57:35Z\",\"category\":\"SignInLogs\",\"properties\":"
                + "{\"id\":\"x\",\"status\":{\"errorCode\":0},\"appliedConditionalAccessPolicies\":[{\"id\":\"p\"}]},\"Level\":4}"))
                .isTrue();
        assertThat(reads("{\"Id\":\"a\",\"Id\":\"b\"}")).isFalse(); // repeated: the parser's reading reads it as a tree
        assertThat(reads("{\"properties\":{\"properties\":{}}}")).isFalse(); // a linked member inside the wrapper
        assertThat(reads("{\"properties\":\"text\"}")).isFalse();
        assertThat(reads("{\"Id\":\"a\",\"escaped\\u0041\":1}")).isFalse(); // an escaped name is the parser's
        assertThat(reads("{ \"Id\" : \"a\" ,\t\"Folders\" : [ { \"Path\" : \"\\\\Inbox\" } , 7 ] , \"e\" : { } , \"f\" : [ ] }"))
                .isTrue();
        assertThat(reads("{\"Id\":\"a\",}")).isFalse();
        assertThat(reads("{\"Id\":\"a\" \"Operation\":\"b\"}")).isFalse();
        assertThat(reads("{\"Id\":[1,]}")).isFalse();
        assertThat(reads("{\"Id\":\"a\"")).isFalse(); // unclosed at the end of the line
        String deep = "[".repeat(ByteSlotReader.MAX_DEPTH) + "]".repeat(ByteSlotReader.MAX_DEPTH);
        assertThat(reads("{\"Other\":" + deep + "}")).isFalse(); // deeper than it follows: the parser's (which reads it)
        assertThat(parser(LEAN.slotReader(), ("{\"Other\":" + deep + "}").getBytes(StandardCharsets.UTF_8), 0,
                deep.length() + 10)).isNotNull();
    }
}
