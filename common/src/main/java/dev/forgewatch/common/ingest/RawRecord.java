package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.SourceRef;

/** What a reader yields: a parsed JSON record, or input that could not be read as one. */
public sealed interface RawRecord {
    SourceRef origin();

    /** A parsed record, ready for the normalizer. */
    record Json(JsonNode node, SourceRef origin) implements RawRecord {
    }

    /**
     * Input that is not a record: the reason says why; the excerpt is a short, redacted piece of
     * the input for the analyst (never a secret).
     */
    record Malformed(String reason, SourceRef origin, String excerpt) implements RawRecord {
    }
}
