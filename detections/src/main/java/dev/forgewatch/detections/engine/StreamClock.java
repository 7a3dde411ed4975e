package dev.forgewatch.detections.engine;

import java.time.Instant;

/**
 * Stream time: the first and the latest event timestamp seen. Windows are measured in stream
 * time, never wall-clock time, so a hunt over last year's export behaves like a live feed did.
 */
final class StreamClock {
    private Instant start;
    private Instant now;

    /** Records an event time; returns true when stream time moved forward. */
    boolean observe(Instant timestamp) {
        if (start == null) {
            start = timestamp;
        }
        if (now == null || timestamp.isAfter(now)) {
            now = timestamp;
            return true;
        }
        return false;
    }

    Instant start() {
        return start;
    }

    Instant now() {
        return now;
    }
}
