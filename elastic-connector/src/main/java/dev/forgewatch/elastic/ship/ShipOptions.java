package dev.forgewatch.elastic.ship;

import dev.forgewatch.common.retry.RetryPolicy;
import java.time.Duration;

/**
 * How to ship.
 *
 * @param namespace      data stream namespace ({@code logs-forgewatch.audit-NAMESPACE})
 * @param batchDocs      most documents in one bulk request
 * @param batchBytes     most bytes of documents in one bulk request
 * @param maxRetries     how often an item rejected with 429 or 5xx (or a whole failed request) is retried
 * @param initialBackoffMillis first pause before a retry; doubled each time up to {@code maxBackoffMillis}
 */
public record ShipOptions(String namespace, int batchDocs, long batchBytes, int maxRetries, long initialBackoffMillis,
                          long maxBackoffMillis) {
    public static final ShipOptions DEFAULT = new ShipOptions("default", 1000, 5L * 1024 * 1024, 6, 250, 30_000);

    public ShipOptions {
        if (batchDocs < 1 || batchBytes < 1 || maxRetries < 0 || initialBackoffMillis < 0 || maxBackoffMillis < initialBackoffMillis) {
            throw new IllegalArgumentException("invalid ship options");
        }
        if (!namespace.matches("[a-z0-9_]{1,100}")) {
            throw new IllegalArgumentException("a namespace is lower-case letters, digits and _, got '" + namespace + "'");
        }
    }

    public ShipOptions withBatchDocs(int docs) {
        return new ShipOptions(namespace, docs, batchBytes, maxRetries, initialBackoffMillis, maxBackoffMillis);
    }

    /** Retries of a bulk request or its throttled items: exponential backoff, doubled per retry, capped. */
    public RetryPolicy retry() {
        return RetryPolicy.exponential(maxRetries + 1, Duration.ofMillis(initialBackoffMillis), Duration.ofMillis(maxBackoffMillis));
    }

    public ShipOptions withNamespace(String value) {
        return new ShipOptions(value, batchDocs, batchBytes, maxRetries, initialBackoffMillis, maxBackoffMillis);
    }
}
