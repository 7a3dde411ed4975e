package dev.forgewatch.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.testing.Golden;
import dev.forgewatch.elastic.assets.Asset;
import dev.forgewatch.elastic.assets.ClusterAssets;
import dev.forgewatch.elastic.assets.ClusterProfile;
import dev.forgewatch.elastic.assets.EcsTemplates;
import dev.forgewatch.elastic.pkg.EcsReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Pins every generated Elasticsearch asset for both cluster profiles. The 8.x profile's data stream,
 * ILM policy and constant_keyword fields cannot run on the 7.10 test node; these golden files and the
 * schema checks below are what check them. Regenerate with {@code -Dforgewatch.updateGolden=true}.
 */
class GeneratedAssetsTest {
    private static final FieldCatalog CATALOG = FieldCatalog.standard();

    @ParameterizedTest
    @ValueSource(strings = {"modern", "oss-7.10"})
    void assetsMatchTheirGoldenFiles(String profileName) throws Exception {
        ClusterProfile profile = profileName.equals("modern") ? ClusterProfile.MODERN : ClusterProfile.OSS_7_10;
        for (Asset asset : ClusterAssets.of(CATALOG, profile, null).assets()) {
            Golden.assertMatches("elasticsearch/" + profileName + "/" + asset.kind().name().toLowerCase() + "-" + asset.name()
                    + ".json", Json.PRETTY.writeValueAsString(asset.body()) + "\n");
        }
    }

    @Test
    void everyCatalogFieldIsMappedWithItsType() {
        JsonNode properties = EcsTemplates.mappingsComponent(CATALOG, ClusterProfile.MODERN)
                .path("template").path("mappings").path("properties");
        List<String> missing = new ArrayList<>();
        CATALOG.fields().forEach(field -> {
            JsonNode node = properties;
            String[] parts = field.ecs().split("\\.");
            for (int i = 0; i < parts.length; i++) {
                node = i == 0 ? node.path(parts[i]) : node.path("properties").path(parts[i]);
            }
            String expected = EcsTemplates.ecsKeyword(field.ecs()) ? "keyword" : field.type().label();
            if (!node.path("type").asText().equals(expected)) {
                missing.add(field.ecs() + " (" + expected + ", mapped " + node.path("type") + ")");
            }
        });
        assertThat(missing).isEmpty();
    }

    /** Kibana's field type families: one field mapped in two families across a data view's indices is a conflict. */
    private static String family(String type) {
        return switch (type) {
            case "keyword", "wildcard", "constant_keyword" -> "keyword";
            case "text", "match_only_text" -> "text";
            case "long", "integer", "short", "byte", "double", "float", "half_float", "scaled_float", "unsigned_long" -> "number";
            default -> type;
        };
    }

    @Test
    void everyEcsFieldIsMappedInTheFamilyEcsGivesIt() {
        for (ClusterProfile profile : List.of(ClusterProfile.MODERN, ClusterProfile.OSS_7_10)) {
            List<String> conflicts = new ArrayList<>();
            EcsTemplates.leafMappings(CATALOG, profile).forEach((name, mapping) -> EcsReference.pinned().field(name)
                    .filter(ecs -> !family(ecs.type()).equals(family(mapping.path("type").asText())))
                    .ifPresent(ecs -> conflicts.add(name + " mapped " + mapping.path("type").asText() + ", ECS "
                            + EcsReference.pinned().version() + " says " + ecs.type())));
            assertThat(conflicts).as("%s", profile).isEmpty();
        }
        assertThat(family(EcsTemplates.leafMappings(CATALOG, ClusterProfile.MODERN).get("error.code").path("type").asText()))
                .as("error.code is a number in the catalog, a keyword in ECS").isEqualTo("keyword");
    }

    @Test
    void modernTemplateIsADataStreamWithLifecycleAndNoHardCodedReplicas() {
        assertThat(EcsTemplates.indexTemplate(ClusterProfile.MODERN).has("data_stream")).isTrue();
        assertThat(EcsTemplates.indexTemplate(ClusterProfile.OSS_7_10).has("data_stream")).isFalse();
        JsonNode settings = EcsTemplates.settingsComponent(ClusterProfile.MODERN, null).path("template").path("settings");
        assertThat(settings.path("index").path("lifecycle").path("name").asText()).isEqualTo(EcsTemplates.ILM_POLICY);
        assertThat(settings.toString()).doesNotContain("number_of_replicas");
        JsonNode ilm = EcsTemplates.ilmPolicy().path("policy").path("phases");
        assertThat(ilm.path("hot").path("actions").path("rollover").path("max_primary_shard_size").asText()).isEqualTo("50gb");
        assertThat(ilm.path("delete").path("actions").has("delete")).isTrue();
    }
}
