package dev.forgewatch.collector;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** What a run tells its operator about as it goes (progress on a terminal, warnings). All no-ops by default. */
public interface CollectListener {
    CollectListener NONE = new CollectListener() {
    };

    default void window(String stream, Instant start, Instant end, int blobs) {
    }

    default void blob(String stream, String contentId, long records, long duplicates) {
    }

    default void published(String stream, Path file, long records) {
    }

    default void retrying(String what, String reason, Duration wait, boolean throttled) {
    }

    /** Something the operator should read: expired content, a subscription just started, an insecure setting. */
    default void warning(String message) {
    }
}
