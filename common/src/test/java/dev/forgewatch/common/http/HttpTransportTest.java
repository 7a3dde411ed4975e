package dev.forgewatch.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.forgewatch.common.secret.Secret;
import dev.forgewatch.common.tls.TlsOptions;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpTransportTest {
    private static final String KEY = "c2VjcmV0LWlkOnNlY3JldC1rZXk=";

    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 64; i++) {
                    out.write(chunk);
                }
            } catch (java.io.IOException cancelled) {
                // the client stopped reading, as it should
            }
        });
        server.createContext("/echo", exchange -> {
            // a server that reflects the request's headers in its error page
            StringBuilder page = new StringBuilder("<html>bad request\u001b]0;pwned\u0007\n");
            exchange.getRequestHeaders().forEach((name, values) -> page.append(name).append(": ").append(values.get(0)).append('\n'));
            byte[] body = page.toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/stall", exchange -> {
            exchange.sendResponseHeaders(200, 100);
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private HttpTransport transport(Duration timeout, int maxBody) throws Exception {
        return HttpTransport.create(TlsOptions.VERIFY, Duration.ofSeconds(5), timeout, HttpTransport.Redirects.NEVER, maxBody);
    }

    @Test
    void aBodyOverTheLimitIsCutAndMarked() throws Exception {
        HttpReply reply = transport(Duration.ofSeconds(20), 1 << 20).get(url("/big"), Map.of());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).hasSize(1 << 20);
        assertThat(reply.truncated()).isTrue();

        HttpReply whole = transport(Duration.ofSeconds(20), HttpTransport.UNBOUNDED).get(url("/big"), Map.of());
        assertThat(whole.body()).hasSize(64 * 64 * 1024);
        assertThat(whole.truncated()).isFalse();
    }

    @Test
    void aBodyThatStallsAfterTheHeadersEndsWithinTheRequestTimeout() throws Exception {
        HttpTransport transport = transport(Duration.ofMillis(500), 1024);
        assertThatThrownBy(() -> transport.get(url("/stall"), Map.of())).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void aServersTextIsQuotedBoundedRedactedAndInert() throws Exception {
        Secret key = Secret.of(KEY);
        HttpReply reply = transport(Duration.ofSeconds(20), 1 << 20).get(url("/echo"), Map.of("Authorization", "ApiKey " + KEY,
                "X-Forwarded-Key", KEY));
        assertThat(reply.text()).as("the server did reflect the key").contains(KEY);

        String quoted = ServerText.excerpt(reply.text() + "x".repeat(10_000), List.of(key));
        assertThat(quoted).doesNotContain(KEY).doesNotContain("c2VjcmV0").doesNotContain("\u001b").doesNotContain("\u0007")
                .doesNotContain("\n");
        assertThat(quoted.length()).isLessThanOrEqualTo(210);
        assertThat(ServerText.excerpt("Authorization: ApiKey " + KEY)).doesNotContain("c2VjcmV0");
        assertThat(ServerText.excerpt("authorization=Splunk 1111-2222")).doesNotContain("1111-2222");
    }
}
