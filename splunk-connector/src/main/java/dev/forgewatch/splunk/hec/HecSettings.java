package dev.forgewatch.splunk.hec;

import dev.forgewatch.common.retry.RetryPolicy;
import java.time.Duration;

/**
 * Batching, back-pressure and retry limits of the shipper.
 *
 * @param maxBatchEvents    events per request
 * @param maxBatchBytes     uncompressed bytes per request (HEC's default limit is far above this)
 * @param maxPendingBatches batches sent but not yet acknowledged; when reached, sending waits for
 *                          acknowledgements, so memory stays bounded and nothing is dropped
 * @param maxAttempts       sends of one batch before the run fails (busy server, lost connections)
 * @param maxAckPolls       acknowledgement queries for one send before it is sent again
 */
public record HecSettings(int maxBatchEvents, int maxBatchBytes, int maxPendingBatches, int maxAttempts, int maxAckPolls,
                          Duration initialBackoff, Duration maxBackoff) {
    public HecSettings {
        if (maxBatchEvents < 1 || maxBatchBytes < 1 || maxPendingBatches < 1 || maxAttempts < 1 || maxAckPolls < 1) {
            throw new IllegalArgumentException("HEC limits must be positive");
        }
    }

    public static HecSettings defaults() {
        return new HecSettings(500, 512 * 1024, 8, 8, 60, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    public HecSettings withBatchEvents(int events) {
        return new HecSettings(events, maxBatchBytes, maxPendingBatches, maxAttempts, maxAckPolls, initialBackoff, maxBackoff);
    }

    /** Sends of one batch: exponential backoff from {@code initialBackoff}, doubled per attempt, capped at {@code maxBackoff}. */
    public RetryPolicy retry() {
        return RetryPolicy.exponential(maxAttempts, initialBackoff, maxBackoff);
    }
}
