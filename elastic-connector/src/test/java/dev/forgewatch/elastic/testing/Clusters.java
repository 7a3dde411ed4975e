package dev.forgewatch.elastic.testing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.elastic.assets.ClusterAssets;
import dev.forgewatch.elastic.assets.ClusterProfile;
import dev.forgewatch.elastic.assets.EcsTemplates;
import dev.forgewatch.elastic.assets.IngestPipeline;
import dev.forgewatch.elastic.install.ClientAssetStore;
import dev.forgewatch.elastic.install.Installer;
import java.io.IOException;
import org.elasticsearch.client.ResponseException;

/** Test helpers for the shared node. */
public final class Clusters {
    private Clusters() {
    }

    /** Removes every ForgeWatch index, template and the pipeline, so a test starts from an empty cluster. */
    public static void wipeForgeWatch(EsNode node) throws IOException {
        deleteQuietly(node, "/logs-forgewatch.*?expand_wildcards=all");
        deleteQuietly(node, "/_index_template/" + EcsTemplates.INDEX_TEMPLATE);
        deleteQuietly(node, "/_component_template/" + EcsTemplates.MAPPINGS);
        deleteQuietly(node, "/_component_template/" + EcsTemplates.SETTINGS);
        deleteQuietly(node, "/_ingest/pipeline/" + IngestPipeline.NAME);
    }

    /** Wipes ForgeWatch from the node, then installs its templates and pipeline for the shipped catalog. */
    public static void installFresh(EsNode node, ElasticsearchClient es) throws IOException {
        wipeForgeWatch(node);
        new Installer(new ClientAssetStore(es)).install("test", ClusterAssets.of(FieldCatalog.standard(), ClusterProfile.OSS_7_10, 0),
                false);
    }

    /** How many documents the ForgeWatch data streams hold, after a refresh. */
    public static long documents(EsNode node) throws IOException {
        node.request("POST", "/logs-forgewatch.*/_refresh", null);
        return Json.MAPPER.readTree(node.request("GET", "/logs-forgewatch.*/_count", null)).path("count").asLong();
    }

    private static void deleteQuietly(EsNode node, String path) throws IOException {
        try {
            node.request("DELETE", path, null);
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() != 404) {
                throw e;
            }
        }
    }
}
