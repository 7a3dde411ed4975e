package dev.forgewatch.detections;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.detections.engine.EngineStats;
import java.util.function.Consumer;

/**
 * Runs detections over a time-ordered stream of canonical events. Stateful rules keep bounded
 * state; {@link #finish} flushes what only the end of the stream can decide (e.g. "mailbox with
 * activity but no MailItemsAccessed").
 */
public interface Detector {
    void accept(CanonicalEvent event, Consumer<Finding> findings);

    void finish(Consumer<Finding> findings);

    /** What the run's bounded state had to forget ({@link EngineStats#none()} for a detector without such state). */
    default EngineStats stats() {
        return EngineStats.none();
    }
}
