package dev.forgewatch.common.mapping;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Canonical event to an ECS document, driven by the catalog's {@code ecs} names and event classes.
 * The Elastic ingest pipeline is generated from the same catalog and must produce the same
 * document from the raw record.
 */
public final class EcsMapper {
    public static final String ECS_VERSION = "8.11.0";
    /** Where the raw bag goes: stored in _source, not indexed (see the index template). */
    public static final String RAW_FIELD = "forgewatch.raw";

    private final FieldCatalog catalog;

    public EcsMapper(FieldCatalog catalog) {
        this.catalog = catalog;
    }

    /** The dataset name of a source kind, e.g. {@code forgewatch.audit}. */
    public static String dataset(String kind) {
        return "forgewatch." + kind;
    }

    public Map<String, Object> toDocument(CanonicalEvent event) {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (FieldDefinition field : catalog.fields()) {
            Object value = event.get(field.name());
            if (value != null) {
                put(doc, field.ecs(), jsonValue(value));
            }
        }
        String kind = event.kind().shortName();
        EventClass eventClass = catalog.classify(kind, event.operation());
        put(doc, "ecs.version", ECS_VERSION);
        put(doc, "event.kind", "event");
        put(doc, "event.module", "forgewatch");
        put(doc, "event.dataset", dataset(kind));
        if (!eventClass.ecsCategory().isEmpty()) {
            put(doc, "event.category", eventClass.ecsCategory());
        }
        if (!eventClass.ecsType().isEmpty()) {
            put(doc, "event.type", eventClass.ecsType());
        }
        List<String> users = new ArrayList<>();
        addDistinct(users, event.text(Fields.USER_ID));
        addDistinct(users, event.text(Fields.MAILBOX_OWNER_UPN));
        if (!users.isEmpty()) {
            put(doc, "related.user", users);
        }
        String ip = event.clientIp();
        if (ip != null) {
            put(doc, "related.ip", List.of(ip));
        }
        if (event.raw().size() > 0) {
            put(doc, RAW_FIELD, event.raw());
        }
        return doc;
    }

    private static void addDistinct(List<String> values, String value) {
        if (value != null && !values.contains(value)) {
            values.add(value);
        }
    }

    static Object jsonValue(Object value) {
        return value instanceof Instant ? DateTimeFormatter.ISO_INSTANT.format((Instant) value) : value;
    }

    /** Puts a value at a dotted path, creating nested objects ({@code @timestamp} stays top-level). */
    @SuppressWarnings("unchecked")
    static void put(Map<String, Object> doc, String dottedPath, Object value) {
        String[] parts = dottedPath.split("\\.");
        Map<String, Object> current = doc;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = current.get(parts[i]);
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                current.put(parts[i], child);
            }
            current = (Map<String, Object>) child;
        }
        current.put(parts[parts.length - 1], value);
    }
}
