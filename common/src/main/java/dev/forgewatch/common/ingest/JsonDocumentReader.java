package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Redactor;
import java.io.IOException;
import java.util.Set;

/**
 * Streams records out of JSON documents without loading them whole: a top-level array of records
 * (Management Activity API content blobs), an envelope whose {@code value} (Microsoft Graph) or
 * {@code records} (Azure Monitor export) array holds them, a single record object, or several
 * such documents one after another.
 *
 * <p>The document's structure is followed here, character by character ({@link JsonScan}); each
 * record's text is then parsed on its own. So a damaged record costs only itself: the next one
 * starts where the damaged one's braces close. A record that never closes (a truncated file, a
 * missing brace) ends at the end of the file or of its array, and the records it ran into are
 * counted. Text outside any record is quarantined with its byte offset; a record longer than the
 * limit is skipped and reported without being held.
 */
final class JsonDocumentReader implements RecordReader {
    private static final Set<String> ENVELOPE_ARRAYS = Set.of("value", "records");
    private static final String REST_NOT_READ = "; the rest of the file after this point is not read";

    /** Where the reader is in the document's structure. */
    private enum Mode {
        /** Between documents. */
        ROOT,
        /** Inside a record array, between its elements. */
        ELEMENTS,
        /** Inside an envelope object, after its record array. */
        ENVELOPE_REST
    }

    private final TextSource source;
    private final int maxChars;
    private final char[] buffer = new char[64 * 1024];
    private final JsonScan scan = new JsonScan();
    private final StringBuilder text = new StringBuilder();
    private int position;
    private int limit;
    private boolean eof;
    /** Line and byte offset of {@code buffer[position]}. */
    private long line;
    private long offset;
    private Mode mode = Mode.ROOT;
    private boolean arrayInEnvelope;

    JsonDocumentReader(TextSource source, IngestLimits limits) {
        this.source = source;
        this.maxChars = limits.maxLineBytes();
        this.line = source.firstLine();
        this.offset = source.firstOffset();
    }

    @Override
    public RawRecord next() throws IOException {
        while (true) {
            int c = peekPastWhitespace();
            if (c < 0) {
                return null;
            }
            RawRecord record;
            switch (mode) {
                case ELEMENTS:
                    if (c == ',') {
                        take();
                        continue;
                    }
                    if (c == ']' || c == '}') {
                        take();
                        mode = arrayInEnvelope ? Mode.ENVELOPE_REST : Mode.ROOT;
                        continue;
                    }
                    return element((char) c);
                case ENVELOPE_REST:
                    skipRestOfEnvelope();
                    continue;
                default:
                    if (c == '[') {
                        take();
                        mode = Mode.ELEMENTS;
                        arrayInEnvelope = false;
                        continue;
                    }
                    if (c == ',') {
                        take(); // between concatenated documents: structure, no record
                        continue;
                    }
                    record = c == '{' ? rootObject() : outsideRecords();
                    if (record != null) {
                        return record;
                    }
            }
        }
    }

    /** One element of a record array: an object is a record; anything else is reported. */
    private RawRecord element(char first) throws IOException {
        long startLine = line;
        long startOffset = offset;
        if (first == '{') {
            return captureValue(startLine, startOffset);
        }
        // a scalar, string or array where a record was expected: it ends at the next separator
        text.setLength(0);
        scan.reset(0);
        long length = 0;
        int c;
        while ((c = peek()) >= 0) {
            boolean outside = scan.depth() == 0 && !scan.inString();
            if (outside && length > 0 && (c == ',' || c == ']' || c == '}' || c == '{')) {
                break;
            }
            take();
            scan.feed((char) c);
            length++;
            if (text.length() < maxChars) {
                text.append((char) c);
            }
        }
        String piece = text.toString().strip();
        SourceRef origin = new SourceRef(source.file(), startLine);
        try {
            JsonNode node = Json.WHOLE_TREE.readValue(piece);
            long records = node.isArray() ? node.size() : 0;
            return new RawRecord.Malformed("array element is not a JSON object", origin, Excerpts.of(node.toString()),
                    startOffset, records);
        } catch (JsonProcessingException e) {
            return new RawRecord.Malformed(reason(e), origin, Excerpts.of(piece), startOffset, scan.topLevelObjects());
        }
    }

    /**
     * A top-level object: a record, or an envelope whose record array is then streamed. Which one
     * shows once a {@code value} or {@code records} member turns out to hold an array; until then the
     * object's text is kept as a record's.
     */
    private RawRecord rootObject() throws IOException {
        long startLine = line;
        long startOffset = offset;
        text.setLength(0);
        scan.reset(0);
        long length = 0;
        // the members of the outermost object are followed to spot an envelope's record array
        StringBuilder key = new StringBuilder();
        boolean keyNext = false;
        boolean inKey = false;
        boolean keyDone = false;
        boolean valueNext = false;
        int c;
        while ((c = peek()) >= 0) {
            char ch = (char) c;
            boolean member = scan.depth() == 1 && !scan.inString();
            if (member && valueNext && !isWhitespace(ch)) {
                valueNext = false;
                if (ch == '[' && ENVELOPE_ARRAYS.contains(key.toString())) {
                    take();
                    mode = Mode.ELEMENTS;
                    arrayInEnvelope = true;
                    return null;
                }
            }
            boolean opening = scan.depth() == 0;
            take();
            boolean closed = scan.feed(ch);
            length++;
            if (text.length() < maxChars) {
                text.append(ch);
            }
            if (closed) {
                return parsed(startLine, startOffset, length);
            }
            if (inKey) {
                if (!scan.inString()) {
                    inKey = false;
                    keyDone = true;
                } else if (key.length() < 16) {
                    key.append(ch);
                }
            } else if (opening || (member && ch == ',')) {
                keyNext = true;
            } else if (member && ch == '"' && keyNext) {
                inKey = true;
                keyNext = false;
                key.setLength(0);
            } else if (member && ch == ':' && keyDone) {
                keyDone = false;
                valueNext = true;
            }
        }
        return cutShort(startLine, startOffset);
    }

    /** An object element, from its opening brace to where its braces close. */
    private RawRecord captureValue(long startLine, long startOffset) throws IOException {
        text.setLength(0);
        scan.reset(0);
        long length = 0;
        while (true) {
            if (position >= limit && !fill()) {
                return cutShort(startLine, startOffset);
            }
            int from = position;
            boolean closed = false;
            while (position < limit) {
                char ch = buffer[position++];
                if (ch == '\n') {
                    line++;
                }
                if (scan.feed(ch)) {
                    closed = true;
                    break;
                }
            }
            int run = position - from;
            offset += source.encoding().bytes(buffer, from, position);
            if (text.length() < maxChars) {
                text.append(buffer, from, Math.min(run, maxChars - text.length()));
            }
            length += run;
            if (closed) {
                return parsed(startLine, startOffset, length);
            }
        }
    }

    /** The record whose text was just captured, parsed; or why it cannot be. */
    private RawRecord parsed(long startLine, long startOffset, long length) {
        SourceRef origin = new SourceRef(source.file(), startLine);
        long records = 1 + scan.swallowedObjects();
        if (length > maxChars) {
            return new RawRecord.Malformed("record is " + length + " characters long, over the limit of " + maxChars, origin, "",
                    startOffset, records);
        }
        String value = text.toString();
        try {
            JsonNode node = Json.WHOLE_TREE.readValue(value);
            return new RawRecord.Json(node, origin);
        } catch (JsonProcessingException e) {
            return new RawRecord.Malformed(reason(e) + (records > 1 ? "; it ran into " + (records - 1) + " record(s) after it" : ""),
                    origin, Excerpts.of(value), startOffset, records);
        }
    }

    /** A record the file ends inside of (a truncated file), with the records it ran into. */
    private RawRecord cutShort(long startLine, long startOffset) {
        long records = 1 + scan.swallowedObjects();
        return new RawRecord.Malformed("malformed JSON: the file ends inside a record (truncated?)"
                + (records > 1 ? ", which ran into " + (records - 1) + " record(s) after it" : "") + REST_NOT_READ,
                new SourceRef(source.file(), startLine), Excerpts.of(text.toString()), startOffset, records);
    }

    /** Text between documents that is not JSON: reported up to where the next document could start. */
    private RawRecord outsideRecords() throws IOException {
        long startLine = line;
        long startOffset = offset;
        text.setLength(0);
        int c;
        while ((c = peek()) >= 0 && c != '{' && c != '[') {
            take();
            if (text.length() < Excerpts.MAX) {
                text.append((char) c);
            }
        }
        return new RawRecord.Malformed("not JSON: text outside any record", new SourceRef(source.file(), startLine),
                Excerpts.of(text.toString()), startOffset, 0);
    }

    /** The members of an envelope after its record array (e.g. {@code @odata.nextLink}) are skipped. */
    private void skipRestOfEnvelope() throws IOException {
        scan.reset(1);
        int c;
        while ((c = peek()) >= 0) {
            take();
            if (scan.feed((char) c)) {
                break;
            }
        }
        mode = Mode.ROOT;
    }

    private static String reason(JsonProcessingException e) {
        return e instanceof StreamConstraintsException
                ? "JSON exceeds a safety limit (" + Redactor.redact(e.getOriginalMessage()) + ")"
                : "malformed JSON: " + Redactor.redact(e.getOriginalMessage());
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private int peekPastWhitespace() throws IOException {
        int c;
        while ((c = peek()) >= 0 && isWhitespace((char) c)) {
            take();
        }
        return c;
    }

    private int peek() throws IOException {
        if (position >= limit && !fill()) {
            return -1;
        }
        return buffer[position];
    }

    private void take() {
        char c = buffer[position++];
        if (c == '\n') {
            line++;
        }
        offset += source.encoding().width(c);
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        limit = source.reader().read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
            limit = 0;
            eof = true;
            return false;
        }
        return true;
    }

    @Override
    public long bytesRead() {
        return source.fileBytes().getAsLong();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
