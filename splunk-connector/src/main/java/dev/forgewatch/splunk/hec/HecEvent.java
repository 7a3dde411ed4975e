package dev.forgewatch.splunk.hec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.splunk.app.HecFields;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One event for {@code /services/collector/event}. {@code id} is ForgeWatch's stable event id and
 * travels as the indexed field {@code forgewatch_event_id}; {@code index} and {@code host} are null to
 * use the HEC token's defaults.
 */
public record HecEvent(String id, Instant time, String sourcetype, String source, String host, String index,
                       JsonNode event) {
    public HecEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(sourcetype, "sourcetype");
        Objects.requireNonNull(event, "event");
    }

    public HecEvent withDestination(String host, String index) {
        return new HecEvent(id, time, sourcetype, source, host, index, event);
    }

    /** The HEC JSON envelope, one line, as the bytes of a batch. */
    public byte[] toJsonLine() {
        ObjectNode envelope = Json.MAPPER.createObjectNode();
        // Epoch seconds with millisecond precision, written exactly (no binary floating point).
        envelope.put("time", BigDecimal.valueOf(time.toEpochMilli()).movePointLeft(3));
        if (host != null) {
            envelope.put("host", host);
        }
        if (source != null) {
            envelope.put("source", source);
        }
        envelope.put("sourcetype", sourcetype);
        if (index != null) {
            envelope.put("index", index);
        }
        envelope.set("event", event);
        envelope.putObject("fields").put(HecFields.EVENT_ID, id);
        try {
            return (Json.MAPPER.writeValueAsString(envelope) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
