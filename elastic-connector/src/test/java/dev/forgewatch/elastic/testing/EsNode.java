package dev.forgewatch.elastic.testing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.forgewatch.elastic.client.ClusterTarget;
import dev.forgewatch.elastic.client.ElasticClients;
import dev.forgewatch.elastic.embedded.EmbeddedNode;
import dev.forgewatch.esnode.Es7CompatCallback;
import java.io.IOException;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import co.elastic.clients.transport.rest_client.RestClientTransport;

/** The test run's Elasticsearch node and an 8.x client adapted to it. */
public final class EsNode {
    private final EmbeddedNode node;
    private final ElasticsearchClient client;

    EsNode(EmbeddedNode node) throws IOException {
        this.node = node;
        this.client = ElasticClients.create(ClusterTarget.plain(node.url()), new Es7CompatCallback());
    }

    public ElasticsearchClient client() {
        return client;
    }

    public String url() {
        return node.url();
    }

    public int port() {
        return node.port();
    }

    /** The low-level client under the typed one, for the few 7.10 responses the 8.x classes cannot read. */
    public RestClient lowLevel() {
        return ((RestClientTransport) client._transport()).restClient();
    }

    /** A JSON request through the low-level client; returns the body. */
    public String request(String method, String path, String jsonBody) throws IOException {
        Request request = new Request(method, path);
        if (jsonBody != null) {
            request.setJsonEntity(jsonBody);
        }
        Response response = lowLevel().performRequest(request);
        return new String(response.getEntity().getContent().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    void close() throws Exception {
        try {
            client._transport().close();
        } finally {
            node.close();
        }
    }
}
