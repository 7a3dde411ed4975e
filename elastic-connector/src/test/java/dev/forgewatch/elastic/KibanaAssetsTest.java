package dev.forgewatch.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.elastic.assets.ClusterProfile;
import dev.forgewatch.elastic.assets.EcsTemplates;
import dev.forgewatch.elastic.kibana.Dashboards;
import dev.forgewatch.detections.compile.elastic.IncidentRule;
import dev.forgewatch.detections.compile.elastic.KibanaRuleExport;
import dev.forgewatch.detections.compile.elastic.StackLines;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.RuleSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Kibana cannot run here: the saved objects are checked against the published shapes of Kibana's
 * saved-object import (id/type/attributes/references; dashboards whose panels embed Lens form-based
 * layers by value, their data view references listed on the dashboard as {@code panel:name}), and
 * the saved objects and rules against the field mappings ForgeWatch installs.
 */
class KibanaAssetsTest {
    private static final FieldCatalog CATALOG = FieldCatalog.standard();
    private static final Set<String> OPERATIONS = Set.of("terms", "date_histogram", "count", "unique_count", "min", "max");
    private static final Set<String> VISUALIZATIONS = Set.of("lnsXY", "lnsDatatable", "lnsMetric", "lnsPie");

    /** ECS field name to mapped type, from the mappings ForgeWatch installs. */
    private static final Map<String, String> FIELD_TYPES = fieldTypes();

    /** The alerts index's fields ForgeWatch reads, with their mapped types (spec/kibana-alert-fields.tsv, with sources). */
    static final Map<String, String> ALERT_FIELD_TYPES = alertFieldTypes();

    private static Map<String, String> alertFieldTypes() {
        Map<String, String> types = new HashMap<>();
        try (var in = KibanaAssetsTest.class.getResourceAsStream("/spec/kibana-alert-fields.tsv")) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] cells = line.split("\t");
                    types.put(cells[0], cells[1]);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return types;
    }

    /** The fields a data view's panels may use: the installed mappings, or the alerts index's. */
    private static Map<String, String> fieldsOf(String dataViewId) {
        return dataViewId.equals(Dashboards.ALERTS_DATA_VIEW_ID) ? ALERT_FIELD_TYPES : FIELD_TYPES;
    }

    private static Map<String, String> fieldTypes() {
        Map<String, String> types = new HashMap<>();
        collect(EcsTemplates.mappingsComponent(CATALOG, ClusterProfile.MODERN).path("template").path("mappings")
                .path("properties"), "", types);
        return types;
    }

    private static void collect(JsonNode properties, String prefix, Map<String, String> types) {
        properties.fields().forEachRemaining(entry -> {
            JsonNode node = entry.getValue();
            if (node.has("properties")) {
                collect(node.get("properties"), prefix + entry.getKey() + ".", types);
            } else {
                types.put(prefix + entry.getKey(), node.path("type").asText());
            }
        });
    }

    @Test
    void dashboardsAreValidSavedObjects() throws Exception {
        List<ObjectNode> objects = new Dashboards(CATALOG).savedObjects();
        Map<String, String> typeById = new HashMap<>();
        for (ObjectNode object : objects) {
            assertThat(object.path("id").asText()).isNotEmpty();
            assertThat(typeById.put(object.path("id").asText(), object.path("type").asText())).as("unique id").isNull();
            assertThat(object.path("attributes").isObject()).isTrue();
            assertThat(object.path("references").isArray()).isTrue();
            object.path("references").forEach(reference -> assertThat(reference.fieldNames()).toIterable()
                    .containsExactlyInAnyOrder("name", "type", "id"));
        }
        List<String> problems = new ArrayList<>();
        for (ObjectNode object : objects) {
            String type = object.path("type").asText();
            JsonNode attributes = object.path("attributes");
            switch (type) {
                case "index-pattern":
                    assertThat(attributes.path("title").asText()).isEqualTo(object.path("id").asText().equals(Dashboards.ALERTS_DATA_VIEW_ID)
                            ? IncidentRule.ALERTS_INDEX : Dashboards.DATA_VIEW_PATTERN);
                    assertThat(fieldsOf(object.path("id").asText()).get(attributes.path("timeFieldName").asText())).isEqualTo("date");
                    break;
                case "dashboard":
                    checkDashboard(object, typeById, problems);
                    break;
                default:
                    problems.add(object.path("id") + ": unexpected type " + type);
            }
        }
        assertThat(problems).isEmpty();
        assertThat(typeById.values().stream().filter("dashboard"::equals).count()).isEqualTo(5);
        assertThat(typeById).containsEntry("forgewatch-incidents", "dashboard").containsEntry(Dashboards.ALERTS_DATA_VIEW_ID, "index-pattern");
    }

    /** A by-value Lens panel's attributes: its data view reference resolves and its layers use mapped fields. */
    private static void checkLens(String id, JsonNode attributes, Map<String, String> typeById, List<String> problems) {
        if (!VISUALIZATIONS.contains(attributes.path("visualizationType").asText())) {
            problems.add(id + ": visualizationType " + attributes.path("visualizationType"));
        }
        JsonNode state = attributes.path("state");
        if (!state.path("query").path("language").asText().equals("kuery")) {
            problems.add(id + ": query language");
        }
        JsonNode layers = state.path("datasourceStates").path("formBased").path("layers");
        layers.fields().forEachRemaining(layer -> {
            String reference = "indexpattern-datasource-layer-" + layer.getKey();
            boolean referenced = false;
            String dataView = "";
            for (JsonNode ref : attributes.path("references")) {
                boolean match = ref.path("name").asText().equals(reference) && ref.path("type").asText().equals("index-pattern")
                        && "index-pattern".equals(typeById.get(ref.path("id").asText()));
                referenced |= match;
                dataView = match ? ref.path("id").asText() : dataView;
            }
            Map<String, String> fields = fieldsOf(dataView);
            if (!referenced) {
                problems.add(id + ": layer " + layer.getKey() + " has no data view reference");
            }
            Set<String> order = new HashSet<>();
            layer.getValue().path("columnOrder").forEach(column -> order.add(column.asText()));
            Set<String> columns = new HashSet<>();
            layer.getValue().path("columns").fieldNames().forEachRemaining(columns::add);
            if (!order.equals(columns)) {
                problems.add(id + ": columnOrder " + order + " != columns " + columns);
            }
            layer.getValue().path("columns").fields().forEachRemaining(column -> checkColumn(id, column.getValue(), fields, problems));
        });
        String visualizationText = state.path("visualization").toString();
        for (String column : iterable(layers)) {
            if (!visualizationText.contains("\"" + column + "\"")) {
                problems.add(id + ": visualization does not use " + column);
            }
        }
    }

    private static List<String> iterable(JsonNode layers) {
        List<String> ids = new ArrayList<>();
        layers.forEach(layer -> layer.path("columnOrder").forEach(column -> ids.add(column.asText())));
        return ids;
    }

    private static void checkColumn(String lens, JsonNode column, Map<String, String> fieldTypes, List<String> problems) {
        String operation = column.path("operationType").asText();
        String field = column.path("sourceField").asText();
        if (!OPERATIONS.contains(operation)) {
            problems.add(lens + ": operation " + operation);
            return;
        }
        if (operation.equals("count")) {
            if (!field.equals("___records___")) {
                problems.add(lens + ": count over " + field);
            }
            return;
        }
        String mapped = fieldTypes.get(field);
        if (mapped == null) {
            problems.add(lens + ": field " + field + " is not in the installed mappings");
        } else if ((operation.equals("date_histogram") || operation.equals("min") || operation.equals("max"))
                && !mapped.equals("date") && !(operation.equals("max") && Set.of("float", "long").contains(mapped))) {
            problems.add(lens + ": " + operation + " needs a date field, " + field + " is " + mapped);
        } else if (operation.equals("terms") && !Set.of("keyword", "ip", "long", "boolean", "constant_keyword").contains(mapped)) {
            problems.add(lens + ": terms on " + field + " (" + mapped + ")");
        }
    }

    private static void checkDashboard(ObjectNode dashboard, Map<String, String> typeById, List<String> problems)
            throws Exception {
        String id = dashboard.path("id").asText();
        JsonNode attributes = dashboard.path("attributes");
        JsonNode panels = Json.MAPPER.readTree(attributes.path("panelsJSON").asText());
        Json.MAPPER.readTree(attributes.path("optionsJSON").asText());
        Set<String> indexes = new HashSet<>();
        for (JsonNode panel : panels) {
            JsonNode grid = panel.path("gridData");
            int x = grid.path("x").asInt(-1);
            int w = grid.path("w").asInt();
            if (x < 0 || w <= 0 || x + w > 48 || grid.path("h").asInt() <= 0 || grid.path("y").asInt(-1) < 0
                    || !grid.path("i").asText().equals(panel.path("panelIndex").asText())) {
                problems.add(id + ": bad gridData " + grid);
            }
            if (!indexes.add(panel.path("panelIndex").asText())) {
                problems.add(id + ": duplicate panelIndex");
            }
            if (!panel.path("type").asText().equals("lens") || panel.has("panelRefName")) {
                problems.add(id + ": panel " + panel.path("panelIndex") + " is not a by-value Lens panel");
            }
            JsonNode lens = panel.path("embeddableConfig").path("attributes");
            checkLens(id + "/" + panel.path("panelIndex").asText(), lens, typeById, problems);
            for (JsonNode layerReference : lens.path("references")) {
                String name = panel.path("panelIndex").asText() + ":" + layerReference.path("name").asText();
                boolean listed = false;
                for (JsonNode ref : dashboard.path("references")) {
                    listed |= ref.path("name").asText().equals(name) && ref.path("id").equals(layerReference.path("id"));
                }
                if (!listed) {
                    problems.add(id + ": the dashboard does not list " + name);
                }
            }
        }
        JsonNode search = Json.MAPPER.readTree(attributes.path("kibanaSavedObjectMeta").path("searchSourceJSON").asText());
        if (search.path("filter").isEmpty()) {
            problems.add(id + ": no filter");
        }
    }

    /** The rules' field references against the mappings ForgeWatch installs (their schema: KibanaRuleSchemaConformanceTest). */
    @Test
    void everyRuleFieldIsMapped() {
        RuleSet pack = RulePack.standard().rules();
        StackLines lines = StackLines.standard();
        for (StackLines.Line line : lines.supported()) {
            for (ObjectNode rule : KibanaRuleExport.forLine(pack, line, lines).rules()) {
                String id = rule.path("rule_id").asText();
                if (id.equals(IncidentRule.RULE_ID)) {
                    checkIncidentRule(rule);
                    continue;
                } else if (rule.path("type").asText().equals("esql")) {
                    assertThat(rule.path("query").asText()).as(id).startsWith("FROM " + Dashboards.DATA_VIEW_PATTERN);
                } else {
                    assertThat(rule.path("index").get(0).asText()).as(id).isEqualTo(Dashboards.DATA_VIEW_PATTERN);
                }
                rule.path("threshold").path("field").forEach(f -> assertThat(FIELD_TYPES).as(id).containsKey(f.asText()));
                rule.path("threshold").path("cardinality")
                        .forEach(c -> assertThat(FIELD_TYPES).as(id).containsKey(c.path("field").asText()));
                rule.path("new_terms_fields").forEach(f -> assertThat(FIELD_TYPES).as(id).containsKey(f.asText()));
                rule.path("alert_suppression").path("group_by").forEach(f -> assertThat(FIELD_TYPES).as(id).containsKey(f.asText()));
                assertThat(rule.path("enabled").asBoolean(true)).as(id + " ships disabled").isFalse();
            }
        }
    }

    /**
     * The incident rule reads the alerts index and, of it, only fields the index maps; every rule it counts is
     * a rule of the export (with the risk score its alerts carry); the query names every tactic once.
     */
    private static void checkIncidentRule(ObjectNode rule) {
        String query = rule.path("query").asText();
        assertThat(query).startsWith("FROM " + IncidentRule.ALERTS_INDEX + "\n");
        java.util.regex.Matcher fields = java.util.regex.Pattern.compile("(?<![\\w.\"])((?:kibana|related|user)\\.[a-z_.]+[a-z_])").matcher(
                query.replaceAll("\"[^\"]*\"", "\"\""));
        Set<String> read = new HashSet<>();
        while (fields.find()) {
            read.add(fields.group(1));
        }
        read.add("@timestamp");
        assertThat(read).contains("kibana.alert.rule.rule_id", "kibana.alert.risk_score", "related.user");
        assertThat(ALERT_FIELD_TYPES.keySet()).as("fields the incident rule reads must be mapped in the alerts index")
                .containsAll(read);
        assertThat(rule.path("severity_mapping")).allSatisfy(m -> assertThat(m.path("field").asText()).isEqualTo("forgewatch.incident.verdict"));
        // an ES|QL rule that aggregates can only suppress on the columns its query keeps
        String keep = query.substring(query.lastIndexOf("| KEEP ") + "| KEEP ".length());
        List<String> columns = java.util.Arrays.stream(keep.split(",")).map(String::strip).toList();
        assertThat(rule.path("alert_suppression").path("group_by")).as("one alert per mailbox and verdict").isNotEmpty()
                .allSatisfy(field -> assertThat(columns).contains(field.asText()));
        assertThat(rule.path("enabled").asBoolean(true)).isFalse();
    }
}
