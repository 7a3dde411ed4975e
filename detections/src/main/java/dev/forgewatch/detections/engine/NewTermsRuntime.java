package dev.forgewatch.detections.engine;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.rule.NewTerms;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * First-seen values ({@code forgewatch.new_terms}): remembers when each combination of values was
 * last seen; a combination unseen for the history window is new. During the first
 * {@code baseline} of the stream every combination is only learned.
 */
final class NewTermsRuntime implements MatchListener, Stateful {
    private final FindingFactory factory;
    private final NewTerms newTerms;
    private final StreamClock clock;
    private final GroupKey key;
    private final Duration baseline;
    private final Duration history;
    private final BoundedMap<Object, Instant> lastSeen;
    /** The end of the baseline, for the stream start it was computed from. */
    private Instant learnedFrom;
    private Instant learnedUntil;

    NewTermsRuntime(FindingFactory factory, NewTerms newTerms, StreamClock clock, EventFields fields, EngineLimits limits,
            EngineStats stats) {
        this.factory = factory;
        this.newTerms = newTerms;
        this.clock = clock;
        this.key = new GroupKey(fields, newTerms.fields());
        this.baseline = newTerms.baseline().duration();
        this.history = newTerms.history().duration();
        this.lastSeen = new BoundedMap<>(limits.maxKeysPerRule(), stats.evictions(factory.ruleName()), key.width());
    }

    @Override
    public void matched(CanonicalEvent event, Consumer<Finding> findings) {
        if (!key.load()) {
            return;
        }
        Instant time = event.timestamp();
        Instant previous = lastSeen.put(key, time);
        if (learnedFrom != clock.start()) {
            learnedFrom = clock.start();
            learnedUntil = learnedFrom.plus(baseline);
        }
        boolean learning = time.isBefore(learnedUntil);
        if (!learning && (previous == null || previous.isBefore(time.minus(history)))) {
            findings.accept(factory.single(event));
        }
    }

    @Override
    public void advance(Instant now, Consumer<Finding> findings) {
        lastSeen.expire(time -> time.isBefore(now.minus(history)));
    }

    @Override
    public void finish(Consumer<Finding> findings) {
        lastSeen.clear();
    }
}
