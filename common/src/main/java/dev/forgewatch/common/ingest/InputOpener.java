package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Opens one input file: undoes gzip (by its magic bytes, whatever the name), skips a UTF-8 BOM,
 * detects the format from the first bytes, and returns the matching streaming reader.
 */
public final class InputOpener {
    private static final int PEEK_BYTES = 64 * 1024;

    private final IngestLimits limits;
    private final LineParser lineParser;

    public InputOpener(IngestLimits limits, LineParser lineParser) {
        this.limits = limits;
        this.lineParser = lineParser;
    }

    /** An opened input: its detected format and the reader for its records. */
    public record Opened(InputFormat format, boolean gzipped, RecordReader reader) {
    }

    public Opened open(Path path) throws IOException {
        InputStream file = Files.newInputStream(path);
        try {
            CountingInputStream fileBytes = new CountingInputStream(file, Long.MAX_VALUE);
            BufferedInputStream buffered = new BufferedInputStream(fileBytes, PEEK_BYTES);
            boolean gzipped = isGzip(buffered);
            InputStream content = buffered;
            if (gzipped) {
                content = new BufferedInputStream(
                        new CountingInputStream(new GZIPInputStream(buffered, 64 * 1024), limits.maxDecompressedBytes(),
                                fileBytes, limits.maxExpansion()),
                        PEEK_BYTES);
            } else {
                content = new BufferedInputStream(new CountingInputStream(buffered, limits.maxDecompressedBytes()), PEEK_BYTES);
            }
            byte[] head = peek(content);
            int bom = head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF ? 3 : 0;
            if (bom > 0) {
                content.skipNBytes(bom);
            }
            String text = new String(head, bom, head.length - bom, StandardCharsets.UTF_8);
            InputFormat format = detect(text, head);
            String name = path.toString();
            Reader reader = new InputStreamReader(content, lenientUtf8());
            RecordReader records;
            switch (format) {
                case JSON_DOCUMENT:
                    records = new JsonDocumentReader(reader, name, fileBytes::count);
                    break;
                case NDJSON:
                    records = new NdjsonReader(reader, name, limits, fileBytes::count);
                    break;
                case AUDIT_CSV:
                    records = new AuditCsvReader(reader, name, limits, fileBytes::count);
                    break;
                case TEXT_LINES:
                    records = new TextLineReader(reader, name, lineParser, limits, fileBytes::count);
                    break;
                default:
                    reader.close();
                    records = null;
            }
            return new Opened(format, gzipped, records);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Invalid UTF-8 becomes U+FFFD instead of an exception: bad bytes are data problems, not crashes. */
    private static CharsetDecoder lenientUtf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b;
    }

    private static byte[] peek(InputStream in) throws IOException {
        in.mark(PEEK_BYTES);
        byte[] head = in.readNBytes(PEEK_BYTES);
        in.reset();
        return head;
    }

    /** Decides the format from the first bytes of the (decompressed) content. */
    static InputFormat detect(String head, byte[] raw) {
        String trimmed = head.stripLeading();
        if (trimmed.isEmpty()) {
            return InputFormat.EMPTY;
        }
        for (int i = 0; i < Math.min(raw.length, 4096); i++) {
            if (raw[i] == 0) {
                return InputFormat.BINARY;
            }
        }
        char first = trimmed.charAt(0);
        if (first == '[') {
            return InputFormat.JSON_DOCUMENT;
        }
        if (first == '{') {
            return looksLikeNdjson(trimmed) ? InputFormat.NDJSON : InputFormat.JSON_DOCUMENT;
        }
        int newline = trimmed.indexOf('\n');
        String firstLine = (newline < 0 ? trimmed : trimmed.substring(0, newline)).toLowerCase(Locale.ROOT);
        if (firstLine.contains(AuditCsvReader.AUDIT_DATA) && firstLine.contains(",")) {
            return InputFormat.AUDIT_CSV;
        }
        return InputFormat.TEXT_LINES;
    }

    /**
     * NDJSON when the first line is a complete JSON object that is not an envelope, or when several
     * lines start at column 0 with a brace and end with one (pretty-printed JSON indents its lines).
     */
    private static boolean looksLikeNdjson(String head) {
        String[] lines = head.split("\n", 64);
        String first = lines[0].strip();
        if (first.endsWith("}")) {
            try {
                JsonNode node = Json.MAPPER.readTree(first);
                if (node.isObject() && !(node.path("value").isArray() || node.path("records").isArray())) {
                    return true;
                }
            } catch (JsonProcessingException e) {
                // fall through: a broken first line may still be NDJSON
            }
        }
        int recordLines = 0;
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i].stripTrailing();
            if (line.startsWith("{") && line.endsWith("}")) {
                recordLines++;
            }
        }
        return recordLines >= 2;
    }
}
