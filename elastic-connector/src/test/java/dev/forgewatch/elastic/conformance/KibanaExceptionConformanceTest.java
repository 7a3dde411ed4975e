package dev.forgewatch.elastic.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.compile.elastic.KibanaRuleExport;
import dev.forgewatch.detections.compile.elastic.StackLines;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.tuning.Tuning;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A tenant's tuning exported for Kibana ({@code rules export --target elastic --tuning FILE}) is what
 * Kibana's rule import reads ({@code spec/kibana-exception-schema.yaml}): every list and item in the
 * import shape, every item in a list of the file, every rule reference naming a list of the file,
 * the summary counting them; and the check fails on an item broken the way it guards against.
 */
class KibanaExceptionConformanceTest {
    private static final Path EXAMPLE = Path.of("..", "detections", "src", "test", "resources", "tuning", "example.yaml");
    private static final JsonNode SPEC = spec();

    private static JsonNode spec() {
        try {
            return Json.YAML.readTree(Path.of("src", "test", "resources", "spec", "kibana-exception-schema.yaml").toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theTunedExportIsWhatKibanasImportReadsOnEveryLine() throws Exception {
        RulePack pack = RulePack.standard();
        Tuning tuning = Tuning.parse("example.yaml", Files.readString(EXAMPLE, StandardCharsets.UTF_8), pack.rules(),
                FieldCatalog.standard(), pack.policy());
        StackLines lines = StackLines.standard();
        for (StackLines.Line line : lines.supported()) {
            KibanaRuleExport export = KibanaRuleExport.forLine(pack.rules(), line, lines, tuning);
            List<String> problems = new ArrayList<>();
            Set<String> lists = new HashSet<>();
            Set<String> referenced = new HashSet<>();
            int items = 0;
            JsonNode summary = null;
            for (String text : export.ndjson().split("\n")) {
                JsonNode node = Json.MAPPER.readTree(text);
                if (node.has("rule_id")) {
                    for (JsonNode ref : node.path("exceptions_list")) {
                        problems.addAll(keys("rule reference", ref, names(SPEC.path("rule_reference")), List.of()));
                        referenced.add(ref.path("list_id").asText());
                    }
                } else if (node.has("item_id")) {
                    problems.addAll(checkItem(node));
                    assertThat(lists).as("item after its list").contains(node.path("list_id").asText());
                    items++;
                } else if (node.has("list_id")) {
                    problems.addAll(keys("list", node, names(SPEC.path("list").path("required")),
                            names(SPEC.path("list").path("optional"))));
                    assertThat(names(SPEC.path("list").path("types"))).contains(node.path("type").asText());
                    assertThat(lists.add(node.path("list_id").asText())).as("list ids are unique").isTrue();
                } else {
                    summary = node;
                }
            }
            assertThat(problems).as(line.toString()).isEmpty();
            assertThat(referenced).isEqualTo(lists).isNotEmpty();
            assertThat(summary.path("exported_exception_list_count").asInt()).isEqualTo(lists.size());
            assertThat(summary.path("exported_exception_list_item_count").asInt()).isEqualTo(items);
            long tunedRules = pack.rules().alerting().stream().filter(rule -> !tuning.forRule(rule).isEmpty()).count();
            assertThat(lists).hasSize((int) tunedRules);
        }
    }

    /**
     * {@code elastic install --tuning} sends the same lists and items to the exceptions API (create, then
     * update by list_id / item_id): every body carries what each request schema requires and nothing it
     * does not define, and the check fails on a body with an import-only key.
     */
    @Test
    void theInstallersRequestBodiesAreWhatTheExceptionsApiDefines() throws Exception {
        RulePack pack = RulePack.standard();
        Tuning tuning = Tuning.parse("example.yaml", Files.readString(EXAMPLE, StandardCharsets.UTF_8), pack.rules(),
                FieldCatalog.standard(), pack.policy());
        KibanaRuleExport export = KibanaRuleExport.forLine(pack.rules(), StackLines.standard().supported().get(0),
                StackLines.standard(), tuning);
        assertThat(export.exceptionLists()).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (JsonNode list : export.exceptionLists()) {
            for (String request : List.of("create_list", "update_list")) {
                problems.addAll(keys(request, list, names(SPEC.path(request).path("required")),
                        names(SPEC.path(request).path("optional"))));
            }
        }
        for (JsonNode item : export.exceptionItems()) {
            for (String request : List.of("create_item", "update_item")) {
                problems.addAll(keys(request, item, names(SPEC.path(request).path("required")),
                        names(SPEC.path(request).path("optional"))));
            }
            problems.addAll(checkItem(item));
        }
        assertThat(problems).isEmpty();
        JsonNode imported = Json.MAPPER.readTree(export.exceptionLists().get(0).toString().replace("{", "{\"immutable\":false,"));
        assertThat(keys("create_list", imported, names(SPEC.path("create_list").path("required")),
                names(SPEC.path("create_list").path("optional")))).singleElement().asString().contains("immutable");
    }

    @Test
    void theItemCheckFailsOnBrokenItems() throws Exception {
        JsonNode good = Json.MAPPER.readTree("""
                {"item_id":"a","list_id":"l","name":"n","description":"d","type":"simple","namespace_type":"single",
                 "entries":[{"field":"source.ip","operator":"included","type":"match","value":"198.51.100.0/24"}]}""");
        assertThat(checkItem(good)).isEmpty();
        assertThat(checkItem(Json.MAPPER.readTree(good.toString().replace("\"simple\"", "\"complex\"")))).isNotEmpty();
        assertThat(checkItem(Json.MAPPER.readTree(good.toString().replace("\"entries\":[{", "\"entrees\":[{")))).isNotEmpty();
        assertThat(checkItem(Json.MAPPER.readTree(good.toString().replace("\"included\"", "\"is\"")))).isNotEmpty();
        assertThat(checkItem(Json.MAPPER.readTree(good.toString().replace("\"value\":\"198.51.100.0/24\"", "\"value\":\"\"")))).isNotEmpty();
        assertThat(checkItem(Json.MAPPER.readTree(good.toString().replace("\"type\":\"match\"", "\"type\":\"match_any\"")))).isNotEmpty();
    }

    private static List<String> checkItem(JsonNode item) {
        List<String> problems = new ArrayList<>(keys("item", item, names(SPEC.path("item").path("required")),
                names(SPEC.path("item").path("optional"))));
        if (!names(SPEC.path("item").path("types")).contains(item.path("type").asText())) {
            problems.add("item type " + item.path("type"));
        }
        if (item.has("namespace_type") && !names(SPEC.path("namespace_types")).contains(item.path("namespace_type").asText())) {
            problems.add("namespace_type " + item.path("namespace_type"));
        }
        for (JsonNode os : item.path("os_types")) {
            if (!names(SPEC.path("os_types")).contains(os.asText())) {
                problems.add("os_type " + os);
            }
        }
        if (!item.path("entries").isArray() || item.path("entries").isEmpty()) {
            problems.add("entries must be a non-empty array");
        }
        for (JsonNode entry : item.path("entries")) {
            String type = entry.path("type").asText();
            if (!SPEC.path("entry").has(type) || type.equals("operators")) {
                problems.add("entry type " + type);
                continue;
            }
            problems.addAll(keys("entry", entry, names(SPEC.path("entry").path(type)), List.of()));
            if (!names(SPEC.path("entry").path("operators")).contains(entry.path("operator").asText())) {
                problems.add("operator " + entry.path("operator"));
            }
            JsonNode value = entry.path("value");
            boolean ok = type.equals("match") ? value.isTextual() && !value.asText().isEmpty()
                    : value.isArray() && !value.isEmpty() && allNonEmptyText(value);
            if (!ok) {
                problems.add(type + " value " + value);
            }
        }
        return problems;
    }

    private static boolean allNonEmptyText(JsonNode array) {
        for (JsonNode v : array) {
            if (!v.isTextual() || v.asText().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> keys(String what, JsonNode node, List<String> required, List<String> optional) {
        List<String> problems = new ArrayList<>();
        for (String key : required) {
            if (!node.has(key)) {
                problems.add(what + " lacks " + key + ": " + node);
            }
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!required.contains(key) && !optional.contains(key)) {
                problems.add(what + " has a key the import schema does not take (exact): " + key);
            }
        }
        return problems;
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }
}
