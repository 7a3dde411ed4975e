package dev.forgewatch.common.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The canonical fields and event classes, read from {@code fields.yaml} and
 * {@code event-classes.yaml}. Every mapping in ForgeWatch (normalizer, ECS, CIM, the Elastic
 * pipeline and templates, the Splunk props, the Sigma field map) is derived from this catalog.
 */
public final class FieldCatalog {
    public static final String FIELDS_RESOURCE = "/dev/forgewatch/mapping/fields.yaml";
    public static final String CLASSES_RESOURCE = "/dev/forgewatch/mapping/event-classes.yaml";
    private static final Set<String> SOURCE_KEYS = Set.of("audit", "signin", "app", "graph_activity");

    private static volatile FieldCatalog defaultCatalog;

    private final Map<String, FieldDefinition> fields;
    private final Map<String, FieldDefinition> bySigmaName;
    private final List<EventClass> classes;

    private FieldCatalog(Map<String, FieldDefinition> fields, List<EventClass> classes) {
        this.fields = Collections.unmodifiableMap(fields);
        this.classes = List.copyOf(classes);
        Map<String, FieldDefinition> sigma = new HashMap<>();
        for (FieldDefinition field : fields.values()) {
            sigma.put(field.name(), field);
            for (String name : field.sigma()) {
                FieldDefinition previous = sigma.put(name, field);
                if (previous != null && previous != field) {
                    throw new MappingException(FIELDS_RESOURCE + ": Sigma name '" + name + "' is used by both '"
                            + previous.name() + "' and '" + field.name() + "'");
                }
            }
        }
        this.bySigmaName = Collections.unmodifiableMap(sigma);
    }

    /** The catalog shipped with ForgeWatch, loaded once. */
    public static FieldCatalog standard() {
        FieldCatalog catalog = defaultCatalog;
        if (catalog == null) {
            synchronized (FieldCatalog.class) {
                catalog = defaultCatalog;
                if (catalog == null) {
                    catalog = load(resource(FIELDS_RESOURCE), FIELDS_RESOURCE, resource(CLASSES_RESOURCE), CLASSES_RESOURCE);
                    defaultCatalog = catalog;
                }
            }
        }
        return catalog;
    }

    private static JsonNode resource(String name) {
        try (InputStream in = FieldCatalog.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new MappingException("mapping resource " + name + " is missing from the classpath");
            }
            return Json.YAML.readTree(in);
        } catch (IOException e) {
            throw new MappingException("cannot read mapping resource " + name + ": " + e.getMessage(), e);
        }
    }

    /** Builds a catalog from parsed YAML trees; names are used in error messages. */
    public static FieldCatalog load(JsonNode fieldsDoc, String fieldsName, JsonNode classesDoc, String classesName) {
        Map<String, FieldDefinition> fields = new LinkedHashMap<>();
        JsonNode list = fieldsDoc.path("fields");
        if (!list.isArray() || list.isEmpty()) {
            throw new MappingException(fieldsName + ": expected a non-empty 'fields' list");
        }
        for (JsonNode node : list) {
            FieldDefinition field = readField(node, fieldsName);
            if (fields.put(field.name(), field) != null) {
                throw new MappingException(fieldsName + ": field '" + field.name() + "' is defined twice");
            }
        }
        List<EventClass> classes = new ArrayList<>();
        Set<String> classIds = new HashSet<>();
        for (JsonNode node : classesDoc.path("classes")) {
            EventClass eventClass = readClass(node, classesName);
            if (!classIds.add(eventClass.id())) {
                throw new MappingException(classesName + ": class '" + eventClass.id() + "' is defined twice");
            }
            classes.add(eventClass);
        }
        return new FieldCatalog(fields, classes);
    }

    private static FieldDefinition readField(JsonNode node, String file) {
        String name = required(node, "name", file, "a field").intern();
        String where = file + ": field '" + name + "'";
        try {
            FieldType type = FieldType.parse(required(node, "type", file, name));
            String ecs = required(node, "ecs", file, name);
            JsonNode cimNode = node.get("cim");
            String cim = cimNode == null || cimNode.isNull() ? null : cimNode.asText();
            Map<String, SourceRule> sources = new LinkedHashMap<>();
            JsonNode sourcesNode = node.path("sources");
            sourcesNode.fieldNames().forEachRemaining(kind -> {
                if (!SOURCE_KEYS.contains(kind)) {
                    throw new IllegalArgumentException("unknown source kind '" + kind + "' (expected one of " + SOURCE_KEYS + ")");
                }
                sources.put(kind, readRule(sourcesNode.get(kind)));
            });
            return new FieldDefinition(name, type, node.path("multi").asBoolean(false),
                    node.path("description").asText(""), strings(node.path("sigma")), ecs, cim, sources);
        } catch (IllegalArgumentException e) {
            throw new MappingException(where + ": " + e.getMessage(), e);
        }
    }

    /** A source is a list whose items are a path, or {@code {path, values}} for a path with a value table. */
    private static SourceRule readRule(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException("a source needs a list of paths");
        }
        List<SourceEntry> entries = new ArrayList<>();
        for (JsonNode item : node) {
            if (item.isObject()) {
                String path = item.path("path").asText("");
                if (path.isEmpty()) {
                    throw new IllegalArgumentException("a source entry with values needs a 'path'");
                }
                Map<String, String> values = new LinkedHashMap<>();
                item.path("values").fields().forEachRemaining(entry -> values.put(entry.getKey(), entry.getValue().asText()));
                entries.add(new SourceEntry(SourcePath.parse(path), values));
            } else {
                entries.add(new SourceEntry(SourcePath.parse(item.asText()), Map.of()));
            }
        }
        return new SourceRule(entries);
    }

    private static EventClass readClass(JsonNode node, String file) {
        String id = required(node, "id", file, "a class");
        String kind = required(node, "kind", file, id);
        JsonNode ecs = node.path("ecs");
        return new EventClass(id, kind, new HashSet<>(strings(node.path("operations"))), node.path("description").asText(""),
                strings(ecs.path("category")), strings(ecs.path("type")), strings(node.path("cim_tags")));
    }

    private static String required(JsonNode node, String key, String file, String owner) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            throw new MappingException(file + ": " + owner + " has no '" + key + "'");
        }
        return value.asText();
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        node.forEach(item -> values.add(item.asText()));
        return values;
    }

    /** Every canonical field, in the order of the mapping file. */
    public Iterable<FieldDefinition> fields() {
        return fields.values();
    }

    public List<FieldDefinition> fieldList() {
        return List.copyOf(fields.values());
    }

    /** The field of that canonical name; throws for an unknown name. */
    public FieldDefinition field(String name) {
        FieldDefinition field = fields.get(name);
        if (field == null) {
            throw new IllegalArgumentException("unknown canonical field '" + name + "'");
        }
        return field;
    }

    public boolean hasField(String name) {
        return fields.containsKey(name);
    }

    /** The field a Sigma rule means by this name (a canonical name or one of its Sigma names), or null. */
    public FieldDefinition bySigmaName(String name) {
        return bySigmaName.get(name);
    }

    public List<EventClass> classes() {
        return classes;
    }

    /** The first class matching the event kind and operation; every kind has a catch-all. */
    public EventClass classify(String kind, String operation) {
        for (EventClass eventClass : classes) {
            if (eventClass.matches(kind, operation)) {
                return eventClass;
            }
        }
        throw new MappingException(CLASSES_RESOURCE + ": no class (not even a catch-all) for kind '" + kind + "'");
    }
}
