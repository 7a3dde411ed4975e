package dev.forgewatch.collector;

import dev.forgewatch.collector.testing.FakeMicrosoft;
import dev.forgewatch.collector.testing.MutableClock;
import dev.forgewatch.collector.testing.TestRuns;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

/**
 * The collector in its own JVM, for {@link ResumeTest}: args are the fake's root URL, the output
 * directory, the fixed time, the fault point and the occurrence at which to halt the JVM (as a
 * kill -9 or a power cut would: no finally blocks, no shutdown hooks) or "none", and the PEM of the
 * fake's certificate.
 */
public final class ChildCollector {
    private ChildCollector() {
    }

    public static void main(String[] args) throws Exception {
        URI root = URI.create(args[0]);
        Path out = Path.of(args[1]);
        MutableClock clock = new MutableClock(Instant.parse(args[2]));
        FaultHook hook = FaultHook.NONE;
        if (!args[3].equals("none")) {
            FaultHook.Point point = FaultHook.Point.valueOf(args[3]);
            long at = Long.parseLong(args[4]);
            long[] seen = {0};
            hook = (reached, stream, count) -> {
                if (reached == point && ++seen[0] == at) {
                    Runtime.getRuntime().halt(99);
                }
            };
        }
        CollectorConfig config = ResumeTest.config(TestRuns.config(new FakeRoot(root), out, Path.of(args[5]))).build();
        new Collector(config, new Collector.Runtime(clock, d -> { }, new Random(3), CollectListener.NONE, hook)).collect();
        System.exit(0);
    }

    /** Only the root URL of a fake running in another JVM. */
    private record FakeRoot(URI root) implements TestRuns.Root {
    }
}
