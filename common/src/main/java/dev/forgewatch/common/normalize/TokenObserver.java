package dev.forgewatch.common.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Finds and inspects the bearer tokens an app/proxy record carries. Each returned map holds the
 * {@code token_*} canonical fields of one token (never the token itself); the normalizer turns
 * each into a {@code token} event. Returns an empty list when the record carries no token.
 */
@FunctionalInterface
public interface TokenObserver {
    TokenObserver NONE = (record, seenAt) -> List.of();

    List<Map<String, Object>> observe(JsonNode record, Instant seenAt);
}
