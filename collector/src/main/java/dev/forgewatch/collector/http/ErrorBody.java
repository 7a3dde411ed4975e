package dev.forgewatch.collector.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.http.HttpReply;
import dev.forgewatch.common.http.ServerText;
import dev.forgewatch.common.json.Json;
import java.io.IOException;

/**
 * The error body Microsoft's REST APIs (Management Activity API, Graph) return:
 * {@code {"error": {"code": "...", "message": "..."}}}. Empty strings when the body is not that. Both
 * are the server's words, so they are kept bounded, redacted and inert ({@link ServerText}).
 */
public record ErrorBody(String code, String message) {
    public static ErrorBody of(HttpReply response) {
        try {
            JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
            return new ErrorBody(ServerText.excerpt(error.path("code").asText("")), ServerText.excerpt(error.path("message").asText("")));
        } catch (IOException | RuntimeException notJson) {
            return new ErrorBody("", "");
        }
    }
}
