package dev.forgewatch.splunk.hec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.http.HttpReply;
import dev.forgewatch.common.http.HttpTransport;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The two HEC endpoints, on one channel: {@code POST /services/collector/event} (a gzipped batch of
 * JSON events) and {@code POST /services/collector/ack?channel=...} (which acknowledgement ids are
 * indexed). The channel id ({@code X-Splunk-Request-Channel}) scopes the ack ids.
 */
public final class HecClient {
    static final String EVENT_PATH = "/services/collector/event";
    static final String ACK_PATH = "/services/collector/ack";

    private final HttpTransport http;
    private final URI base;
    private final Secret token;
    private final String channel;

    public HecClient(HttpTransport http, URI base, Secret token, String channel) {
        this.http = http;
        this.base = base;
        this.token = token;
        this.channel = channel;
    }

    /** The channel ({@code X-Splunk-Request-Channel}) that scopes this client's ack ids. */
    public String channel() {
        return channel;
    }

    /** Sends one batch (newline-separated HEC JSON events), gzipped. */
    public HecResponse send(byte[] batch) throws IOException, InterruptedException {
        HttpReply response = http.post(base.resolve(EVENT_PATH), headers(true), gzip(batch));
        return HecResponse.parse(response, List.of(token));
    }

    /**
     * Which of these ack ids are indexed: {@code {"acks":[0,1]}} answered by {@code {"acks":{"0":true,"1":false}}}.
     * An id missing from the reply counts as not indexed.
     */
    public Map<Long, Boolean> acks(Collection<Long> ids) throws IOException, InterruptedException {
        ObjectNode request = Json.MAPPER.createObjectNode();
        ArrayNode array = request.putArray("acks");
        ids.forEach(array::add);
        URI uri = base.resolve(ACK_PATH + "?channel=" + URLEncoder.encode(channel, StandardCharsets.UTF_8));
        HttpReply response = http.post(uri, headers(false), Json.MAPPER.writeValueAsBytes(request));
        if (response.status() != 200) {
            HecResponse error = HecResponse.parse(response, List.of(token));
            if (error.retryable()) {
                throw new java.io.IOException("acknowledgement query failed: " + error.describe());
            }
            throw new HecException("acknowledgement query refused: " + error.describe());
        }
        JsonNode acks = Json.MAPPER.readTree(response.body()).path("acks");
        Map<Long, Boolean> result = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = acks.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            result.put(Long.parseLong(entry.getKey()), entry.getValue().asBoolean(false));
        }
        return result;
    }

    private Map<String, String> headers(boolean gzipped) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Authorization", "Splunk " + token.reveal());
        headers.put("X-Splunk-Request-Channel", channel);
        headers.put("Content-Type", "application/json");
        if (gzipped) {
            headers.put("Content-Encoding", "gzip");
        }
        return headers;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }
}
