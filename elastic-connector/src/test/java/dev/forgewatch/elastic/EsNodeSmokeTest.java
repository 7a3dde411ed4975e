package dev.forgewatch.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.forgewatch.elastic.testing.EsNode;
import dev.forgewatch.elastic.testing.EsNodeExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EsNodeExtension.class)
class EsNodeSmokeTest {
    @Test
    void theNodeIsARealElasticsearch710OnLoopback(ElasticsearchClient es, EsNode node) throws Exception {
        assertThat(es.info().version().number()).isEqualTo("7.10.2");
        assertThat(node.url()).startsWith("http://127.0.0.1:");
        // the node's jars stay in the child JVM
        assertThat(getClass().getClassLoader().getResource("org/elasticsearch/node/Node.class")).isNull();
    }

    @Test
    void theParentBreakerCountsReservationsNotLiveHeap(EsNode node) throws Exception {
        // the demo and the tests run this node: a real-memory breaker tripped their replays at random
        String settings = node.request("GET", "/_nodes/_local/settings?filter_path=nodes.*.settings.indices.breaker", null);
        assertThat(settings).contains("\"use_real_memory\":\"false\"");
        String breakers = node.request("GET", "/_nodes/_local/stats/breaker?filter_path=nodes.*.breakers.parent", null);
        assertThat(breakers).contains("\"tripped\":0");
    }
}
