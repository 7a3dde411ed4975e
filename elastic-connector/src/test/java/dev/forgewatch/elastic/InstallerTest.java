package dev.forgewatch.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.elastic.assets.ClusterAssets;
import dev.forgewatch.elastic.assets.EcsTemplates;
import dev.forgewatch.elastic.assets.IngestPipeline;
import dev.forgewatch.elastic.install.ClientAssetStore;
import dev.forgewatch.elastic.install.ClusterProbe;
import dev.forgewatch.elastic.install.InstallReport;
import dev.forgewatch.elastic.install.InstallReport.Outcome;
import dev.forgewatch.elastic.install.Installer;
import dev.forgewatch.elastic.testing.Clusters;
import dev.forgewatch.elastic.testing.EsNode;
import dev.forgewatch.elastic.testing.EsNodeExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The installer against the real node: idempotence, user-modified assets, --force, version detection. */
@ExtendWith(EsNodeExtension.class)
class InstallerTest {
    private static final FieldCatalog CATALOG = FieldCatalog.standard();

    @BeforeEach
    void emptyCluster(EsNode node) throws Exception {
        Clusters.wipeForgeWatch(node);
    }

    private static InstallReport install(ElasticsearchClient es, boolean force) throws Exception {
        ClusterProbe.Cluster cluster = ClusterProbe.probe(es);
        return new Installer(new ClientAssetStore(es))
                .install(cluster.describe(), ClusterAssets.of(CATALOG, cluster.profile(), 0), force);
    }

    @Test
    void detectsTheOssNodeAndSaysWhatItSkips(ElasticsearchClient es) throws Exception {
        ClusterProbe.Cluster cluster = ClusterProbe.probe(es);
        assertThat(cluster.version()).isEqualTo("7.10.2");
        assertThat(cluster.profile().dataStreams()).isFalse();
        assertThat(cluster.profile().ilm()).isFalse();
        InstallReport report = install(es, false);
        assertThat(report.skipped()).hasSize(2).anyMatch(s -> s.startsWith("ILM policy"))
                .anyMatch(s -> s.startsWith("data streams"));
    }

    @Test
    void secondRunChangesNothing(ElasticsearchClient es) throws Exception {
        InstallReport first = install(es, false);
        assertThat(first.items()).extracting(InstallReport.Item::outcome).containsOnly(Outcome.CREATED).hasSize(4);
        InstallReport second = install(es, false);
        assertThat(second.items()).extracting(InstallReport.Item::outcome).containsOnly(Outcome.UNCHANGED).hasSize(4);
        assertThat(second.changedAnything()).isFalse();
    }

    @Test
    void refusesToOverwriteAUserChangeUnlessForced(EsNode node, ElasticsearchClient es) throws Exception {
        install(es, false);
        // an operator edits the settings component in Kibana: the ForgeWatch _meta stays, the content changes
        JsonNode current = Json.MAPPER.readTree(node.request("GET", "/_component_template/" + EcsTemplates.SETTINGS, null))
                .path("component_templates").get(0).path("component_template");
        ((com.fasterxml.jackson.databind.node.ObjectNode) current.path("template").path("settings").path("index"))
                .put("refresh_interval", "30s");
        node.request("PUT", "/_component_template/" + EcsTemplates.SETTINGS, current.toString());

        InstallReport kept = install(es, false);
        assertThat(outcome(kept, EcsTemplates.SETTINGS)).isEqualTo(Outcome.KEPT_MODIFIED);
        assertThat(kept.refusedAnything()).isTrue();
        assertThat(kept.count(Outcome.UNCHANGED)).isEqualTo(3);
        assertThat(node.request("GET", "/_component_template/" + EcsTemplates.SETTINGS, null)).contains("30s");

        InstallReport forced = install(es, true);
        assertThat(outcome(forced, EcsTemplates.SETTINGS)).isEqualTo(Outcome.OVERWRITTEN);
        assertThat(node.request("GET", "/_component_template/" + EcsTemplates.SETTINGS, null)).doesNotContain("30s");
        assertThat(install(es, false).changedAnything()).isFalse();
    }

    @Test
    void leavesAPipelineItDidNotInstallAlone(EsNode node, ElasticsearchClient es) throws Exception {
        node.request("PUT", "/_ingest/pipeline/" + IngestPipeline.NAME,
                "{\"description\":\"someone else's\",\"processors\":[{\"set\":{\"field\":\"a\",\"value\":\"b\"}}]}");
        InstallReport report = install(es, false);
        assertThat(outcome(report, IngestPipeline.NAME)).isEqualTo(Outcome.KEPT_FOREIGN);
        assertThat(node.request("GET", "/_ingest/pipeline/" + IngestPipeline.NAME, null)).contains("someone else's");
        assertThat(outcome(install(es, true), IngestPipeline.NAME)).isEqualTo(Outcome.OVERWRITTEN);
    }

    @Test
    void indicesGetTheCatalogMappings(EsNode node, ElasticsearchClient es) throws Exception {
        install(es, false);
        String index = EcsTemplates.dataStream("audit", "default");
        node.request("PUT", "/" + index + "/_doc/x?refresh=true",
                "{\"@timestamp\":\"2023-05-24T00:52:53Z\",\"source\":{\"ip\":\"51.89.156.153\"},"
                        + "\"forgewatch\":{\"raw\":{\"anything\":{\"nested\":[1,\"x\"]}}}}");
        JsonNode properties = Json.MAPPER.readTree(node.request("GET", "/" + index + "/_mapping", null))
                .path(index).path("mappings").path("properties");
        assertThat(properties.path("@timestamp").path("type").asText()).isEqualTo("date");
        assertThat(properties.path("source").path("properties").path("ip").path("type").asText()).isEqualTo("ip");
        assertThat(properties.path("m365").path("properties").path("record_type").path("type").asText()).isEqualTo("long");
        assertThat(properties.path("m365").path("properties").path("external_access").path("type").asText()).isEqualTo("boolean");
        assertThat(properties.path("forgewatch").path("properties").path("raw").path("enabled").asBoolean(true)).isFalse();
        JsonNode settings = Json.MAPPER.readTree(node.request("GET", "/" + index + "/_settings", null))
                .path(index).path("settings").path("index");
        assertThat(settings.path("number_of_replicas").asText()).isEqualTo("0");
        // stored but not indexed: the raw bag is in _source, and not searchable
        assertThat(node.request("GET", "/" + index + "/_doc/x", null)).contains("\"nested\":[1,\"x\"]");
        assertThat(Json.MAPPER.readTree(node.request("GET", "/" + index + "/_count?q=forgewatch.raw.anything.nested:x", null))
                .path("count").asLong()).isZero();
    }

    private static Outcome outcome(InstallReport report, String name) {
        return report.items().stream().filter(item -> item.asset().endsWith(" " + name)).findFirst().orElseThrow().outcome();
    }
}
