package dev.forgewatch.detections.engine;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.rule.Correlation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * event_count: per group, a sliding window of the last {@code timespan}; when it holds
 * {@code threshold} events the correlation fires and the group starts over, so a burst of 1,000
 * events over a threshold of 100 gives ten findings, not 901. A window never holds more than
 * {@code threshold} events.
 */
final class EventCountRuntime implements CorrelationRuntime {
    private record Hit(Instant time, String eventId) {
    }

    private final FindingFactory factory;
    private final Correlation correlation;
    private final EngineLimits limits;
    private final GroupKey key;
    private final Duration timespan;
    private final BoundedMap<Object, ArrayDeque<Hit>> windows;

    EventCountRuntime(FindingFactory factory, Correlation correlation, EventFields fields, EngineLimits limits, EngineStats stats) {
        this.factory = factory;
        this.correlation = correlation;
        this.limits = limits;
        this.key = new GroupKey(fields, correlation.groupBy());
        this.timespan = correlation.timespan().duration();
        this.windows = new BoundedMap<>(limits.maxKeysPerRule(), stats.evictions(factory.ruleName()), key.width());
    }

    @Override
    public void matched(int ruleIndex, CanonicalEvent event, Consumer<Finding> findings) {
        if (!key.load()) {
            return;
        }
        Instant time = event.timestamp();
        ArrayDeque<Hit> window = windows.computeIfAbsent(key, () -> new ArrayDeque<>());
        window.addLast(new Hit(time, event.id()));
        Instant from = time.minus(timespan);
        while (window.peekFirst().time().isBefore(from)) {
            window.removeFirst();
        }
        if (window.size() >= correlation.threshold()) {
            List<String> ids = window.stream().limit(limits.maxEvidenceIds()).map(Hit::eventId).toList();
            findings.accept(factory.build(List.of(event), ids, Map.of("count", window.size()), Map.of()));
            windows.remove(key);
        }
    }

    @Override
    public void advance(Instant now, Consumer<Finding> findings) {
        windows.expire(window -> window.peekLast().time().isBefore(now.minus(timespan)));
    }

    @Override
    public void finish(Consumer<Finding> findings) {
        windows.clear();
    }
}
