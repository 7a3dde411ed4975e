package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON text of one record, kept for when the record is wanted whole after it was read in part:
 * the slice of the input's UTF-8 bytes it was read from (no copy, no decoding until it is wanted), or
 * its text.
 */
public final class RecordText {
    private final byte[] bytes;
    private final int offset;
    private final int length;
    private final String text;

    private RecordText(byte[] bytes, int offset, int length, String text) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        this.text = text;
    }

    /** Bytes [offset, offset + length) of {@code bytes}, well-formed UTF-8, which must not change. */
    static RecordText of(byte[] bytes, int offset, int length) {
        return new RecordText(bytes, offset, length, null);
    }

    static RecordText of(String text) {
        return new RecordText(null, 0, 0, text);
    }

    /** The record's whole tree, parsed again from its text. */
    public JsonNode tree() {
        try {
            return text != null ? Json.MAPPER.readTree(text) : Json.MAPPER.readTree(bytes, offset, length);
        } catch (IOException e) {
            // the text parsed once already, with the same parser
            throw new UncheckedIOException(e);
        }
    }

    /** The record's JSON text. */
    @Override
    public String toString() {
        return text != null ? text : new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
}
