package dev.forgewatch.detections.engine;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.rule.Suppression;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A plain detection: one finding per matching event, or with {@code forgewatch.suppress} one per
 * group of values per window (the first event of the window speaks for the rest).
 */
final class AlertRuntime implements MatchListener, Stateful {
    private final FindingFactory factory;
    private final Suppression suppression;
    /** Null without suppression. */
    private final GroupKey key;
    private final Duration window;
    private final BoundedMap<Object, Instant> lastAlert;
    private final EngineStats stats;

    /** Stands in for every value of events missing one: they suppress together, apart from any real values. */
    private static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "(missing)";
        }
    };

    AlertRuntime(FindingFactory factory, Suppression suppression, EventFields fields, EngineLimits limits, EngineStats stats) {
        this.factory = factory;
        this.suppression = suppression;
        this.key = suppression == null ? null : new GroupKey(fields, suppression.groupBy());
        this.window = suppression == null ? null : suppression.window().duration();
        this.lastAlert = new BoundedMap<>(limits.maxKeysPerRule(), stats.evictions(factory.ruleName()), key == null ? 1 : key.width());
        this.stats = stats;
    }

    @Override
    public void matched(CanonicalEvent event, Consumer<Finding> findings) {
        if (suppression != null) {
            if (!key.load()) {
                // missing values suppress together, as Elastic's default does; one field: under the empty text, as
                // they always have (an empty value is the same group), several: under a stand-in no value equals
                key.fill(key.width() == 1 ? "" : MISSING);
            }
            Instant previous = lastAlert.get(key);
            if (previous != null && event.timestamp().isBefore(previous.plus(window))) {
                stats.suppressed();
                return;
            }
            lastAlert.put(key, event.timestamp());
        }
        findings.accept(factory.single(event));
    }

    @Override
    public void advance(Instant now, Consumer<Finding> findings) {
        if (suppression != null) {
            lastAlert.expire(time -> !now.isBefore(time.plus(window)));
        }
    }

    @Override
    public void finish(Consumer<Finding> findings) {
        lastAlert.clear();
    }
}
