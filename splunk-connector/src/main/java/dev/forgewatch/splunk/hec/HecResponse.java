package dev.forgewatch.splunk.hec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.http.HttpReply;
import dev.forgewatch.common.http.ServerText;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.retry.RetryAfter;
import dev.forgewatch.common.secret.Secret;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * HEC's reply to a batch: {@code {"text":"Success","code":0,"ackId":7}}, or an error such as
 * {@code {"text":"Server is busy","code":9}} (503) or {@code {"text":"Invalid data format","code":6,
 * "invalid-event-number":3}} (400).
 *
 * @param text               HEC's status text, bounded and redacted (a server's words never reach a message verbatim)
 * @param ackId              the acknowledgement id when indexer acknowledgement is on, else null
 * @param invalidEventNumber the 0-based index of the first event HEC could not read, else null
 * @param retryAfter         the wait a busy server asked for ({@code Retry-After}), else null
 */
public record HecResponse(int status, int code, String text, Long ackId, Integer invalidEventNumber, Duration retryAfter) {
    public static final int SUCCESS = 0;
    public static final int INTERNAL_ERROR = 8;
    public static final int SERVER_BUSY = 9;

    /** @param sent the secrets sent with the request, masked if the server echoes them */
    static HecResponse parse(HttpReply reply, List<Secret> sent) {
        int status = reply.status();
        Duration retryAfter = RetryAfter.parse(reply.header("Retry-After"), Instant.now());
        try {
            JsonNode json = Json.MAPPER.readTree(reply.body());
            if (json != null && json.isObject()) {
                return new HecResponse(status, json.path("code").asInt(-1), ServerText.excerpt(json.path("text").asText(""), sent),
                        json.hasNonNull("ackId") ? json.get("ackId").asLong() : null,
                        json.hasNonNull("invalid-event-number") ? json.get("invalid-event-number").asInt() : null, retryAfter);
            }
        } catch (IOException e) {
            // Proxies and load balancers answer with HTML; keep the status, drop the body.
        }
        return new HecResponse(status, -1, "HTTP " + status, null, null, retryAfter);
    }

    public boolean accepted() {
        return status == 200 && code == SUCCESS;
    }

    /** Worth sending again later: the server was busy or failed, not the data or the token. */
    public boolean retryable() {
        return status == 503 || status == 500 || status == 502 || status == 504 || status == 429
                || code == SERVER_BUSY || code == INTERNAL_ERROR;
    }

    public String describe() {
        return "HTTP " + status + (code >= 0 ? ", HEC code " + code + " (" + text + ")" : "");
    }
}
