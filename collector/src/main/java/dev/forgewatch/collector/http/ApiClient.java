package dev.forgewatch.collector.http;

import dev.forgewatch.common.http.HttpReply;
import dev.forgewatch.common.http.HttpTransport;
import dev.forgewatch.common.retry.Attempts;
import dev.forgewatch.common.retry.RetryAfter;
import dev.forgewatch.common.retry.RetryPolicy;
import dev.forgewatch.common.retry.Sleeper;
import dev.forgewatch.common.tls.TlsFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Sends requests to the Microsoft APIs and retries what is worth retrying: network errors (resets,
 * bodies cut short, timeouts), 5xx, and throttling (429, or the Activity API's AF429) where the
 * server's {@code Retry-After} wins over our own backoff. Everything else is returned to the
 * caller, which knows what the API's error bodies mean. Retries are bounded by the policy; a TLS
 * certificate failure is not retried.
 */
public final class ApiClient {
    private final HttpTransport http;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;
    private final RetryListener listener;

    public ApiClient(HttpTransport http, RetryPolicy policy, Sleeper sleeper, Clock clock, RetryListener listener) {
        this.http = http;
        this.policy = policy;
        this.sleeper = sleeper;
        this.clock = clock;
        this.listener = listener;
    }

    /** The transport for the Microsoft endpoints: redirects not followed, bodies (content blobs) read whole. */
    public static HttpTransport transport(SSLContext tls, Duration connectTimeout, Duration requestTimeout) {
        return HttpTransport.create(tls, connectTimeout, requestTimeout, HttpTransport.Redirects.NEVER, HttpTransport.UNBOUNDED);
    }

    /**
     * Sends the request built by {@code request} (called again for every attempt, so an
     * Authorization header can be refreshed) and returns the first response that is not retried.
     *
     * @throws TransportException when every attempt failed
     */
    public HttpReply send(Supplier<HttpRequest> request) throws IOException {
        Attempts attempts = new Attempts(policy, sleeper);
        IOException lastError = null;
        int lastStatus = 0;
        while (attempts.start()) {
            HttpRequest built = request.get();
            String what = built.method() + " " + built.uri().getPath();
            Duration wait;
            String reason;
            boolean throttled = false;
            try {
                HttpReply response = http.send(built);
                int status = response.status();
                lastStatus = status;
                throttled = status == 429 || (status == 403 && response.text().contains("\"AF429\""));
                if (!throttled && status < 500) {
                    return response;
                }
                reason = "HTTP " + status + (throttled && status != 429 ? " AF429" : "");
                wait = attempts.nextWait(RetryAfter.parse(response.header("Retry-After"), clock.instant()));
                lastError = null;
            } catch (IOException e) {
                if (TlsFailure.isHandshakeFailure(e)) {
                    throw e; // an untrusted certificate does not get better by asking again
                }
                lastError = e;
                lastStatus = 0;
                reason = e.getClass().getSimpleName();
                wait = attempts.nextWait(null);
            }
            if (attempts.last()) {
                break;
            }
            listener.retrying(what, reason, wait, throttled);
            attempts.pause(wait, what);
        }
        String what = describe(request.get().uri());
        if (lastError != null) {
            throw new TransportException(what + ": gave up after " + attempts.made() + " attempts: "
                    + lastError.getClass().getSimpleName() + (lastError.getMessage() == null ? "" : ": " + lastError.getMessage()),
                    0, lastError);
        }
        throw new TransportException(what + ": gave up after " + attempts.made() + " attempts, last answer HTTP "
                + lastStatus + (lastStatus == 429 || lastStatus == 403 ? " (throttled)" : ""), lastStatus, null);
    }

    /** Scheme, host and path only: query strings can carry paging tokens, never worth printing. */
    public static String describe(URI uri) {
        return HttpTransport.describe(uri);
    }
}
