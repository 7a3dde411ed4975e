package dev.forgewatch.common.http;

import dev.forgewatch.common.tls.TlsOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * The one way ForgeWatch makes HTTP requests (Microsoft APIs, Splunk, JWKS endpoints, benchmarks):
 * the JDK client, HTTP/1.1, TLS as {@link TlsOptions} say, the system proxy settings, a bound on
 * the whole exchange (body included) and on the body's size. Request headers, which carry
 * credentials, are never logged or put into exceptions. The Elasticsearch Java client brings its own
 * HTTP stack; it takes its TLS from the same {@link TlsOptions}.
 */
public final class HttpTransport {
    /** No limit on a body beyond what an array can hold. */
    public static final int UNBOUNDED = Integer.MAX_VALUE - 8;

    private final HttpClient client;
    private final Duration requestTimeout;
    private final int maxBody;

    private HttpTransport(HttpClient client, Duration requestTimeout, int maxBody) {
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.maxBody = maxBody;
    }

    /** Whether redirects are followed: never (APIs answer directly), or within https only (document downloads). */
    public enum Redirects { NEVER, SAME_OR_SAFER }

    /**
     * @param requestTimeout bound of one whole exchange, body included
     * @param maxBody        bytes of a response body kept; a longer body is cut and marked {@link HttpReply#truncated}
     */
    public static HttpTransport create(TlsOptions tls, Duration connectTimeout, Duration requestTimeout, Redirects redirects,
                                       int maxBody) throws IOException, GeneralSecurityException {
        return create(tls.sslContext(), connectTimeout, requestTimeout, redirects, maxBody);
    }

    /** As {@link #create(TlsOptions, Duration, Duration, Redirects, int)}, with an SSL context made already. */
    public static HttpTransport create(SSLContext tls, Duration connectTimeout, Duration requestTimeout, Redirects redirects,
                                       int maxBody) {
        return new HttpTransport(client(tls, connectTimeout, redirects), requestTimeout, maxBody);
    }

    /** The JDK client with ForgeWatch's settings, for callers that stream bodies themselves. */
    public static HttpClient client(SSLContext tls, Duration connectTimeout, Redirects redirects) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(redirects == Redirects.NEVER ? HttpClient.Redirect.NEVER : HttpClient.Redirect.NORMAL)
                .proxy(ProxySelector.getDefault())
                .sslContext(tls)
                .build();
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public HttpReply post(URI uri, Map<String, String> headers, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    public HttpReply put(URI uri, Map<String, String> headers, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    public HttpReply get(URI uri, Map<String, String> headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    /**
     * Sends a request and reads its answer. {@code sendAsync} + {@code get(timeout)} bounds the whole
     * exchange: the request timeout alone stops counting once the headers arrive, and a stalled
     * body would hang the run.
     */
    public HttpReply send(HttpRequest request) throws IOException {
        HttpRequest timed = HttpRequest.newBuilder(request, (name, value) -> true).timeout(requestTimeout).build();
        CompletableFuture<HttpResponse<BoundedBody.Body>> future = client.sendAsync(timed, info -> new BoundedBody(maxBody));
        try {
            HttpResponse<BoundedBody.Body> response = future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new HttpReply(request.uri(), response.statusCode(), response.headers(), response.body().bytes(),
                    response.body().truncated());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + requestTimeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during " + request.method() + " " + request.uri().getPath());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        }
    }

    /** Scheme, host and path only: query strings can carry paging tokens, never worth printing. */
    public static String describe(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }
}
