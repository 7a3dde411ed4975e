package dev.forgewatch.token.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.http.HttpReply;
import dev.forgewatch.common.http.HttpTransport;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.tls.Tls;
import dev.forgewatch.common.tls.TlsFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Fetches JWKS documents with the JDK HTTP client: TLS verified against the JVM's trust store
 * unless told otherwise, connect and response timeouts, redirects followed only within https, a
 * size cap, and errors that say in one line what went wrong.
 */
public final class JwksFetcher {
    /** Microsoft's documents are a few KiB; anything this big is not one. */
    public static final int MAX_BYTES = 1024 * 1024;

    private final HttpTransport http;
    private final Duration timeout;

    private JwksFetcher(HttpTransport http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** A fetcher verifying TLS with the given context (the JVM default: {@code SSLContext.getDefault()}). */
    public static JwksFetcher create(Duration timeout, SSLContext tls) {
        return new JwksFetcher(HttpTransport.create(tls, timeout, timeout, HttpTransport.Redirects.SAME_OR_SAFER, MAX_BYTES),
                timeout);
    }

    public static JwksFetcher create(Duration timeout, boolean insecure) {
        try {
            return create(timeout, insecure ? Tls.insecure() : Tls.system());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS support in this Java runtime", e);
        }
    }

    public FetchedJwks fetch(String url) throws JwksFetchException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new JwksFetchException(url + ": not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new JwksFetchException(url + ": only http:// and https:// URLs can be fetched");
        }
        HttpReply response;
        try {
            response = http.get(uri, Map.of("Accept", "application/json"));
        } catch (HttpConnectTimeoutException e) {
            throw new JwksFetchException(url + ": could not connect within " + timeout.toSeconds() + "s");
        } catch (HttpTimeoutException e) {
            throw new JwksFetchException(url + ": no answer within " + timeout.toSeconds() + "s");
        } catch (ConnectException e) {
            throw new JwksFetchException(url + ": cannot connect to " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
        } catch (InterruptedIOException e) {
            throw new JwksFetchException(url + ": interrupted");
        } catch (IOException e) {
            if (TlsFailure.isHandshakeFailure(e)) {
                throw new JwksFetchException(url + ": TLS handshake failed (" + TlsFailure.reason(e)
                        + "); the server's certificate is not trusted by this Java runtime or does not match the host."
                        + " Add its CA to the trust store; --insecure skips the check, for testing only");
            }
            throw new JwksFetchException(url + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        if (response.status() != 200) {
            throw new JwksFetchException(url + ": the server answered HTTP " + response.status());
        }
        if (response.truncated()) {
            throw new JwksFetchException(url + ": the response is over " + MAX_BYTES / 1024 + " KiB, not a key document");
        }
        return parse(url, response.body());
    }

    static FetchedJwks parse(String url, byte[] body) throws JwksFetchException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new JwksFetchException(url + ": the response is not JSON");
        } catch (IOException e) {
            throw new JwksFetchException(url + ": the response cannot be read");
        }
        if (root == null || !root.path("keys").isArray()) {
            throw new JwksFetchException(url + ": the response has no keys array, so it is not a JWKS document");
        }
        List<FetchedJwks.FetchedKey> keys = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int index = 0;
        for (JsonNode key : root.get("keys")) {
            String label = "keys[" + index++ + "]";
            String kid = key.path("kid").isTextual() ? key.path("kid").asText() : null;
            if (kid == null || kid.isBlank()) {
                skipped.add(label + ": no kid");
                continue;
            }
            label += " (kid " + kid + ")";
            String kty = key.path("kty").asText("");
            if (!kty.equals("RSA")) {
                skipped.add(label + ": key type '" + kty + "' is not RSA");
                continue;
            }
            if (key.has("use") && !key.path("use").asText().equals("sig")) {
                skipped.add(label + ": not a signing key (use " + key.path("use").asText() + ")");
                continue;
            }
            RsaJwk jwk = key.path("n").isTextual() && key.path("e").isTextual() ? new RsaJwk(key.path("n").asText(), key.path("e").asText()) : null;
            List<String> x5c = new ArrayList<>();
            for (JsonNode cert : key.path("x5c")) {
                if (cert.isTextual()) {
                    x5c.add(cert.asText());
                }
            }
            String x5t = key.path("x5t").isTextual() ? key.path("x5t").asText() : null;
            String issuer = key.path("issuer").isTextual() ? key.path("issuer").asText() : null;
            try {
                KeyMaterial.check(new LedgerKey(kid, x5t, KeyScope.ORGANIZATIONS, List.of(), jwk, x5c, null, null, List.of(), null));
                if (jwk == null && x5c.isEmpty()) {
                    throw new IllegalArgumentException("neither n/e nor x5c");
                }
            } catch (IllegalArgumentException e) {
                skipped.add(label + ": " + e.getMessage());
                continue;
            }
            keys.add(new FetchedJwks.FetchedKey(kid, x5t, jwk, x5c, issuer));
        }
        return new FetchedJwks(url, keys, skipped);
    }
}
