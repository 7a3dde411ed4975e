package dev.forgewatch.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.elastic.assets.ClusterProfile;
import dev.forgewatch.elastic.assets.EcsTemplates;
import dev.forgewatch.elastic.kibana.Dashboards;
import dev.forgewatch.detections.compile.elastic.ElasticExport;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.RuleSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Kibana cannot run here: the saved objects and rules are checked against the published shapes of
 * Kibana's saved-object import (id/type/attributes/references; Lens form-based layers; dashboard
 * panels and their references) and of the detection engine's rule import, and against the field
 * mappings ForgeWatch installs.
 */
class KibanaAssetsTest {
    private static final FieldCatalog CATALOG = FieldCatalog.standard();
    private static final Set<String> OPERATIONS = Set.of("terms", "date_histogram", "count", "unique_count", "min", "max");
    private static final Set<String> VISUALIZATIONS = Set.of("lnsXY", "lnsDatatable", "lnsMetric", "lnsPie");
    private static final Pattern TACTIC = Pattern.compile("TA\\d{4}");
    private static final Pattern TECHNIQUE = Pattern.compile("T\\d{4}");

    /** ECS field name to mapped type, from the mappings ForgeWatch installs. */
    private static final Map<String, String> FIELD_TYPES = fieldTypes();

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
                    assertThat(attributes.path("title").asText()).isEqualTo(Dashboards.DATA_VIEW_PATTERN);
                    assertThat(FIELD_TYPES.get(attributes.path("timeFieldName").asText())).isEqualTo("date");
                    break;
                case "lens":
                    checkLens(object, typeById, problems);
                    break;
                case "dashboard":
                    checkDashboard(object, typeById, problems);
                    break;
                default:
                    problems.add(object.path("id") + ": unexpected type " + type);
            }
        }
        assertThat(problems).isEmpty();
        assertThat(typeById.values().stream().filter("dashboard"::equals).count()).isEqualTo(4);
    }

    private static void checkLens(ObjectNode lens, Map<String, String> typeById, List<String> problems) {
        String id = lens.path("id").asText();
        JsonNode attributes = lens.path("attributes");
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
            for (JsonNode ref : lens.path("references")) {
                referenced |= ref.path("name").asText().equals(reference) && ref.path("type").asText().equals("index-pattern")
                        && "index-pattern".equals(typeById.get(ref.path("id").asText()));
            }
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
            layer.getValue().path("columns").fields().forEachRemaining(column -> checkColumn(id, column.getValue(), problems));
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

    private static void checkColumn(String lens, JsonNode column, List<String> problems) {
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
        String mapped = FIELD_TYPES.get(field);
        if (mapped == null) {
            problems.add(lens + ": field " + field + " is not in the installed mappings");
        } else if ((operation.equals("date_histogram") || operation.equals("min") || operation.equals("max"))
                && !mapped.equals("date")) {
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
        Json.MAPPER.readTree(attributes.path("kibanaSavedObjectMeta").path("searchSourceJSON").asText());
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
            String refName = panel.path("panelRefName").asText();
            boolean resolved = false;
            for (JsonNode ref : dashboard.path("references")) {
                resolved |= ref.path("name").asText().equals(refName) && ref.path("type").asText().equals(panel.path("type").asText())
                        && "lens".equals(typeById.get(ref.path("id").asText()));
            }
            if (!resolved) {
                problems.add(id + ": panel " + refName + " does not resolve to a lens in the export");
            }
        }
    }

    @Test
    void everyPackRuleIsAValidDetectionEngineImport() throws Exception {
        RuleSet pack = RulePack.standard().rules();
        String ndjson = ElasticExport.ndjson(pack);
        String[] lines = ndjson.split("\n");
        assertThat(lines).hasSize(pack.alerting().size());
        for (String line : lines) {
            JsonNode rule = Json.MAPPER.readTree(line);
            String id = rule.path("rule_id").asText();
            for (String required : List.of("rule_id", "name", "description", "risk_score", "severity", "type", "query",
                    "language", "interval", "from", "threat", "note")) {
                assertThat(rule.has(required)).as(id + " " + required).isTrue();
            }
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            assertThat(rule.path("risk_score").asInt()).isBetween(0, 100);
            assertThat(rule.path("severity").asText()).isIn("low", "medium", "high", "critical");
            assertThat(rule.path("interval").asText()).matches("\\d+[mh]");
            assertThat(rule.path("from").asText()).matches("now-\\d+[mh]");
            String type = rule.path("type").asText();
            assertThat(type).isIn("query", "eql", "threshold", "new_terms", "esql");
            String language = rule.path("language").asText();
            switch (type) {
                case "eql" -> assertThat(language).isEqualTo("eql");
                case "esql" -> assertThat(language).isEqualTo("esql");
                default -> assertThat(language).isIn("kuery", "lucene");
            }
            if (type.equals("esql")) {
                assertThat(rule.has("index")).as(id + ": ES|QL names its source in FROM").isFalse();
                assertThat(rule.path("query").asText()).startsWith("FROM " + Dashboards.DATA_VIEW_PATTERN);
            } else {
                assertThat(rule.path("index").get(0).asText()).isEqualTo(Dashboards.DATA_VIEW_PATTERN);
            }
            if (type.equals("threshold")) {
                assertThat(rule.path("threshold").path("field").size()).isBetween(1, 3);
                assertThat(rule.path("threshold").path("value").asInt()).isPositive();
                rule.path("threshold").path("field").forEach(f -> assertThat(FIELD_TYPES).containsKey(f.asText()));
                rule.path("threshold").path("cardinality").forEach(c -> assertThat(FIELD_TYPES).containsKey(c.path("field").asText()));
            }
            if (type.equals("new_terms")) {
                assertThat(rule.path("new_terms_fields").size()).isBetween(1, 3);
                rule.path("new_terms_fields").forEach(f -> assertThat(FIELD_TYPES).containsKey(f.asText()));
                assertThat(rule.path("history_window_start").asText()).matches("now-\\d+[smhd]");
            }
            if (rule.has("alert_suppression")) {
                rule.path("alert_suppression").path("group_by").forEach(f -> assertThat(FIELD_TYPES).containsKey(f.asText()));
                assertThat(rule.path("alert_suppression").path("duration").path("unit").asText()).isIn("s", "m", "h");
            }
            assertThat(rule.path("threat").size()).as(id + " maps to ATT&CK").isPositive();
            for (JsonNode threat : rule.path("threat")) {
                assertThat(threat.path("framework").asText()).isEqualTo("MITRE ATT&CK");
                assertThat(threat.path("tactic").path("id").asText()).matches(TACTIC);
                threat.path("technique").forEach(t -> assertThat(t.path("id").asText()).matches(TECHNIQUE));
            }
            assertThat(rule.path("enabled").asBoolean(true)).isFalse();
        }
    }
}
