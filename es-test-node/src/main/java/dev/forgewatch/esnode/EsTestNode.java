package dev.forgewatch.esnode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner;
import org.elasticsearch.http.HttpServerTransport;

/**
 * Runs one single-node Elasticsearch 7.10.2 on 127.0.0.1 and an ephemeral port, in this JVM, until
 * standard input closes (the parent stopped or died). Writes the HTTP port to {@code HOME/http.port}
 * once the cluster is yellow; deletes its data on the way out.
 *
 * <p>Arguments: {@code HOME CLUSTER_NAME}.
 */
public final class EsTestNode {
    private EsTestNode() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: EsTestNode HOME CLUSTER_NAME");
            System.exit(2);
        }
        Path home = Path.of(args[0]);
        ElasticsearchClusterRunner runner = new ElasticsearchClusterRunner();
        runner.onBuild((index, settings) -> {
            settings.put("http.port", 0);
            settings.put("transport.port", 0);
            settings.put("network.host", "127.0.0.1");
            settings.put("discovery.type", "single-node");
            // the runner's default roles leave out ingest, which the pipeline tests need
            settings.putList("node.roles", "master", "data", "ingest");
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
            // The real-memory parent breaker compares live heap (garbage not yet collected included)
            // with 95 % of a small heap, so a rule replay tripped it at random ("Data too large" with
            // nothing actually reserved). Counting only what requests reserve keeps the protection
            // (parent limit 70 % of the heap) without the GC-timing flake.
            settings.put("indices.breaker.total.use_real_memory", false);
        }).build(ElasticsearchClusterRunner.newConfigs()
                .basePath(home.resolve("data").toString())
                .numOfNode(1)
                .clusterName(args[1])
                .disableESLogger());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(runner)));
        runner.ensureYellow();
        int port = runner.getInstance(HttpServerTransport.class).boundAddress().publishAddress().getPort();
        Path partial = home.resolve("http.port.tmp");
        Files.writeString(partial, Integer.toString(port), StandardCharsets.UTF_8);
        // atomic: the parent never reads a half-written port. Not common's AtomicFiles: this JVM runs
        // on the Elasticsearch 7.10 classpath (its own Jackson), and the port file is a handshake in
        // a throw-away node folder, not a file that must survive a power cut.
        Files.move(partial, home.resolve("http.port"), StandardCopyOption.ATOMIC_MOVE);
        System.out.println("forgewatch test node ready on 127.0.0.1:" + port);
        System.out.flush();
        while (System.in.read() != -1) {
            // nothing to read; EOF means the parent is gone
        }
        System.exit(0);
    }

    private static void stop(ElasticsearchClusterRunner runner) {
        try {
            runner.close();
            runner.clean();
        } catch (IOException | RuntimeException e) {
            System.err.println("node shutdown: " + e);
        }
    }
}
