package dev.forgewatch.collector.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * Sends requests with the JDK client and retries what is worth retrying: network errors (resets,
 * bodies cut short, timeouts), 5xx, and throttling (429, or the Activity API's AF429) where the
 * server's {@code Retry-After} wins over our own backoff. Everything else is returned to the
 * caller, which knows what the API's error bodies mean. Retries are bounded by the policy.
 */
public final class ApiClient {
    private final HttpClient http;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Duration requestTimeout;
    private final RetryListener listener;

    public ApiClient(HttpClient http, RetryPolicy policy, Sleeper sleeper, Clock clock, Duration requestTimeout,
                     RetryListener listener) {
        this.http = http;
        this.policy = policy;
        this.sleeper = sleeper;
        this.clock = clock;
        this.requestTimeout = requestTimeout;
        this.listener = listener;
    }

    /** A JDK client for the given trust; HTTP/1.1 because that is what the Microsoft endpoints are tested with here. */
    public static HttpClient httpClient(SSLContext tls, Duration connectTimeout) {
        return HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Sends the request built by {@code request} (called again for every attempt, so an
     * Authorization header can be refreshed) and returns the first response that is not retried.
     *
     * @throws TransportException when every attempt failed
     */
    public ApiResponse send(Supplier<HttpRequest> request) throws IOException {
        IOException lastError = null;
        int lastStatus = 0;
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            HttpRequest built = request.get();
            String what = built.method() + " " + built.uri().getPath();
            Duration wait;
            String reason;
            boolean throttled = false;
            try {
                ApiResponse response = exchange(built);
                int status = response.status();
                lastStatus = status;
                throttled = status == 429 || (status == 403 && response.text().contains("\"AF429\""));
                if (!throttled && status < 500) {
                    return response;
                }
                reason = "HTTP " + status + (throttled && status != 429 ? " AF429" : "");
                Duration asked = RetryAfter.parse(response.header("Retry-After"), clock.instant());
                wait = asked != null ? policy.retryAfter(asked) : policy.backoff(attempt);
                lastError = null;
            } catch (IOException e) {
                if (isTlsFailure(e)) {
                    throw e; // an untrusted certificate does not get better by asking again
                }
                lastError = e;
                lastStatus = 0;
                reason = e.getClass().getSimpleName();
                wait = policy.backoff(attempt);
            }
            if (attempt == policy.maxAttempts()) {
                break;
            }
            listener.retrying(what, reason, wait, throttled);
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting to retry " + what);
            }
        }
        String what = describe(request.get().uri());
        if (lastError != null) {
            throw new TransportException(what + ": gave up after " + policy.maxAttempts() + " attempts: "
                    + lastError.getClass().getSimpleName() + (lastError.getMessage() == null ? "" : ": " + lastError.getMessage()),
                    0, lastError);
        }
        throw new TransportException(what + ": gave up after " + policy.maxAttempts() + " attempts, last answer HTTP "
                + lastStatus + (lastStatus == 429 || lastStatus == 403 ? " (throttled)" : ""), lastStatus, null);
    }

    private ApiResponse exchange(HttpRequest request) throws IOException {
        // sendAsync + get(timeout) bounds the whole exchange, body included: the request timeout
        // alone stops counting once the headers arrive, and a stalled body would hang the run.
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> response = future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ApiResponse(request.uri(), response.statusCode(), response.headers(), response.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new java.net.http.HttpTimeoutException("no complete answer within " + requestTimeout.toSeconds() + " s");
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

    private static boolean isTlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    /** Scheme, host and path only: query strings can carry paging tokens, never worth printing. */
    public static String describe(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }
}
