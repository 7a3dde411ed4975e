package dev.forgewatch.splunk.hec;

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

    /** Exponential backoff: initial, doubled per attempt, capped. */
    public Duration backoff(int attempt) {
        Duration delay = initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }
}
