package dev.forgewatch.elastic.install;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.InfoResponse;
import dev.forgewatch.elastic.assets.ClusterProfile;
import java.io.IOException;

/** Asks a cluster what it is. */
public final class ClusterProbe {
    private ClusterProbe() {
    }

    /** The cluster's name, version and what it supports. */
    public record Cluster(String name, String version, ClusterProfile profile) {
        public String describe() {
            return "Elasticsearch " + profile.version() + " (cluster " + name + ")";
        }
    }

    public static Cluster probe(ElasticsearchClient client) throws IOException {
        InfoResponse info = client.info();
        String flavor = info.version().buildFlavor();
        return new Cluster(info.clusterName(), info.version().number(),
                ClusterProfile.detect(info.version().number(), flavor));
    }
}
