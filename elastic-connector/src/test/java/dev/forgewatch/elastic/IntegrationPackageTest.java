package dev.forgewatch.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.elastic.kibana.KibanaFiles;
import dev.forgewatch.elastic.testing.GeneratedTree;
import dev.forgewatch.elastic.assets.IngestPipeline;
import dev.forgewatch.elastic.pkg.IntegrationPackage;
import dev.forgewatch.elastic.pkg.ProductVersion;
import dev.forgewatch.detections.pack.RulePack;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed package folder ({@code package/forgewatch}, zipped by {@code mvn package}) is exactly
 * what the generator makes now, and follows the package-spec layout. Regenerate with
 * {@code -Dforgewatch.updateGolden=true}.
 */
class IntegrationPackageTest {
    private static final Path DIR = Path.of("package", IntegrationPackage.NAME);
    private static final FieldCatalog CATALOG = FieldCatalog.standard();

    private static Map<String, String> generated() {
        return new IntegrationPackage(CATALOG, ProductVersion.current()).files(RulePack.standard().rules());
    }

    @Test
    void theCommittedPackageIsCurrent() {
        GeneratedTree.assertCurrent(DIR, generated());
    }

    @Test
    void theCommittedKibanaImportFilesAreCurrent() {
        GeneratedTree.assertCurrent(Path.of("kibana"), KibanaFiles.files(CATALOG, RulePack.standard().rules()));
    }

    @Test
    void followsThePackageSpecLayout() throws IOException {
        Map<String, String> files = generated();
        JsonNode manifest = Json.YAML.readTree(files.get("manifest.yml"));
        for (String key : List.of("format_version", "name", "title", "version", "description", "type", "owner", "conditions")) {
            assertThat(manifest.has(key)).as(key).isTrue();
        }
        assertThat(manifest.path("type").asText()).isEqualTo("integration");
        assertThat(manifest.path("version").asText()).isEqualTo(ProductVersion.current());
        assertThat(manifest.path("name").asText()).matches("[a-z0-9_]+");
        JsonNode stream = Json.YAML.readTree(files.get("data_stream/raw/manifest.yml"));
        assertThat(stream.path("type").asText()).isEqualTo("logs");
        String input = stream.path("streams").get(0).path("input").asText();
        assertThat(manifest.path("policy_templates").get(0).path("inputs").get(0).path("type").asText()).isEqualTo(input);
        assertThat(files).containsKey("data_stream/raw/agent/stream/" + input + ".yml.hbs");
        assertThat(Json.MAPPER.readTree(files.get("data_stream/raw/elasticsearch/ingest_pipeline/default.json")))
                .isEqualTo(IngestPipeline.definition(CATALOG));
        for (String fieldsFile : List.of("base-fields.yml", "ecs.yml", "fields.yml")) {
            for (JsonNode field : Json.YAML.readTree(files.get("data_stream/raw/fields/" + fieldsFile))) {
                assertThat(field.has("name")).isTrue();
                assertThat(field.has("type") || field.path("external").asText().equals("ecs")).as(field.toString()).isTrue();
            }
        }
        files.forEach((path, content) -> {
            if (path.startsWith("kibana/")) {
                try {
                    JsonNode object = Json.MAPPER.readTree(content);
                    String[] parts = path.split("/");
                    // saved-object folders are named after their type, except rules: security_rule/ holds "security-rule"
                    assertThat(object.path("type").asText()).isEqualTo(parts[1].equals("security_rule") ? "security-rule" : parts[1]);
                    assertThat(object.path("id").asText() + ".json").isEqualTo(parts[2]);
                    assertThat(object.toString()).doesNotContain("forgewatch-logs");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        assertThat(files.keySet()).noneMatch(path -> path.startsWith("kibana/index-pattern/"));
    }
}
