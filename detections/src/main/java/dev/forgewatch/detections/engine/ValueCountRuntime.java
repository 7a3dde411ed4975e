package dev.forgewatch.detections.engine;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.rule.Correlation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * value_count: per group, the distinct values of the counted field seen in the last
 * {@code timespan} (each with its latest event); at {@code threshold} distinct values the
 * correlation fires and the group starts over. A group holds fewer than {@code threshold} values.
 */
final class ValueCountRuntime implements CorrelationRuntime {
    private record Hit(Instant time, String eventId) {
    }

    private final FindingFactory factory;
    private final Correlation correlation;
    private final EngineLimits limits;
    private final GroupKey key;
    private final EventFields fields;
    private final int field;
    private final Duration timespan;
    private final BoundedMap<Object, LinkedHashMap<String, Hit>> groups;

    ValueCountRuntime(FindingFactory factory, Correlation correlation, EventFields fields, EngineLimits limits, EngineStats stats) {
        this.factory = factory;
        this.correlation = correlation;
        this.limits = limits;
        this.key = new GroupKey(fields, correlation.groupBy());
        this.fields = fields;
        this.field = fields.slot(correlation.field().canonical());
        this.timespan = correlation.timespan().duration();
        this.groups = new BoundedMap<>(limits.maxKeysPerRule(), stats.evictions(factory.ruleName()), key.width());
    }

    @Override
    public void matched(int ruleIndex, CanonicalEvent event, Consumer<Finding> findings) {
        if (!key.load()) {
            return;
        }
        String value = fields.text(field);
        if (value == null) {
            return;
        }
        Instant time = event.timestamp();
        LinkedHashMap<String, Hit> values = groups.computeIfAbsent(key, () -> new LinkedHashMap<>());
        values.remove(value); // re-insert so insertion order is last-seen order
        values.put(value, new Hit(time, event.id()));
        Instant from = time.minus(timespan);
        Iterator<Hit> oldest = values.values().iterator();
        while (oldest.hasNext() && oldest.next().time().isBefore(from)) {
            oldest.remove();
        }
        if (values.size() >= correlation.threshold()) {
            List<String> distinct = new ArrayList<>(values.keySet());
            List<String> ids = values.values().stream().limit(limits.maxEvidenceIds()).map(Hit::eventId).toList();
            findings.accept(factory.build(List.of(event), ids, Map.of("count", distinct.size(), "values", distinct),
                    Map.of(correlation.field().canonical(), distinct)));
            groups.remove(key);
        }
    }

    @Override
    public void advance(Instant now, Consumer<Finding> findings) {
        groups.expire(values -> latest(values).isBefore(now.minus(timespan)));
    }

    private static Instant latest(LinkedHashMap<String, Hit> values) {
        Hit last = null;
        for (Hit hit : values.values()) {
            last = hit;
        }
        return last == null ? Instant.MIN : last.time();
    }

    @Override
    public void finish(Consumer<Finding> findings) {
        groups.clear();
    }
}
