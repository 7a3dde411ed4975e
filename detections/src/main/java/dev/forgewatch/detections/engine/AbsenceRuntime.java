package dev.forgewatch.detections.engine;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.rule.Correlation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * absence (ForgeWatch): an event of the first rule with no event of the second rule for the same
 * group within {@code timespan} before or after it. A group's unaccompanied events wait, oldest
 * first, until {@code timespan} has passed after the first of them (or the stream ends); an
 * accompanying event clears the wait. One finding covers the events that waited together.
 */
final class AbsenceRuntime implements CorrelationRuntime {
    private static final class Waiting {
        final String key;
        final Instant since;
        final List<String> ids = new ArrayList<>();
        CanonicalEvent last;
        int count;

        Waiting(String key, Instant since) {
            this.key = key;
            this.since = since;
        }
    }

    private final FindingFactory factory;
    private final Correlation correlation;
    private final EngineLimits limits;
    private final Duration timespan;
    private final BoundedMap<String, Instant> lastAccompanied;
    private final LinkedHashMap<String, Waiting> waiting = new LinkedHashMap<>();
    private final ArrayDeque<Waiting> waitOrder = new ArrayDeque<>();
    private final EngineStats stats;
    private Instant nextExpiry;

    AbsenceRuntime(FindingFactory factory, Correlation correlation, EngineLimits limits, EngineStats stats) {
        this.factory = factory;
        this.correlation = correlation;
        this.limits = limits;
        this.timespan = correlation.timespan().duration();
        this.lastAccompanied = new BoundedMap<>(limits.maxKeysPerRule(), stats.evictions(factory.ruleName()));
        this.stats = stats;
    }

    @Override
    public void matched(int ruleIndex, CanonicalEvent event, Consumer<Finding> findings) {
        String key = GroupKey.of(event, correlation.groupBy());
        if (key == null) {
            return;
        }
        Instant time = event.timestamp();
        if (ruleIndex == 1) {
            lastAccompanied.put(key, time);
            waiting.remove(key); // everything waiting started within timespan before this event
            return;
        }
        Instant accompanied = lastAccompanied.get(key);
        if (accompanied != null && !accompanied.isBefore(time.minus(timespan))) {
            return;
        }
        Waiting wait = waiting.get(key);
        if (wait == null) {
            if (waiting.size() >= limits.maxKeysPerRule()) {
                stats.evictions(factory.ruleName()).add();
                return;
            }
            wait = new Waiting(key, time);
            waiting.put(key, wait);
            waitOrder.addLast(wait);
        }
        wait.count++;
        wait.last = event;
        if (wait.ids.size() < limits.maxEvidenceIds()) {
            wait.ids.add(event.id());
        }
    }

    @Override
    public void advance(Instant now, Consumer<Finding> findings) {
        while (!waitOrder.isEmpty()) {
            Waiting wait = waitOrder.peekFirst();
            boolean current = waiting.get(wait.key) == wait; // else it was cleared by an accompanying event
            if (current && !wait.since.plus(timespan).isBefore(now)) {
                break;
            }
            waitOrder.removeFirst();
            if (current) {
                waiting.remove(wait.key);
                report(wait, findings);
            }
        }
        if (nextExpiry == null || !now.isBefore(nextExpiry)) {
            lastAccompanied.expire(time -> time.isBefore(now.minus(timespan)));
            nextExpiry = now.plusSeconds(60);
        }
    }

    @Override
    public void finish(Consumer<Finding> findings) {
        for (Waiting wait : waitOrder) {
            if (waiting.remove(wait.key, wait)) {
                report(wait, findings);
            }
        }
        waitOrder.clear();
        lastAccompanied.clear();
    }

    private void report(Waiting wait, Consumer<Finding> findings) {
        findings.accept(factory.build(List.of(wait.last), wait.ids, Map.of("count", wait.count), Map.of()));
    }
}
