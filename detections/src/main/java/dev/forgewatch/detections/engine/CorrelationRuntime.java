package dev.forgewatch.detections.engine;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.detections.Finding;
import java.util.function.Consumer;

/** A correlation's state; {@code ruleIndex} says which of its base rules matched the event. */
interface CorrelationRuntime extends Stateful {
    void matched(int ruleIndex, CanonicalEvent event, Consumer<Finding> findings);
}
