package dev.forgewatch.elastic.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Elasticsearch 7.10.2 (OSS) in a child JVM on 127.0.0.1, for the tests and for
 * {@code forgewatch elastic demo}. The child stops when its standard input closes, so it also stops
 * when this JVM dies without running shutdown hooks. Its log goes to {@code HOME/node.log}.
 */
public final class EmbeddedNode implements AutoCloseable {
    /** How long the node may take to become yellow; it takes about 5 s on 2 cores. */
    private static final long START_DEADLINE_MILLIS = 180_000;
    private static final long POLL_MILLIS = 100;

    private final Process process;
    private final Path home;
    private final int port;
    private final Thread killer;

    private EmbeddedNode(Process process, Path home, int port, Thread killer) {
        this.process = process;
        this.home = home;
        this.port = port;
        this.killer = killer;
    }

    /** How the node's JVM is tuned. */
    public enum Tuning {
        /** Small and quick to start (serial GC, C1 only): the tests and the demo. */
        QUICK_START(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")),
        /** The JVM's own defaults, as a server runs: benchmarks, where C1-only code would understate the node. */
        SERVER(List.of());

        private final List<String> options;

        Tuning(List<String> options) {
            this.options = options;
        }
    }

    /**
     * Starts a quick-start node and waits until it is yellow.
     *
     * @param heapMegabytes the child's heap (256-512 is plenty for tests and the demo)
     */
    public static EmbeddedNode start(NodeClasspath classpath, Path home, int heapMegabytes)
            throws IOException, InterruptedException {
        return start(classpath, home, heapMegabytes, Tuning.QUICK_START);
    }

    public static EmbeddedNode start(NodeClasspath classpath, Path home, int heapMegabytes, Tuning tuning)
            throws IOException, InterruptedException {
        Files.createDirectories(home);
        Files.deleteIfExists(home.resolve("http.port"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xms" + heapMegabytes + "m", "-Xmx" + heapMegabytes + "m"));
        command.addAll(tuning.options);
        command.addAll(List.of("-Dlog4j2.formatMsgNoLookups=true", "-Dio.netty.noUnsafe=true",
                "-cp", classpath.asArgument(), NodeClasspath.MAIN_CLASS, home.toString(), "forgewatch-embedded"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                // a file, never a pipe nobody drains: a chatty node would block on a full pipe
                .redirectOutput(home.resolve("node.log").toFile())
                .start();
        Thread killer = new Thread(process::destroy, "forgewatch-node-stop");
        Runtime.getRuntime().addShutdownHook(killer);
        Path portFile = home.resolve("http.port");
        long deadline = System.currentTimeMillis() + START_DEADLINE_MILLIS;
        while (!Files.exists(portFile)) {
            if (!process.isAlive()) {
                throw new IOException("the Elasticsearch node exited with code " + process.exitValue()
                        + " before it was ready; see " + home.resolve("node.log"));
            }
            if (System.currentTimeMillis() > deadline) {
                process.destroyForcibly();
                throw new IOException("the Elasticsearch node was not ready after " + START_DEADLINE_MILLIS / 1000
                        + " s; see " + home.resolve("node.log"));
            }
            Thread.sleep(POLL_MILLIS);
        }
        int port = Integer.parseInt(Files.readString(portFile, StandardCharsets.UTF_8).trim());
        return new EmbeddedNode(process, home, port, killer);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path home() {
        return home;
    }

    /** Stops the node (closing its stdin lets it shut down and delete its data) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // the child is gone already
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }
}
