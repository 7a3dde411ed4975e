package dev.forgewatch.common.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.normalize.Timestamps;
import dev.forgewatch.common.secret.Fingerprints;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Canonical events as JSON, the form of rule test fixtures and of the hunt's sort spill files:
 * <pre>{"id", "timestamp", "kind", "origin": {"file", "line"}, "fields": {...}, "raw": {...}}</pre>
 * Decoding types every field by the catalog and rejects names the catalog does not define.
 */
public final class CanonicalEventCodec {
    private final FieldCatalog catalog;

    public CanonicalEventCodec(FieldCatalog catalog) {
        this.catalog = catalog;
    }

    public ObjectNode encode(CanonicalEvent event) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", event.id());
        node.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(event.timestamp()));
        node.put("kind", event.kind().shortName());
        ObjectNode origin = node.putObject("origin");
        origin.put("file", event.origin().file());
        origin.put("line", event.origin().line());
        ObjectNode fields = node.putObject("fields");
        for (Map.Entry<String, Object> field : event.fields().entrySet()) {
            Object value = field.getValue();
            if (value instanceof List<?> list) {
                ArrayNode array = fields.putArray(field.getKey());
                list.forEach(item -> array.add(item.toString()));
            } else if (value instanceof String text) {
                fields.put(field.getKey(), text);
            } else if (value instanceof Long number) {
                fields.put(field.getKey(), number);
            } else if (value instanceof Boolean flag) {
                fields.put(field.getKey(), flag);
            } else if (value instanceof Instant instant) {
                fields.put(field.getKey(), DateTimeFormatter.ISO_INSTANT.format(instant));
            } else {
                throw new IllegalArgumentException("field '" + field.getKey() + "' has a value of unsupported type "
                        + value.getClass().getSimpleName());
            }
        }
        node.set("raw", event.raw());
        return node;
    }

    /**
     * Decodes one event. {@code origin} defaults to {@code defaultOrigin} and {@code id} to a
     * content hash when absent, so hand-written fixtures can stay short.
     */
    public CanonicalEvent decode(JsonNode node, SourceRef defaultOrigin) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("a canonical event must be a JSON object");
        }
        Instant timestamp = Timestamps.parse(node.path("timestamp"));
        if (timestamp == null) {
            throw new IllegalArgumentException("canonical event has no valid 'timestamp'");
        }
        String kindName = node.path("kind").asText("");
        if (kindName.isEmpty()) {
            throw new IllegalArgumentException("canonical event has no 'kind' (audit, signin, token, app or graph_activity)");
        }
        SourceKind kind = SourceKind.fromShortName(kindName);
        JsonNode originNode = node.get("origin");
        SourceRef origin = originNode == null ? defaultOrigin
                : new SourceRef(originNode.path("file").asText(), originNode.path("line").asLong());
        CanonicalEvent.Builder builder = CanonicalEvent.builder().kind(kind).timestamp(timestamp).origin(origin);
        Iterator<Map.Entry<String, JsonNode>> fields = node.path("fields").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            if (!catalog.hasField(entry.getKey())) {
                throw new IllegalArgumentException("unknown canonical field '" + entry.getKey() + "'");
            }
            builder.field(entry.getKey(), decodeValue(catalog.field(entry.getKey()), entry.getValue()));
        }
        JsonNode raw = node.get("raw");
        if (raw instanceof ObjectNode rawObject) {
            builder.raw(rawObject);
        }
        String id = node.path("id").asText("");
        builder.id(id.isEmpty() ? kind.shortName() + "-" + Fingerprints.sha256Hex(node.toString()).substring(0, 40) : id);
        return builder.build();
    }

    private static Object decodeValue(FieldDefinition field, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (field.multi()) {
            List<String> items = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(item -> items.add(item.asText()));
            } else {
                items.add(value.asText());
            }
            return items;
        }
        switch (field.type()) {
            case DATE:
                Instant instant = Timestamps.parse(value);
                if (instant == null) {
                    throw new IllegalArgumentException("field '" + field.name() + "' is not a timestamp: " + value);
                }
                return instant;
            case LONG:
                if (value.isIntegralNumber()) {
                    return value.asLong();
                }
                if (value.isTextual() && value.asText().matches("-?\\d{1,18}")) {
                    return Long.parseLong(value.asText());
                }
                throw new IllegalArgumentException("field '" + field.name() + "' is not a whole number: " + value);
            case BOOLEAN:
                if (!value.isBoolean()) {
                    throw new IllegalArgumentException("field '" + field.name() + "' is not true/false: " + value);
                }
                return value.asBoolean();
            default:
                return value.asText();
        }
    }
}
