package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Opens one input file: undoes gzip (by its magic bytes, whatever the name), reads its byte order
 * mark (UTF-8, or UTF-16 / UTF-32 as Windows tools write them, decoded), skips whitespace before
 * the first record however long it is, detects the format from the first characters after it, and
 * returns the matching streaming reader.
 */
public final class InputOpener {
    private static final int PEEK_BYTES = 64 * 1024;
    private static final int PEEK_CHARS = 64 * 1024;
    /** Most bytes the decoder may take for detection before NDJSON is read as bytes from where it starts. */
    private static final int REREAD_LIMIT = 1024 * 1024;

    private final IngestLimits limits;
    private final LineParser lineParser;
    private final boolean readBytes;

    public InputOpener(IngestLimits limits, LineParser lineParser) {
        this(limits, lineParser, true);
    }

    private InputOpener(IngestLimits limits, LineParser lineParser, boolean readBytes) {
        this.limits = limits;
        this.lineParser = lineParser;
        this.readBytes = readBytes;
    }

    /**
     * This opener reading every input as decoded text, UTF-8 NDJSON included (which it otherwise reads
     * as bytes, with the same records): the reference the byte reading is checked against.
     */
    public InputOpener decodingText() {
        return new InputOpener(limits, lineParser, false);
    }

    /** An opened input: its detected format and the reader for its records. */
    public record Opened(InputFormat format, boolean gzipped, RecordReader reader) {
    }

    public Opened open(Path path) throws IOException {
        return open(path, null);
    }

    /**
     * Opens a file whose NDJSON records are wanted with only the members {@code members} names (each
     * record keeps its text for when it is wanted whole: {@link RawRecord.Json#whole()}); null for whole records.
     */
    public Opened open(Path path, MemberTree members) throws IOException {
        InputStream file = Files.newInputStream(path);
        try {
            CountingInputStream fileBytes = new CountingInputStream(file, Long.MAX_VALUE);
            BufferedInputStream buffered = new BufferedInputStream(fileBytes, PEEK_BYTES);
            boolean gzipped = isGzip(buffered);
            InputStream content;
            if (gzipped) {
                content = new BufferedInputStream(
                        new CountingInputStream(new GZIPInputStream(buffered, 64 * 1024), limits.maxDecompressedBytes(),
                                fileBytes, limits.maxExpansion()),
                        PEEK_BYTES);
            } else {
                content = new BufferedInputStream(new CountingInputStream(buffered, limits.maxDecompressedBytes()), PEEK_BYTES);
            }
            content.mark(4);
            TextEncoding.Detected encoding = TextEncoding.detect(content.readNBytes(4));
            content.reset();
            content.skipNBytes(encoding.bomLength());
            // UTF-8 NDJSON is read as bytes, from where its first record starts: the detection's decoder
            // reads ahead, so the stream is marked, and what the decoder took is counted to know it can go back
            boolean utf8 = readBytes && encoding.encoding() == TextEncoding.UTF_8;
            CountingInputStream decoded = new CountingInputStream(content, Long.MAX_VALUE);
            if (utf8) {
                content.mark(REREAD_LIMIT);
            }
            BufferedReader text = new BufferedReader(new InputStreamReader(decoded, lenient(encoding.encoding())), PEEK_CHARS);
            Start start = skipWhitespace(text, encoding);
            if (start == null) {
                text.close();
                return new Opened(InputFormat.EMPTY, gzipped, null);
            }
            InputFormat format = detect(peek(text));
            InputStream bytes = null;
            if (utf8 && format == InputFormat.NDJSON && decoded.count() <= REREAD_LIMIT) {
                content.reset();
                content.skipNBytes(start.offset() - encoding.bomLength()); // the whitespace: one byte a character
                bytes = content;
            }
            TextSource source = new TextSource(text, bytes, path.toString(), encoding.encoding(), start.line(), start.offset(),
                    fileBytes::count);
            RecordReader records;
            switch (format) {
                case JSON_DOCUMENT:
                    records = new JsonDocumentReader(source, limits);
                    break;
                case NDJSON:
                    records = new NdjsonReader(source, limits, members);
                    break;
                case AUDIT_CSV:
                    records = new AuditCsvReader(source, limits);
                    break;
                case TEXT_LINES:
                    records = new TextLineReader(source, lineParser, limits);
                    break;
                default:
                    text.close();
                    records = null;
            }
            return new Opened(format, gzipped, records);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Where the first character that is not whitespace is. */
    private record Start(long line, long offset) {
    }

    /**
     * Consumes the whitespace before the first record, however much there is (a file padded with
     * megabytes of blanks is still read), counting its lines and bytes; null when nothing else follows.
     */
    private static Start skipWhitespace(BufferedReader text, TextEncoding.Detected encoding) throws IOException {
        char[] chunk = new char[8192];
        long line = 1;
        long offset = encoding.bomLength();
        while (true) {
            text.mark(chunk.length);
            int n = text.read(chunk, 0, chunk.length);
            if (n < 0) {
                return null;
            }
            int i = 0;
            while (i < n && isWhitespace(chunk[i])) {
                if (chunk[i] == '\n') {
                    line++;
                }
                i++;
            }
            offset += encoding.encoding().bytes(chunk, 0, i);
            if (i < n) {
                text.reset();
                text.skip(i);
                return new Start(line, offset);
            }
        }
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** Invalid bytes become U+FFFD instead of an exception: bad bytes are data problems, not crashes. */
    private static CharsetDecoder lenient(TextEncoding encoding) {
        return encoding.charset().newDecoder()
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

    /** Up to the first 64 Ki characters, left unread. */
    private static String peek(BufferedReader text) throws IOException {
        char[] head = new char[PEEK_CHARS];
        text.mark(PEEK_CHARS);
        int length = 0;
        int n;
        while (length < head.length && (n = text.read(head, length, head.length - length)) > 0) {
            length += n;
        }
        text.reset();
        return new String(head, 0, length);
    }

    /** Decides the format from the first characters of the (decompressed, decoded) content after leading whitespace. */
    static InputFormat detect(String head) {
        String trimmed = head.stripLeading();
        if (trimmed.isEmpty()) {
            return InputFormat.EMPTY;
        }
        for (int i = 0; i < Math.min(trimmed.length(), 4096); i++) {
            if (trimmed.charAt(i) == 0) {
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
        // NDJSON whose first line is damage: a text log has no line that is a JSON record
        String[] lines = trimmed.split("\n", 64);
        int complete = head.length() < PEEK_CHARS ? lines.length : lines.length - 1; // the last line may be cut by the peek
        for (int i = 1; i < complete; i++) {
            if (isRecordLine(lines[i].stripTrailing())) {
                return InputFormat.NDJSON;
            }
        }
        return InputFormat.TEXT_LINES;
    }

    /**
     * NDJSON when the first line starts with a complete JSON object that is not an envelope (whatever
     * follows it on that line: more values, or damage), or when several lines start at column 0 with
     * a brace and end with one (pretty-printed JSON indents its lines).
     */
    private static boolean looksLikeNdjson(String head) {
        String[] lines = head.split("\n", 64);
        if (isRecordLine(lines[0])) {
            return true;
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

    /** Whether a line starts with a complete JSON object that is a record, not an envelope of records. */
    private static boolean isRecordLine(String line) {
        if (!line.startsWith("{")) {
            return false;
        }
        int end = JsonScan.valueEnd(line, 0, line.length());
        if (end < 0) {
            return false;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(line.substring(0, end));
            return node.isObject() && !(node.path("value").isArray() || node.path("records").isArray());
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
