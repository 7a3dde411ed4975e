package dev.forgewatch.cli.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.cli.Command;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.cli.collect.CollectCommand;
import dev.forgewatch.cli.elastic.ElasticCommand;
import dev.forgewatch.cli.splunk.SplunkCommand;
import dev.forgewatch.collector.Collector;
import dev.forgewatch.collector.FaultHook;
import dev.forgewatch.collector.testing.TestCertificates;
import dev.forgewatch.common.testing.TestRecords;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, item 7 (its network parts), as the issue states them: "{@code elastic --url
 * http://user:pass@host} accepts and ignores the credentials; a TLS certificate failure is retried 6
 * times (17 s) instead of failing at once; error messages echo the server's response body verbatim
 * (a server reflecting headers puts the API key on stderr)."
 */
class NetworkFailuresTest {
    private static final String API_KEY = "c2VjcmV0LWlkOnNlY3JldC1rZXk=";
    private static final String SPLUNK_PASSWORD = "pw-hunter2-7f3a";
    private static final String HEC_TOKEN = "9d1c7a52-4e8b-4f7a-a3c6-0b5e2f6d8e19";
    private static final String CLIENT_SECRET = "cs~Q8Xq3vT-reflected-secret";
    /** What a hostile server puts before its reflection: retitle the terminal, clear the screen. */
    private static final String ESCAPES = "\u001b]0;pwned\u0007\u001b[2J";

    @TempDir
    Path dir;

    /** The commands that talk to a network, as the CLI builds them, with no real waiting. */
    static List<Command> commands() {
        return List.of(new ElasticCommand(), new SplunkCommand(),
                new CollectCommand(listener -> new Collector.Runtime(Clock.systemUTC(), d -> { }, new Random(1), listener,
                        FaultHook.NONE)));
    }

    private Path export() throws IOException {
        return Files.writeString(dir.resolve("audit.ndjson"), TestRecords.json("mailitemsaccessed-bind.json") + "\n");
    }

    @Test
    void credentialsInTheElasticUrlAreRefusedNotIgnored() throws Exception {
        try (ReflectingServer cluster = new ReflectingServer(200, "application/json", request -> "{}")) {
            String url = "http://elastic:hunter2-in-url@127.0.0.1:" + cluster.url().getPort();
            CliRunner.Run install = CliRunner.run(commands(), "elastic", "install", "--url", url);
            CliRunner.Run ship = CliRunner.run(commands(), "elastic", "ship", "--url", url, export().toString());

            for (CliRunner.Run run : List.of(install, ship)) {
                assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
                assertThat(run.err()).contains("--url must not hold credentials (user:password@)")
                        .doesNotContain("hunter2-in-url");
            }
            assertThat(cluster.requests()).as("nothing is sent, neither with nor without the URL's credentials").isZero();
        }
    }

    @Test
    void aTlsCertificateFailureFailsAtOnceWithAClearMessage() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (SSLServerSocket server = untrustedTlsServer(connections)) {
            Path key = Files.writeString(dir.resolve("api-key"), API_KEY);
            CliRunner.Run ship = CliRunner.run(commands(), "elastic", "ship", "--url", "https://127.0.0.1:" + server.getLocalPort(),
                    "--api-key-file", key.toString(), export().toString());

            assertThat(ship.exitCode()).isEqualTo(ExitCodes.ERROR);
            assertThat(ship.err()).contains("TLS with 127.0.0.1 failed (certificate not trusted)", "--ca-cert", "--insecure")
                    .doesNotContain(API_KEY);
            assertThat(connections).as("one handshake, not one per retry").hasValue(1);
        }
    }

    @Test
    void aTlsCertificateFailureWithKibanaFailsAtOnceToo() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (SSLServerSocket server = untrustedTlsServer(connections)) {
            Path key = Files.writeString(dir.resolve("api-key"), API_KEY);
            CliRunner.Run install = CliRunner.run(commands(), "elastic", "install", "--kibana-url",
                    "https://127.0.0.1:" + server.getLocalPort(), "--api-key-file", key.toString(), "--fleet");

            assertThat(install.exitCode()).isEqualTo(ExitCodes.ERROR);
            assertThat(install.err()).contains("TLS with 127.0.0.1 failed (certificate not trusted)", "--ca-cert", "--insecure")
                    .doesNotContain(API_KEY);
            assertThat(connections).as("one handshake, not one per retry").hasValue(1);
        }
    }

    @Test
    void aServerReflectingTheRequestNeverGetsItsTextOnTheTerminalVerbatim() throws Exception {
        Path apiKey = Files.writeString(dir.resolve("api-key"), API_KEY);
        Path password = Files.writeString(dir.resolve("password"), SPLUNK_PASSWORD);
        Path token = Files.writeString(dir.resolve("hec-token"), HEC_TOKEN);
        String padding = "x".repeat(5000);
        try (ReflectingServer elastic = new ReflectingServer(401, "application/json", request -> "{\"error\":{\"root_cause\":[],"
                + "\"type\":\"security_exception\",\"reason\":\"" + ReflectingServer.jsonText(ESCAPES + request + padding)
                + "\"},\"status\":401}");
             ReflectingServer splunk = new ReflectingServer(401, "application/json", request -> "{\"messages\":[{\"type\":\"ERROR\","
                     + "\"text\":\"" + ReflectingServer.jsonText(ESCAPES + request + padding) + "\"}]}");
             ReflectingServer hec = new ReflectingServer(403, "application/json", request -> "{\"text\":\""
                     + ReflectingServer.jsonText(ESCAPES + request + padding) + "\",\"code\":4}");
             ReflectingServer login = new ReflectingServer(401, "application/json", request -> "{\"error\":\"invalid_client\","
                     + "\"error_description\":\"" + ReflectingServer.jsonText(ESCAPES + request + padding) + "\"}")) {
            Path config = Files.writeString(dir.resolve("collector.properties"), "tenant_id=contoso.onmicrosoft.com\n"
                    + "client_id=11111111-1111-1111-1111-111111111111\nauthority=" + login.url() + "\n");
            List<CliRunner.Run> runs = List.of(
                    CliRunner.run(commands(), "elastic", "install", "--allow-http", "--url", elastic.url().toString(),
                            "--api-key-file", apiKey.toString()),
                    CliRunner.run(commands(), "splunk", "install", "--allow-http", "--url", splunk.url().toString(),
                            "--user", "admin", "--password-file", password.toString(), "--package", "/opt/forgewatch_app.spl"),
                    CliRunner.run(commands(), "splunk", "ship", "--allow-http", "--hec-url", hec.url().toString(),
                            "--hec-token-file", token.toString(), export().toString()),
                    CliRunner.run(commands(), Map.of("FORGEWATCH_CLIENT_SECRET", CLIENT_SECRET), "collect", "--allow-http",
                            "--config", config.toString(), "--out", dir.resolve("logs").toString()));
            assertThat(List.of(elastic, splunk, hec, login)).allSatisfy(server -> assertThat(server.requests()).isPositive());
            for (CliRunner.Run run : runs) {
                String printed = run.out() + run.err();
                assertThat(run.exitCode()).as(printed).isEqualTo(ExitCodes.ERROR);
                assertThat(printed).doesNotContain(API_KEY, "c2VjcmV0", SPLUNK_PASSWORD, HEC_TOKEN, CLIENT_SECRET,
                        "\u001b", "\u0007", padding);
                assertThat(printed.lines()).allSatisfy(line -> assertThat(line.length()).isLessThan(1000));
            }
        }
    }

    /** A TLS server whose certificate nobody trusts; it counts connections and completes no exchange. */
    private static SSLServerSocket untrustedTlsServer(AtomicInteger connections) throws Exception {
        SSLContext context = TestCertificates.serverContext(TestCertificates.server());
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    connections.incrementAndGet();
                    socket.startHandshake();
                } catch (IOException expected) {
                    // the client refuses the certificate, or the server was closed
                }
            }
        }, "untrusted-tls-server");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }
}
