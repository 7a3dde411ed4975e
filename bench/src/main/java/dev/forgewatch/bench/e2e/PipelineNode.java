package dev.forgewatch.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.http.HttpReply;
import dev.forgewatch.common.http.HttpTransport;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.tls.TlsOptions;
import dev.forgewatch.elastic.assets.IngestPipeline;
import dev.forgewatch.elastic.embedded.EmbeddedNode;
import dev.forgewatch.elastic.embedded.NodeClasspath;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;

/**
 * The baseline's Elasticsearch 7.10 node with the shipped ingest pipeline installed. It runs with
 * the JVM's server defaults ({@link EmbeddedNode.Tuning#SERVER}), not the tests' quick-start
 * settings, whose C1-only code would understate the pipeline.
 */
final class PipelineNode implements AutoCloseable {
    private final EmbeddedNode node;

    private PipelineNode(EmbeddedNode node) {
        this.node = node;
    }

    /** @param heap the node's heap as the JVM option writes it, e.g. {@code 1g} or {@code 768m} */
    static PipelineNode start(Path classpathList, Path home, String heap) throws IOException, InterruptedException {
        EmbeddedNode node = EmbeddedNode.start(NodeClasspath.fromListFile(classpathList), home, megabytes(heap),
                EmbeddedNode.Tuning.SERVER);
        PipelineNode pipelineNode = new PipelineNode(node);
        try {
            pipelineNode.installPipeline();
        } catch (IOException e) {
            node.close();
            throw e;
        }
        return pipelineNode;
    }

    static int megabytes(String heap) {
        String size = heap.toLowerCase(java.util.Locale.ROOT);
        int number = Integer.parseInt(size.substring(0, size.length() - 1));
        return switch (size.charAt(size.length() - 1)) {
            case 'g' -> number * 1024;
            case 'm' -> number;
            default -> throw new IllegalArgumentException("heap must be like 1g or 768m: " + heap);
        };
    }

    private void installPipeline() throws IOException {
        byte[] body = Json.MAPPER.writeValueAsBytes(IngestPipeline.definition(FieldCatalog.standard()));
        HttpReply response;
        try {
            // the local node speaks plain http; the transport is the one every ForgeWatch request goes through
            response = HttpTransport.create(TlsOptions.VERIFY, Duration.ofSeconds(10), Duration.ofMinutes(1),
                    HttpTransport.Redirects.NEVER, HttpTransport.UNBOUNDED)
                    .put(URI.create(url() + "/_ingest/pipeline/" + IngestPipeline.NAME), Map.of("Content-Type", "application/json"), body);
        } catch (GeneralSecurityException e) {
            throw new IOException("no TLS context for the benchmark node's client", e);
        }
        JsonNode answer = Json.MAPPER.readTree(response.body());
        if (response.status() != 200 || !answer.path("acknowledged").asBoolean()) {
            throw new IOException("installing the ingest pipeline failed: HTTP " + response.status());
        }
    }

    String url() {
        return node.url();
    }

    long pid() {
        return node.pid();
    }

    /** The node's peak RSS so far, KiB. */
    long peakRssKib() {
        return ProcessStats.peakRssKib(node.pid());
    }

    @Override
    public void close() throws InterruptedException {
        node.close();
    }
}
