package dev.forgewatch.elastic.testing;

import dev.forgewatch.elastic.assets.EcsTemplates;
import dev.forgewatch.elastic.assets.IngestPipeline;
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
