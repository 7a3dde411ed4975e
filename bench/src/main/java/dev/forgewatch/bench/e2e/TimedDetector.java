package dev.forgewatch.bench.e2e;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.detections.Detector;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.engine.EngineStats;
import java.util.function.Consumer;

/**
 * The shipped rule pack with a stopwatch around it, so the hunt's run also tells the pack's own
 * rate on one thread (two clock reads per event, tens of nanoseconds against microseconds of work).
 */
final class TimedDetector implements Detector {
    private final Detector pack;
    private long nanos;
    private long events;

    TimedDetector(Detector pack) {
        this.pack = pack;
    }

    @Override
    public void accept(CanonicalEvent event, Consumer<Finding> findings) {
        long start = System.nanoTime();
        pack.accept(event, findings);
        nanos += System.nanoTime() - start;
        events++;
    }

    @Override
    public void finish(Consumer<Finding> findings) {
        long start = System.nanoTime();
        pack.finish(findings);
        nanos += System.nanoTime() - start;
    }

    @Override
    public EngineStats stats() {
        return pack.stats();
    }

    long millis() {
        return nanos / 1_000_000;
    }

    long events() {
        return events;
    }
}
