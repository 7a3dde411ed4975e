package dev.forgewatch.bench.jmh;

import dev.forgewatch.bench.BenchData;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.pipeline.EventReader;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.pipeline.RunStats;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.detections.Detector;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.hunt.HuntSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Events per second through the full shipped rule pack alone: bulk records are read, normalized and
 * time-ordered once at setup; each invocation runs a fresh detector over all of them (rules are
 * stateful, so state starts empty every time, as in a hunt). {@code fullPack} runs 20,000 records,
 * {@code fullPackLongRun} 200,000: over the longer run the rules' state (first-seen values,
 * correlation groups, absences waiting for a companion) grows to tens of thousands of entries per
 * rule, as in a real hunt, so the cost of keeping and touching it shows.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class RulePackBench {
    static final int RECORDS = 20_000;
    static final int LONG_RUN_RECORDS = 200_000;

    /** The events of a number of generated records, normalized and time-ordered, and the shipped pack. */
    abstract static class Events {
        List<CanonicalEvent> events;
        RulePack pack;

        void load(int records) throws IOException {
            Path dir = Files.createTempDirectory("forgewatch-bench");
            Path ndjson = BenchData.bulk(dir.resolve("bulk.ndjson"), records);
            HuntSetup setup = HuntSetup.standard();
            List<CanonicalEvent> read = new ArrayList<>();
            new EventReader(setup.opener(), setup.normalizer(), QuarantineSink.DISCARD, new RunStats(), ProgressListener.NONE)
                    .read(List.of(ndjson), read::add);
            read.sort(Comparator.comparing(CanonicalEvent::timestamp));
            events = List.copyOf(read);
            pack = RulePack.standard();
            Files.delete(ndjson);
            Files.delete(dir);
            System.err.printf("%n%,d records gave %,d events for the rule pack%n", records, events.size());
        }

        void run(Blackhole hole) {
            Detector detector = pack.newDetector();
            for (CanonicalEvent event : events) {
                detector.accept(event, hole::consume);
            }
            detector.finish(hole::consume);
        }
    }

    @State(Scope.Benchmark)
    public static class ShortRun extends Events {
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            load(RECORDS);
        }
    }

    @State(Scope.Benchmark)
    public static class LongRun extends Events {
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            load(LONG_RUN_RECORDS);
        }
    }

    /** One op is one record's worth of events; the record → event ratio is printed at setup. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void fullPack(ShortRun events, Blackhole hole) {
        events.run(hole);
    }

    /** The same over ten times the records, with the state a longer hunt builds up. */
    @Benchmark
    @OperationsPerInvocation(LONG_RUN_RECORDS)
    public void fullPackLongRun(LongRun events, Blackhole hole) {
        events.run(hole);
    }
}
