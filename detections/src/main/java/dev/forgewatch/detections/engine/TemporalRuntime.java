package dev.forgewatch.detections.engine;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.rule.Correlation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * temporal / temporal_ordered: every base rule matched for the same group within
 * {@code timespan} (in the listed order for temporal_ordered). Unordered keeps the latest match
 * per rule; ordered keeps, per step, the start time of the most recent chain that reached it, so
 * the tightest chain wins. A group holds one event per rule; it starts over after firing.
 */
final class TemporalRuntime implements CorrelationRuntime {
    /** Per group: per rule, the time the step was reached (unordered: last match; ordered: chain start). */
    private static final class State {
        final Instant[] times;
        final CanonicalEvent[] events;
        Instant touched;

        State(int rules) {
            times = new Instant[rules];
            events = new CanonicalEvent[rules];
        }
    }

    private final FindingFactory factory;
    private final Correlation correlation;
    private final boolean ordered;
    private final GroupKey key;
    private final Duration timespan;
    private final BoundedMap<Object, State> groups;

    TemporalRuntime(FindingFactory factory, Correlation correlation, EventFields fields, EngineLimits limits, EngineStats stats) {
        this.factory = factory;
        this.correlation = correlation;
        this.ordered = correlation.type() == Correlation.Type.TEMPORAL_ORDERED;
        this.key = new GroupKey(fields, correlation.groupBy());
        this.timespan = correlation.timespan().duration();
        this.groups = new BoundedMap<>(limits.maxKeysPerRule(), stats.evictions(factory.ruleName()), key.width());
    }

    @Override
    public void matched(int ruleIndex, CanonicalEvent event, Consumer<Finding> findings) {
        if (!key.load()) {
            return;
        }
        int rules = correlation.rules().size();
        State state = groups.computeIfAbsent(key, () -> new State(rules));
        Instant time = event.timestamp();
        Instant from = time.minus(timespan);
        state.touched = time;
        if (!ordered) {
            state.times[ruleIndex] = time;
            state.events[ruleIndex] = event;
        } else if (ruleIndex == 0) {
            state.times[0] = time;
            state.events[0] = event;
        } else if (state.times[ruleIndex - 1] != null && !state.times[ruleIndex - 1].isBefore(from)) {
            state.times[ruleIndex] = state.times[ruleIndex - 1];
            state.events[ruleIndex] = event;
        } else {
            return;
        }
        for (int i = 0; i < rules; i++) {
            if (state.times[i] == null || state.times[i].isBefore(from)) {
                return;
            }
        }
        List<CanonicalEvent> steps = new ArrayList<>(List.of(state.events));
        steps.sort(Comparator.comparing(CanonicalEvent::timestamp));
        findings.accept(factory.build(steps, steps.stream().map(CanonicalEvent::id).toList(), Map.of("count", rules), Map.of()));
        groups.remove(key);
    }

    @Override
    public void advance(Instant now, Consumer<Finding> findings) {
        groups.expire(state -> state.touched.isBefore(now.minus(timespan)));
    }

    @Override
    public void finish(Consumer<Finding> findings) {
        groups.clear();
    }
}
