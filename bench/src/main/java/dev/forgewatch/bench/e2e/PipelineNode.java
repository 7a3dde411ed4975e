package dev.forgewatch.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.elastic.assets.IngestPipeline;
import dev.forgewatch.elastic.embedded.NodeClasspath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The baseline's Elasticsearch 7.10 node (the es-test-node launcher) in a child JVM, with the
 * shipped ingest pipeline installed. Started here rather than through the connector's
 * EmbeddedNode, whose C1-only, serial-GC settings are tuned for quick test start-up and would
 * understate the pipeline: this node gets the JIT and heap a server would have.
 */
final class PipelineNode implements AutoCloseable {
    private static final long START_DEADLINE_MILLIS = 180_000;

    private final Process process;
    private final String url;

    private PipelineNode(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    static PipelineNode start(Path classpathList, Path home, String heap) throws IOException, InterruptedException {
        NodeClasspath classpath = NodeClasspath.fromListFile(classpathList);
        Files.createDirectories(home);
        Files.deleteIfExists(home.resolve("http.port"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap, "-Xmx" + heap, "-Dlog4j2.formatMsgNoLookups=true", "-Dio.netty.noUnsafe=true",
                "-cp", classpath.asArgument(), NodeClasspath.MAIN_CLASS, home.toString(), "forgewatch-bench");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("node.log").toFile()).start();
        Path portFile = home.resolve("http.port");
        long deadline = System.currentTimeMillis() + START_DEADLINE_MILLIS;
        while (!Files.exists(portFile)) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                process.destroyForcibly();
                throw new IOException("the Elasticsearch node did not start; see " + home.resolve("node.log"));
            }
            Thread.sleep(100);
        }
        PipelineNode node = new PipelineNode(process, "http://127.0.0.1:" + Files.readString(portFile).trim());
        node.installPipeline();
        return node;
    }

    private void installPipeline() throws IOException, InterruptedException {
        String body = Json.MAPPER.writeValueAsString(IngestPipeline.definition(FieldCatalog.standard()));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/_ingest/pipeline/"
                        + IngestPipeline.NAME)).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode answer = Json.MAPPER.readTree(response.body());
        if (response.statusCode() != 200 || !answer.path("acknowledged").asBoolean()) {
            throw new IOException("installing the ingest pipeline failed: HTTP " + response.statusCode());
        }
    }

    String url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    /** The node's peak RSS so far, KiB. */
    long peakRssKib() {
        return ProcessStats.peakRssKib(process.pid());
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // gone already
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
