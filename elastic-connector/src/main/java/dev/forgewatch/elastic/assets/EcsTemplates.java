package dev.forgewatch.elastic.assets;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.mapping.FieldDefinition;
import dev.forgewatch.elastic.pkg.EcsReference;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Component templates, the index template and the ILM policy for the {@code logs-forgewatch.*} data
 * streams, generated from the field catalog: every canonical field's ECS name mapped by its catalog
 * type (a field ECS types as a keyword stays in the keyword family), plus the fields {@code EcsMapper}
 * and the ingest pipeline add themselves.
 */
public final class EcsTemplates {
    public static final String MAPPINGS = "forgewatch-mappings";
    public static final String SETTINGS = "forgewatch-settings";
    public static final String INDEX_TEMPLATE = "logs-forgewatch";
    public static final String ILM_POLICY = "forgewatch";
    public static final String INDEX_PATTERN = "logs-forgewatch.*-*";
    /**
     * Above the built-in {@code logs} template (100), which also matches {@code logs-*-*}; below Fleet's
     * integration templates (200), so the integration package's own data stream keeps its template.
     */
    static final int PRIORITY = 150;
    /** ECS gives these keyword fields a {@code .text} multi-field for full-text search. */
    private static final Set<String> TEXT_MULTI_FIELDS = Set.of("user.name", "user_agent.original");

    private EcsTemplates() {
    }

    /** The data stream (or index) for a source kind: {@code logs-forgewatch.audit-default}. */
    public static String dataStream(String kind, String namespace) {
        return "logs-" + EcsMapper.dataset(kind) + "-" + namespace;
    }

    /** Leaf ECS field to its mapping, in name order. */
    public static Map<String, ObjectNode> leafMappings(FieldCatalog catalog, ClusterProfile profile) {
        Map<String, ObjectNode> leaves = new TreeMap<>();
        for (FieldDefinition field : catalog.fields()) {
            ObjectNode mapping = Json.MAPPER.createObjectNode();
            switch (field.type()) {
                case KEYWORD:
                    mapping.put("type", "keyword").put("ignore_above", 1024);
                    if (TEXT_MULTI_FIELDS.contains(field.ecs())) {
                        mapping.putObject("fields").putObject("text").put("type", "text");
                    }
                    break;
                case IP:
                    // the normalizer accepts loose IPv6 shapes; one odd value must not reject the event
                    mapping.put("type", "ip").put("ignore_malformed", true);
                    break;
                default:
                    mapping.put("type", field.type().label());
            }
            if (ecsKeyword(field.ecs()) && !mapping.path("type").asText().equals("keyword")) {
                // ECS types it as a keyword (error.code): mapped otherwise here, the field would conflict in a
                // data view with the integration package's data stream and every other ECS source
                mapping.removeAll();
                mapping.put("type", "keyword").put("ignore_above", 1024);
            }
            leaves.put(field.ecs(), mapping);
        }
        for (String keyword : new String[] {"ecs.version", "event.kind", "event.module", "event.dataset",
                "event.category", "event.type", "related.user"}) {
            leaves.put(keyword, keywordMapping());
        }
        leaves.put("related.ip", Json.MAPPER.createObjectNode().put("type", "ip").put("ignore_malformed", true));
        // set by the ingest pipeline for records it could not normalize
        leaves.put("error.message", Json.MAPPER.createObjectNode().put("type", "text"));
        for (String part : new String[] {"type", "dataset", "namespace"}) {
            leaves.put("data_stream." + part, profile.constantKeyword()
                    ? Json.MAPPER.createObjectNode().put("type", "constant_keyword")
                    : keywordMapping());
        }
        return leaves;
    }

    /**
     * Whether ECS ({@link EcsReference}, the pinned field list) types {@code name} in the keyword family
     * (keyword, wildcard, constant_keyword). Wildcard stays keyword here: the OSS node has no wildcard
     * type, and Kibana treats both alike.
     */
    public static boolean ecsKeyword(String name) {
        return EcsReference.pinned().field(name).map(EcsReference.EcsField::type)
                .filter(type -> type.equals("keyword") || type.equals("wildcard") || type.equals("constant_keyword")).isPresent();
    }

    private static ObjectNode keywordMapping() {
        return Json.MAPPER.createObjectNode().put("type", "keyword").put("ignore_above", 1024);
    }

    /** {@code PUT _component_template/forgewatch-mappings}. */
    public static ObjectNode mappingsComponent(FieldCatalog catalog, ClusterProfile profile) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode mappings = body.putObject("template").putObject("mappings");
        mappings.put("dynamic", true);
        mappings.put("date_detection", false);
        ObjectNode properties = mappings.putObject("properties");
        for (Map.Entry<String, ObjectNode> leaf : leafMappings(catalog, profile).entrySet()) {
            properties(properties, leaf.getKey()).set(leafName(leaf.getKey()), leaf.getValue());
        }
        // the raw bag: kept in _source for the analyst, never indexed (arbitrary vendor members)
        String raw = EcsMapper.RAW_FIELD;
        properties(properties, raw).putObject(leafName(raw)).put("type", "object").put("enabled", false);
        return body;
    }

    /** {@code PUT _component_template/forgewatch-settings}; replicas only when the installer is told. */
    public static ObjectNode settingsComponent(ClusterProfile profile, Integer replicas) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode index = body.putObject("template").putObject("settings").putObject("index");
        index.put("codec", "best_compression");
        if (profile.ilm()) {
            index.putObject("lifecycle").put("name", ILM_POLICY);
        }
        if (replicas != null) {
            index.put("number_of_replicas", replicas);
        }
        return body;
    }

    /** {@code PUT _index_template/logs-forgewatch}. */
    public static ObjectNode indexTemplate(ClusterProfile profile) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putArray("index_patterns").add(INDEX_PATTERN);
        ArrayNode composedOf = body.putArray("composed_of");
        composedOf.add(SETTINGS).add(MAPPINGS);
        body.put("priority", PRIORITY);
        if (profile.dataStreams()) {
            body.putObject("data_stream");
        }
        return body;
    }

    /**
     * {@code PUT _ilm/policy/forgewatch}: roll over at 50 GB per primary shard or 30 days; delete after
     * 365 days, the Premium audit retention most tenants have for these records.
     */
    public static ObjectNode ilmPolicy() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode phases = body.putObject("policy").putObject("phases");
        ObjectNode rollover = phases.putObject("hot").putObject("actions").putObject("rollover");
        rollover.put("max_primary_shard_size", "50gb");
        rollover.put("max_age", "30d");
        phases.putObject("delete").put("min_age", "365d").putObject("actions").putObject("delete");
        return body;
    }

    private static ObjectNode properties(ObjectNode root, String dottedPath) {
        String[] parts = dottedPath.split("\\.");
        ObjectNode current = root;
        for (int i = 0; i < parts.length - 1; i++) {
            ObjectNode object = current.has(parts[i]) ? (ObjectNode) current.get(parts[i]) : current.putObject(parts[i]);
            current = object.has("properties") ? (ObjectNode) object.get("properties") : object.putObject("properties");
        }
        return current;
    }

    private static String leafName(String dottedPath) {
        return dottedPath.substring(dottedPath.lastIndexOf('.') + 1);
    }
}
