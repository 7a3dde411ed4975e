package dev.forgewatch.elastic.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.compile.elastic.StackLines;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.elastic.pkg.EcsReference;
import dev.forgewatch.elastic.pkg.IntegrationPackage;
import dev.forgewatch.elastic.pkg.ProductVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The integration package the build generates conforms to package-spec 3.0.4 as Fleet and
 * elastic-package read it (facts in {@code spec/package-spec-3.0.4.yaml}, ECS fields against the pinned
 * ECS field list), and each check fails on a copy broken the way it guards against.
 */
class PackageSpecConformanceTest {
    private static final Map<String, String> PACKAGE = new IntegrationPackage(FieldCatalog.standard(), EcsReference.pinned(),
            ProductVersion.current(), StackLines.standard()).files(RulePack.standard().rules());
    private static final PackageSpecChecks CHECKS = PackageSpecChecks.standard();
    private static final String STREAM = "data_stream/" + IntegrationPackage.DATA_STREAM + "/";

    @Test
    void theBuiltPackageConforms() {
        assertThat(CHECKS.check(PACKAGE)).isEmpty();
    }

    @Test
    void everyEcsFieldIsResolvedWithItsEcsType() throws IOException {
        JsonNode ecsFields = Json.YAML.readTree(PACKAGE.get(STREAM + "fields/ecs.yml"));
        assertThat(ecsFields).isNotEmpty();
        for (JsonNode field : ecsFields) {
            assertThat(field.has("external")).as(field.toString()).isFalse();
            assertThat(field.path("type").asText())
                    .isEqualTo(EcsReference.pinned().field(field.path("name").asText()).orElseThrow().type());
        }
        assertThat(ecsFields.findValuesAsText("name")).contains("source.ip", "related.ip", "user.name");
    }

    static Stream<Arguments> brokenCopies() {
        return Stream.of(
                broken("manifest.conditions.subscription", "subscription as a list", files -> yaml(files, "manifest.yml",
                        manifest -> ((ObjectNode) manifest.path("conditions").path("elastic")).putArray("subscription").add("basic"))),
                broken("manifest.keys", "an unknown manifest key", files -> yaml(files, "manifest.yml",
                        manifest -> ((ObjectNode) manifest).put("license", "basic"))),
                broken("manifest.format_version", "another format version", files -> yaml(files, "manifest.yml",
                        manifest -> ((ObjectNode) manifest).put("format_version", "2.9.0"))),
                broken("data_stream.template", "the stream template under another name", files -> {
                    files.put(STREAM + "agent/stream/logfile.yml.hbs", files.remove(STREAM + "agent/stream/stream.yml.hbs"));
                    yaml(files, STREAM + "manifest.yml", manifest -> ((ObjectNode) manifest.path("streams").get(0)).remove("template_path"));
                }),
                broken("data_stream.input", "a stream input no policy template offers", files -> yaml(files, STREAM + "manifest.yml",
                        manifest -> ((ObjectNode) manifest.path("streams").get(0)).put("input", "httpjson"))),
                broken("fields.external", "an unresolved external: ecs field", files -> yaml(files, STREAM + "fields/ecs.yml",
                        fields -> ((ArrayNode) fields).addObject().put("name", "host.name").put("external", "ecs"))),
                broken("fields.ecs", "source.ip typed as keyword", files -> yaml(files, STREAM + "fields/ecs.yml",
                        fields -> fields.forEach(field -> {
                            if (field.path("name").asText().equals("source.ip")) {
                                ((ObjectNode) field).put("type", "keyword");
                            }
                        }))),
                broken("fields.object_type", "an enabled object without object_type", files -> yaml(files, STREAM + "fields/fields.yml",
                        fields -> ((ArrayNode) fields).addObject().put("name", "forgewatch.extra").put("type", "object"))),
                broken("fields.required", "no data_stream.dataset", files -> yaml(files, STREAM + "fields/base-fields.yml",
                        fields -> ((ArrayNode) fields).remove(1))),
                broken("fields.unique", "a field defined twice", files -> yaml(files, STREAM + "fields/fields.yml",
                        fields -> ((ArrayNode) fields).add(fields.get(0).deepCopy()))),
                broken("changelog.link", "a GitHub link without a number", files -> yaml(files, "changelog.yml",
                        changelog -> ((ObjectNode) changelog.get(0).path("changes").get(0)).put("link", "https://github.com/forgewatch/forgewatch"))),
                broken("changelog.version", "a changelog without the manifest version", files -> yaml(files, "changelog.yml",
                        changelog -> ((ObjectNode) changelog.get(0)).put("version", "0.0.9"))),
                broken("kibana.by_value", "a by-reference Lens panel", files -> json(files, "kibana/dashboard/forgewatch-overview.json",
                        dashboard -> ((ArrayNode) dashboard.path("references")).addObject().put("type", "lens").put("id", "forgewatch-x")
                                .put("name", "panel_1"))),
                broken("kibana.dangling", "a reference to a missing object", files -> json(files, "kibana/dashboard/forgewatch-overview.json",
                        dashboard -> ((ArrayNode) dashboard.path("references")).addObject().put("type", "tag").put("id", "forgewatch-missing")
                                .put("name", "tag-ref"))),
                broken("kibana.filter", "a dashboard without a filter", files -> json(files, "kibana/dashboard/forgewatch-overview.json",
                        dashboard -> ((ObjectNode) dashboard.path("attributes").path("kibanaSavedObjectMeta"))
                                .put("searchSourceJSON", "{\"query\":{\"query\":\"\",\"language\":\"kuery\"},\"filter\":[]}"))),
                broken("kibana.object_id", "a file named after another id", files -> json(files, "kibana/dashboard/forgewatch-overview.json",
                        dashboard -> ((ObjectNode) dashboard).put("id", "forgewatch-other"))),
                broken("kibana.file_name", "a dashboard not named after the package", files ->
                        files.put("kibana/dashboard/overview.json", files.remove("kibana/dashboard/forgewatch-overview.json"))),
                broken("docs.required", "no docs/README.md", files -> files.remove("docs/README.md")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("brokenCopies")
    void eachCheckFailsOnABrokenCopy(String rule, String what, Consumer<Map<String, String>> breakIt) {
        Map<String, String> copy = new TreeMap<>(PACKAGE);
        breakIt.accept(copy);
        List<String> problems = CHECKS.check(copy);
        assertThat(problems).as(what).anyMatch(problem -> problem.startsWith("[" + rule + "]"));
    }

    private static Arguments broken(String rule, String what, Consumer<Map<String, String>> breakIt) {
        return Arguments.of(rule, what, breakIt);
    }

    private static void yaml(Map<String, String> files, String path, Consumer<JsonNode> change) {
        edit(files, path, Json.YAML, change);
    }

    private static void json(Map<String, String> files, String path, Consumer<JsonNode> change) {
        edit(files, path, Json.MAPPER, change);
    }

    private static void edit(Map<String, String> files, String path, ObjectMapper format, Consumer<JsonNode> change) {
        try {
            JsonNode node = format.readTree(files.get(path));
            change.accept(node);
            files.put(path, format.writeValueAsString(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
