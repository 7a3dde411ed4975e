package dev.forgewatch.splunk.http;

import dev.forgewatch.common.tls.Tls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The one place ForgeWatch talks HTTP to Splunk: the JDK HTTP client, HTTP/1.1, TLS as
 * {@link TlsSettings} says, bounded response bodies. It stands in for the Splunk Java SDK, which
 * is not published on Maven Central. Request headers (which carry credentials) are never logged or
 * put into exceptions.
 */
public final class HttpTransport {
    /** Splunk's replies are small JSON or XML documents; anything larger is cut. */
    private static final int MAX_BODY = 1 << 20;

    private final HttpClient client;
    private final Duration requestTimeout;

    private HttpTransport(HttpClient client, Duration requestTimeout) {
        this.client = client;
        this.requestTimeout = requestTimeout;
    }

    /** A response: status and (at most 1 MiB of) body text. */
    public record Response(int status, String body) {
    }

    public static HttpTransport create(TlsSettings tls, Duration connectTimeout, Duration requestTimeout)
            throws IOException, GeneralSecurityException {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(sslContext(tls))
                .build();
        return new HttpTransport(client, requestTimeout);
    }

    public Response post(URI uri, Map<String, String> headers, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    public Response get(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            return new Response(response.statusCode(), new String(body.readNBytes(MAX_BODY), StandardCharsets.UTF_8));
        }
    }

    private static SSLContext sslContext(TlsSettings tls) throws IOException, GeneralSecurityException {
        return Tls.of(tls.insecure(), tls.caFile());
    }
}
