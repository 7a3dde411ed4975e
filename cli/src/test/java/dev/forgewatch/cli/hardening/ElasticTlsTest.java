package dev.forgewatch.cli.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.cli.elastic.ElasticCommand;
import dev.forgewatch.collector.testing.TestCertificates;
import dev.forgewatch.common.tls.TlsOptions;
import dev.forgewatch.elastic.client.ClusterTarget;
import dev.forgewatch.elastic.client.Credentials;
import dev.forgewatch.elastic.client.ElasticClients;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Elasticsearch client (installer and bulk shipper both go through {@link ElasticClients})
 * against an HTTPS server with a self-signed certificate: refused by default and with an unrelated
 * CA, accepted when told to trust that certificate or, explicitly, to skip verification.
 */
class ElasticTlsTest {
    private static final String INFO = "{\"name\":\"tls-test\",\"cluster_name\":\"tls\",\"cluster_uuid\":\"u\",\"version\":{"
            + "\"number\":\"8.15.0\",\"build_flavor\":\"default\",\"build_type\":\"tar\",\"build_hash\":\"h\",\"build_date\":"
            + "\"2024-01-01T00:00:00Z\",\"build_snapshot\":false,\"lucene_version\":\"9.11.1\",\"minimum_wire_compatibility_version\":"
            + "\"7.17.0\",\"minimum_index_compatibility_version\":\"7.0.0\"},\"tagline\":\"You Know, for Search\"}";

    private HttpsServer server;
    private URI url;
    private final AtomicInteger answered = new AtomicInteger();

    @BeforeEach
    void start() throws IOException, GeneralSecurityException {
        server = serve(TestCertificates.server());
        url = URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A cluster answering its info on HTTPS with {@code certificate}. */
    private HttpsServer serve(TestCertificates.Issued certificate) throws IOException {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(TestCertificates.serverContext(certificate)));
        https.createContext("/", exchange -> {
            byte[] body = INFO.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            answered.incrementAndGet();
        });
        https.start();
        return https;
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String clusterName(ClusterTarget target) throws IOException {
        ElasticsearchClient client = ElasticClients.create(target);
        try {
            return client.info().clusterName();
        } finally {
            client._transport().close();
        }
    }

    @Test
    void aSelfSignedCertificateIsRefusedByDefaultAndByAnotherCa() {
        assertThatThrownBy(() -> clusterName(new ClusterTarget(url, new Credentials.None(), TlsOptions.VERIFY)))
                .satisfies(e -> assertThat(handshakeFailure(e)).as("%s", e).isTrue());
        assertThatThrownBy(() -> clusterName(new ClusterTarget(url, new Credentials.None(),
                TlsOptions.trusting(TestCertificates.stranger().certificatePem()))))
                .satisfies(e -> assertThat(handshakeFailure(e)).as("%s", e).isTrue());
        assertThat(answered).hasValue(0);
    }

    @Test
    void itIsAcceptedOnlyWhenTrustedExplicitly() throws IOException {
        assertThat(clusterName(new ClusterTarget(url, new Credentials.None(), TlsOptions.trusting(TestCertificates.server().certificatePem()))))
                .isEqualTo("tls");
        assertThat(clusterName(new ClusterTarget(url, new Credentials.None(), TlsOptions.insecureForLabs()))).isEqualTo("tls");
    }

    @Test
    void aTrustedCertificateForAnotherHostIsNamedAsSuch() throws Exception {
        TestCertificates.Issued elsewhere = TestCertificates.otherHost();
        HttpsServer other = serve(elsewhere);
        try {
            CliRunner.Run install = CliRunner.run(List.of(new ElasticCommand()), "elastic", "install", "--url",
                    "https://127.0.0.1:" + other.getAddress().getPort(), "--ca-cert", elsewhere.certificatePem().toString());
            assertThat(install.exitCode()).isEqualTo(ExitCodes.ERROR);
            assertThat(install.err()).contains("TLS with 127.0.0.1 failed (certificate is for another host)");
            assertThat(answered).hasValue(0);
        } finally {
            other.stop(0);
        }
    }

    private static boolean handshakeFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException || String.valueOf(t.getMessage()).contains("PKIX")) {
                return true;
            }
        }
        return false;
    }
}
