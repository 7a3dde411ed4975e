package dev.forgewatch.token.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forgewatch.token.testing.JwksServer;
import dev.forgewatch.token.testing.TestTokens;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS against a local server with a certificate made for this run. */
class JwksFetcherTest {
    static final String PATH = "/common/discovery/v2.0/keys";
    static final String DOCUMENT = "{\"keys\":[" + jwk(TestTokens.ORG_KEY, "https://login.microsoftonline.com/{tenantid}/v2.0") + ","
            + jwk(TestTokens.CONSUMER_KEY, JwksEndpoint.CONSUMER_ISSUER) + ","
            + "{\"kty\":\"EC\",\"kid\":\"ec-key\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"},"
            + "{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"},"
            + "{\"kty\":\"RSA\",\"kid\":\"broken\",\"n\":\"***\",\"e\":\"AQAB\"},"
            + "{\"kty\":\"RSA\",\"kid\":\"enc\",\"use\":\"enc\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}";

    @TempDir
    static Path dir;
    static JwksServer https;

    @BeforeAll
    static void start() throws Exception {
        https = JwksServer.https(dir).respond(PATH, 200, DOCUMENT);
    }

    @AfterAll
    static void stop() {
        https.close();
    }

    static String jwk(TestTokens.TestKey key, String issuer) {
        RsaJwk jwk = key.jwk();
        return "{\"kty\":\"RSA\",\"use\":\"sig\",\"kid\":\"" + key.kid() + "\",\"n\":\"" + jwk.n() + "\",\"e\":\"" + jwk.e()
                + "\",\"issuer\":\"" + issuer + "\"}";
    }

    @Test
    void withoutTrustInTheServersCertificateTheFetchFailsClearly() throws Exception {
        JwksFetcher verifying = JwksFetcher.create(Duration.ofSeconds(5), SSLContext.getDefault());

        assertThatThrownBy(() -> verifying.fetch(https.url(PATH)))
                .isInstanceOf(JwksFetchException.class)
                .hasMessageStartingWith(https.url(PATH) + ": TLS handshake failed (certificate not trusted)")
                .hasMessageContaining("--insecure skips the check, for testing only");
    }

    @Test
    void trustingTheTestCertificateTheDocumentIsFetchedAndItsKeysChecked() throws Exception {
        FetchedJwks fetched = JwksFetcher.create(Duration.ofSeconds(5), https.clientTls()).fetch(https.url(PATH));

        assertThat(fetched.keys()).extracting(FetchedJwks.FetchedKey::kid)
                .containsExactly(TestTokens.ORG_KEY.kid(), TestTokens.CONSUMER_KEY.kid());
        assertThat(fetched.keys().get(1).issuer()).isEqualTo(JwksEndpoint.CONSUMER_ISSUER);
        assertThat(fetched.skipped()).containsExactly("keys[2] (kid ec-key): key type 'EC' is not RSA", "keys[3]: no kid",
                "keys[4] (kid broken): jwk n/e is not a usable RSA public key",
                "keys[5] (kid enc): not a signing key (use enc)");
    }

    @Test
    void insecureAcceptsTheUntrustedCertificate() throws Exception {
        assertThat(JwksFetcher.create(Duration.ofSeconds(5), true).fetch(https.url(PATH)).keys()).hasSize(2);
    }

    @Test
    void plainHttpWorksToo() throws Exception {
        try (JwksServer http = JwksServer.http().respond(PATH, 200, DOCUMENT)) {
            assertThat(JwksFetcher.create(Duration.ofSeconds(5), false).fetch(http.url(PATH)).keys()).hasSize(2);
        }
    }

    @Test
    void answersThatAreNotKeyDocumentsFailWithTheReason() throws Exception {
        JwksFetcher fetcher = JwksFetcher.create(Duration.ofSeconds(5), false);
        try (JwksServer http = JwksServer.http().respond("/html", 200, "<html>login</html>").respond("/empty", 200, "{\"keys\":{}}")
                .respond("/big", 200, "{\"keys\":[],\"pad\":\"" + "x".repeat(JwksFetcher.MAX_BYTES) + "\"}").respond("/down", 503, "")) {
            assertThatThrownBy(() -> fetcher.fetch(http.url("/missing"))).hasMessage(http.url("/missing") + ": the server answered HTTP 404");
            assertThatThrownBy(() -> fetcher.fetch(http.url("/down"))).hasMessageEndingWith("answered HTTP 503");
            assertThatThrownBy(() -> fetcher.fetch(http.url("/html"))).hasMessageEndingWith("the response is not JSON");
            assertThatThrownBy(() -> fetcher.fetch(http.url("/empty"))).hasMessageEndingWith("has no keys array, so it is not a JWKS document");
            assertThatThrownBy(() -> fetcher.fetch(http.url("/big"))).hasMessageEndingWith("the response is over 1024 KiB, not a key document");
        }
        assertThatThrownBy(() -> fetcher.fetch("ftp://example.com/keys")).hasMessageEndingWith("only http:// and https:// URLs can be fetched");
        assertThatThrownBy(() -> fetcher.fetch("::not a url")).hasMessageEndingWith("not a URL");
    }

    @Test
    void aServerThatDoesNotAnswerOrIsNotThereFailsWithinTheTimeout() throws Exception {
        JwksFetcher fetcher = JwksFetcher.create(Duration.ofSeconds(1), false);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (JwksServer http = JwksServer.http().hang("/slow")) {
            assertThatThrownBy(() -> fetcher.fetch(http.url("/slow"))).hasMessageEndingWith(": no answer within 1s");
        }
        assertThatThrownBy(() -> fetcher.fetch("http://127.0.0.1:" + closedPort + "/keys")).hasMessageContaining("cannot connect to 127.0.0.1:" + closedPort);
    }
}
