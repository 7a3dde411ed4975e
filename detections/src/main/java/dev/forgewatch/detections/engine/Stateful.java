package dev.forgewatch.detections.engine;

import dev.forgewatch.detections.Finding;
import java.time.Instant;
import java.util.function.Consumer;

/** A rule runtime that keeps state between events. */
interface Stateful {
    /** Stream time moved to {@code now}: expire what fell out of its window, report what became due. */
    void advance(Instant now, Consumer<Finding> findings);

    /** End of stream: report what only the end can decide. */
    void finish(Consumer<Finding> findings);
}
