package dev.forgewatch.token.extract;

import com.fasterxml.jackson.databind.JsonNode;

/** A token found in a log record: the compact token itself, or a proxy's reduced export of one. */
public sealed interface FoundToken {
    /** A compact JWS/JWE string, possibly malformed. A secret: never keep or print it. */
    record Compact(String token) implements FoundToken {
        @Override
        public String toString() {
            return "Compact[token hidden]";
        }
    }

    /** {@code {"fingerprint": "<sha256 hex>", "header": {...}, "claims": {...}}} as a proxy exported it. */
    record Reduced(JsonNode export) implements FoundToken {
    }
}
