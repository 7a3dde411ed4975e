package dev.forgewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.collector.checkpoint.CheckpointStore;
import dev.forgewatch.collector.testing.FakeMicrosoft;
import dev.forgewatch.collector.testing.MutableClock;
import dev.forgewatch.collector.testing.Scenario;
import dev.forgewatch.collector.testing.TestCertificates;
import dev.forgewatch.collector.testing.TestRuns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill the collector mid-run, start it again from its checkpoints, and count: every record of the
 * scenario is published exactly once. Crashes are placed at every step of the publish protocol.
 */
class ResumeTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Scenario.NOW);
    private FakeMicrosoft fake;
    private Scenario scenario;

    /** A crash nothing in the collector catches (it catches IOException and RuntimeException only). */
    private static final class Crash extends Error {
        Crash() {
            super("simulated crash", null, false, false);
        }
    }

    static CollectorConfig.Builder config(CollectorConfig.Builder base) {
        return base.lookback(Duration.ofDays(3)).maxFileRecords(7).graphWindow(Duration.ofHours(6));
    }

    @BeforeEach
    void start() throws Exception {
        fake = new FakeMicrosoft(clock::instant);
        scenario = new Scenario(fake, 3, 6);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private void run(Path out, FaultHook hook) throws Exception {
        new Collector(config(TestRuns.config(fake, out)).build(),
                new Collector.Runtime(clock, d -> { }, new Random(5), CollectListener.NONE, hook)).collect();
    }

    private static FaultHook crashAt(FaultHook.Point point, String stream, long occurrence) {
        long[] seen = {0};
        return (reached, s, count) -> {
            if (reached == point && s.equals(stream) && ++seen[0] == occurrence) {
                throw new Crash();
            }
        };
    }

    private void assertExactlyOnce(Path out) throws IOException {
        List<String> audit = new ArrayList<>();
        List<String> signIns = new ArrayList<>();
        for (JsonNode record : TestRuns.published(out)) {
            if (record.has("Id")) {
                audit.add(record.get("Id").asText());
            } else {
                signIns.add(record.get("id").asText());
            }
        }
        assertThat(audit).hasSize(scenario.auditIds().size()).containsExactlyInAnyOrderElementsOf(scenario.auditIds());
        assertThat(signIns).hasSize(scenario.signInIds().size()).containsExactlyInAnyOrderElementsOf(scenario.signInIds());
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp"))).isEmpty();
        }
        CheckpointStore store = new CheckpointStore(out.resolve(".forgewatch-state"));
        for (String stream : List.of("Audit.Exchange", "Audit.AzureActiveDirectory", "Audit.General", "signins")) {
            assertThat(store.load(stream).orElseThrow().pending()).isNull();
        }
    }

    @Test
    void aCrashAtAnyStepOfAnyPublishResumesWithNothingLostOrDuplicated() throws Exception {
        int crashes = 0;
        for (FaultHook.Point point : FaultHook.Point.values()) {
            for (String stream : List.of("Audit.Exchange", "signins")) {
                for (long occurrence : new long[] {1, 2, 5}) {
                    Path out = dir.resolve(point + "-" + stream + "-" + occurrence);
                    boolean crashed;
                    try {
                        run(out, crashAt(point, stream, occurrence));
                        crashed = false;
                    } catch (Crash expected) {
                        crashed = true;
                        crashes++;
                    }
                    run(out, FaultHook.NONE);
                    assertExactlyOnce(out);
                    if (crashed) {
                        // and a third run finds nothing new
                        long before = TestRuns.published(out).size();
                        run(out, FaultHook.NONE);
                        assertThat(TestRuns.published(out)).hasSize((int) before);
                    }
                }
            }
        }
        assertThat(crashes).isGreaterThanOrEqualTo(20);
    }

    @Test
    void repeatedCrashesStillConverge() throws Exception {
        Path out = dir.resolve("repeated");
        for (int i = 1; i <= 6; i++) {
            // each run publishes a little (files hold 7 records, blobs 5 or 6) and dies on its third blob
            assertThatThrownBy(() -> run(out, crashAt(FaultHook.Point.UNIT_WRITTEN, "Audit.Exchange", 3)))
                    .isInstanceOf(Crash.class);
        }
        run(out, FaultHook.NONE);
        assertExactlyOnce(out);
    }

    @Test
    void aKilledJvmResumesFromItsCheckpoints() throws Exception {
        Path out = dir.resolve("killed");
        // halted once after the 9th blob's records are in the temp file, once between checkpoint and rename
        assertThat(child(out, "UNIT_WRITTEN", 9)).isEqualTo(99);
        long afterFirst = TestRuns.published(out).size();
        assertThat(afterFirst).isLessThan(scenario.auditIds().size());
        assertThat(child(out, "PENDING_SAVED", 2)).isEqualTo(99);
        assertThat(child(out, "none", 0)).isEqualTo(0);
        assertExactlyOnce(out);
    }

    private int child(Path out, String point, long at) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = Files.createTempFile(dir, "child", ".log");
        Process process = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", classpath, ChildCollector.class.getName(),
                fake.root().toString(), out.toString(), Scenario.NOW.toString(), point, Long.toString(at),
                TestCertificates.server().certificatePem().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child collector did not finish: " + Files.readString(log, StandardCharsets.UTF_8));
        }
        if (process.exitValue() != 0 && process.exitValue() != 99) {
            throw new AssertionError("child collector failed: " + Files.readString(log, StandardCharsets.UTF_8));
        }
        return process.exitValue();
    }
}
