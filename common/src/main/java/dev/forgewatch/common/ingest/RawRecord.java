package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.SourceRef;

/** What a reader yields: a parsed JSON record, or input that could not be read as one. */
public sealed interface RawRecord {
    SourceRef origin();

    /**
     * A parsed record, ready for the normalizer. When read with a {@link MemberTree}, {@code node} holds
     * only the members the tree names and {@code text} is the record's JSON text, for when the whole
     * record is wanted after all ({@link #whole()}); otherwise {@code text} is null and the node is whole.
     */
    record Json(JsonNode node, SourceRef origin, String text) implements RawRecord {
        public Json(JsonNode node, SourceRef origin) {
            this(node, origin, null);
        }

        /** True when {@code node} holds only some members of the record. */
        public boolean partial() {
            return text != null;
        }

        /** This record with its whole tree (itself when it is whole already). */
        public Json whole() {
            if (text == null) {
                return this;
            }
            try {
                return new Json(dev.forgewatch.common.json.Json.MAPPER.readTree(text), origin);
            } catch (java.io.IOException e) {
                // the text parsed once already, with the same parser
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /**
     * A record read without a tree: the values of the members a {@link MemberTree} keeps, in slots
     * ({@link MemberTree#slots()}), and the record's JSON text for when it is wanted whole ({@link #whole()}).
     */
    record Slots(MemberValues values, SourceRef origin, RecordText text) implements RawRecord {
        /** This record with its whole tree. */
        public Json whole() {
            return new Json(text.tree(), origin);
        }
    }

    /**
     * Input that is not a record: the reason says why; the excerpt is a short, redacted piece of
     * the input for the analyst (never a secret).
     *
     * @param offset  the byte offset where the piece starts (in the decompressed content of a .gz),
     *                or -1 when not known
     * @param records how many records the piece held, as far as its structure shows: 1 for one
     *                damaged record, 0 for text that held none (garbage between records), more for
     *                a region that had to be skipped whole (an over-long line, an unclosed record
     *                that ran into the ones after it)
     */
    record Malformed(String reason, SourceRef origin, String excerpt, long offset, long records) implements RawRecord {
        public static final long UNKNOWN_OFFSET = -1;

        /** One damaged record at an offset not known. */
        public Malformed(String reason, SourceRef origin, String excerpt) {
            this(reason, origin, excerpt, UNKNOWN_OFFSET, 1);
        }
    }
}
