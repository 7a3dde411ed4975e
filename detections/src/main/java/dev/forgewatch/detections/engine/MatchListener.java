package dev.forgewatch.detections.engine;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.detections.Finding;
import java.util.function.Consumer;

/** Receives the events a detection rule matched. */
interface MatchListener {
    void matched(CanonicalEvent event, Consumer<Finding> findings);
}
