package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Redactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One JSON record per line. A line may also hold several values run together ({@code {…}{…}},
 * as a careless concatenation writes them): each becomes a record. Whatever else a line holds is
 * quarantined piece by piece with its byte offset: a value that does not parse (up to where its
 * braces close, so the next value on the line is still read), and text between or after values.
 */
final class NdjsonReader extends LineRecordReader {
    /** The members to keep of each record, or null for whole records. */
    private final MemberTree members;
    /** Reads records into slots when the tree is numbered for it, else null. */
    private final MemberTree.SlotReader slots;
    /** Reads records into slots from their bytes, without a parser, when the tree is numbered (and the lines are bytes), else null. */
    private final ByteSlotReader byteSlots;

    NdjsonReader(TextSource source, IngestLimits limits, MemberTree members) {
        super(source, limits, true);
        this.members = members;
        this.slots = members != null && members.numbered() ? members.slotReader() : null;
        this.byteSlots = slots != null && readsBytes() ? new ByteSlotReader(members) : null;
    }

    /**
     * A line holding one object and nothing but ASCII whitespace around it, read from the line's bytes:
     * into slots by {@link ByteSlotReader} where it takes the record, else with Jackson's UTF-8 parser
     * over them; no string of the line, no decoding. Whatever else (several values,
     * text around them, JSON that fails) is left to {@link #toRecords}, which reads and quarantines it.
     */
    @Override
    RawRecord fromBytes(ByteLineReader line) {
        byte[] bytes = line.bytes();
        int end = line.end();
        int at = line.start();
        while (at < end && isAsciiWhitespace(bytes[at])) {
            at++;
        }
        // an object the members reading reads must be short enough for no skipped string to go over the limit
        if (at >= end || bytes[at] != '{' || members != null && end - at > Json.MAX_STRING_LENGTH) {
            return null;
        }
        if (byteSlots != null) {
            int valueEnd = byteSlots.read(bytes, at, end);
            if (valueEnd >= 0) {
                for (int i = valueEnd; i < end; i++) {
                    if (!isAsciiWhitespace(bytes[i])) {
                        return null;
                    }
                }
                return new RawRecord.Slots(byteSlots.values(), new SourceRef(file(), line.number()),
                        RecordText.of(bytes, at, valueEnd - at));
            }
            // declined (JSON it does not take, a record the slots cannot hold): read by the parser below
        }
        try (JsonParser parser = Json.MAPPER.createParser(bytes, at, end - at)) {
            parser.nextToken();
            MemberValues values = null;
            JsonNode node = null;
            if (members == null) {
                node = Json.MAPPER.readTree(parser);
            } else if (slots != null) {
                values = slots.read(parser);
            } else {
                node = members.read(parser);
            }
            int valueEnd = at + (int) parser.currentLocation().getByteOffset();
            for (int i = valueEnd; i < end; i++) {
                if (!isAsciiWhitespace(bytes[i])) {
                    return null;
                }
            }
            SourceRef origin = new SourceRef(file(), line.number());
            if (members == null) {
                return new RawRecord.Json(node, origin);
            }
            if (values != null) {
                return new RawRecord.Slots(values, origin, RecordText.of(bytes, at, valueEnd - at));
            }
            String record = new String(bytes, at, valueEnd - at, StandardCharsets.UTF_8);
            return new RawRecord.Json(slots != null ? partial(record) : node, origin, record);
        } catch (JsonProcessingException e) {
            return null; // read as text, which quarantines it with the text reading's reason and excerpt
        } catch (IOException e) {
            throw new UncheckedIOException(e); // parsing bytes in memory does no I/O
        }
    }

    /** Whitespace as {@link Character#isWhitespace} has it, for ASCII. */
    private static boolean isAsciiWhitespace(byte b) {
        return b == ' ' || b >= 9 && b <= 13 || b >= 28 && b <= 31;
    }

    @Override
    List<RawRecord> toRecords(Line line) {
        String text = line.text();
        List<RawRecord> records = new ArrayList<>(1);
        int at = skipWhitespace(text, 0);
        while (at < text.length()) {
            char first = text.charAt(at);
            int end;
            if (first == '{' || first == '[') {
                end = value(line, at, records);
            } else {
                end = nextValueStart(text, at + 1);
                records.add(new RawRecord.Malformed("not JSON: text " + (records.isEmpty() ? "before" : "after")
                        + " the line's records", line.origin(), Excerpts.of(text.substring(at, end)), line.offsetOf(at), 0));
            }
            at = skipWhitespace(text, end);
        }
        return records;
    }

    /** Reads the value starting at {@code at} into {@code records}; returns where it ends. */
    private int value(Line line, int at, List<RawRecord> records) {
        String text = line.text();
        try (JsonParser parser = Json.MAPPER.createParser(at == 0 ? text : text.substring(at))) {
            // An object is read with only the members asked for, unless it could hold a string over the
            // parser's limit: a skipped string is not measured, and such a record must fail as a whole one does.
            if (members != null && text.charAt(at) == '{' && text.length() - at <= Json.MAX_STRING_LENGTH) {
                parser.nextToken();
                MemberValues values = slots != null ? slots.read(parser) : null;
                JsonNode node = slots == null ? members.read(parser) : null;
                int end = at + (int) parser.currentLocation().getCharOffset();
                String record = text.substring(at, end);
                if (values != null) {
                    records.add(new RawRecord.Slots(values, line.origin(), RecordText.of(record)));
                } else if (slots != null) {
                    records.add(new RawRecord.Json(partial(record), line.origin(), record)); // the slots could not hold it
                } else {
                    records.add(new RawRecord.Json(node, line.origin(), record));
                }
                return end;
            }
            JsonNode node = Json.MAPPER.readTree(parser);
            records.add(new RawRecord.Json(node, line.origin()));
            return at + (int) parser.currentLocation().getCharOffset();
        } catch (JsonProcessingException e) {
            int end = JsonScan.valueEnd(text, at, text.length());
            if (end < 0) {
                end = text.length();
            }
            String reason = e instanceof StreamConstraintsException
                    ? "JSON exceeds a safety limit (" + Redactor.redact(e.getOriginalMessage()) + ")"
                    : "malformed JSON: " + Redactor.redact(e.getOriginalMessage());
            records.add(new RawRecord.Malformed(reason, line.origin(), Excerpts.of(text.substring(at, end)), line.offsetOf(at), 1));
            return end;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // parsing a string does no I/O
        }
    }

    /** The record read again, as a tree of the members asked for. */
    private JsonNode partial(String record) throws IOException {
        try (JsonParser parser = Json.MAPPER.createParser(record)) {
            parser.nextToken();
            return members.read(parser);
        }
    }

    private static int skipWhitespace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int nextValueStart(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{' || c == '[') {
                return i;
            }
        }
        return text.length();
    }
}
