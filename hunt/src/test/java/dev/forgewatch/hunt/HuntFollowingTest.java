package dev.forgewatch.hunt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.pipeline.InputFiles;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.detections.Detector;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.engine.EngineStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detector follows the sorter's run while the input is read (no observer): the findings and
 * incidents are those of judging the merged order afterwards, whether following held to the end or a
 * straggler voided it and the events were judged again.
 */
class HuntFollowingTest {
    private static final Path SAMPLE = Path.of("..", "samples", "data");

    /** Counts the detectors made, and the events judged before the reading ended. */
    private static final class Counting {
        final HuntSetup setup;
        final List<long[]> accepted = new ArrayList<>();
        long judgedWhileReading;

        Counting() {
            HuntSetup standard = HuntSetup.standard();
            setup = new HuntSetup(standard.catalog(), standard.opener(), standard.normalizer(), standard.rules(), () -> {
                Detector inner = standard.detectors().get();
                long[] count = new long[1];
                accepted.add(count);
                return new Detector() {
                    @Override
                    public void accept(CanonicalEvent event, Consumer<Finding> findings) {
                        count[0]++;
                        inner.accept(event, findings);
                    }

                    @Override
                    public void finish(Consumer<Finding> findings) {
                        inner.finish(findings);
                    }

                    @Override
                    public EngineStats stats() {
                        return inner.stats();
                    }
                };
            }, standard.policy());
        }

        HuntRun.Result run(Path temp, int chunk, HuntObserver observer) throws Exception {
            return new HuntRun(setup, temp, chunk).run(InputFiles.expand(List.of(SAMPLE)), QuarantineSink.DISCARD,
                    (done, total, records) -> judgedWhileReading = accepted.isEmpty() ? 0 : accepted.get(accepted.size() - 1)[0], observer);
        }
    }

    @Test
    void followingTheRunGivesTheFindingsAndIncidentsOfJudgingTheMergedOrder(@TempDir Path temp) throws Exception {
        Counting followed = new Counting();
        HuntRun.Result early = followed.run(temp, 50_000, HuntObserver.NONE);
        // the sample's exports arrive nearly in order: one detector, judging the run while the files were read
        assertThat(followed.accepted).hasSize(1);
        assertThat(followed.judgedWhileReading).isGreaterThan(10_000);
        assertThat(followed.accepted.get(0)[0]).isEqualTo(early.summary().events());

        Counting observed = new Counting();
        List<CanonicalEvent> seen = new ArrayList<>();
        HuntRun.Result merged = observed.run(temp, 50_000, new HuntObserver() {
            @Override
            public void event(CanonicalEvent event) {
                seen.add(event);
            }

            @Override
            public void finding(Finding finding) {
            }
        });
        // an observer sees every event in order, so nothing is judged before the merge
        assertThat(observed.judgedWhileReading).isZero();
        assertThat(observed.accepted).hasSize(1);
        assertThat(seen).hasSize((int) merged.summary().events());

        assertThat(early.findings()).isNotEmpty().isEqualTo(merged.findings());
        assertThat(early.incidents().incidents()).isNotEmpty().isEqualTo(merged.incidents().incidents());
        assertThat(early.incidents().campaigns()).isEqualTo(merged.incidents().campaigns());
        assertThat(early.engine().evictedByRule()).isEqualTo(merged.engine().evictedByRule());
        assertThat(early.engine().learningAtEnd()).isEqualTo(merged.engine().learningAtEnd());
        assertThat(early.engine().suppressedMatches()).isEqualTo(merged.engine().suppressedMatches());
    }

    @Test
    void aStragglerVoidsWhatWasJudgedEarlyAndTheEventsAreJudgedAgainInOrder(@TempDir Path temp) throws Exception {
        Counting voided = new Counting();
        HuntRun.Result again = voided.run(temp, 1_000, HuntObserver.NONE);
        // a window of a thousand events is shorter than the sample's lateness: a straggler comes after some were judged
        assertThat(voided.accepted).hasSize(2);
        assertThat(voided.accepted.get(0)[0]).isPositive();
        assertThat(voided.accepted.get(1)[0]).isEqualTo(again.summary().events());

        HuntRun.Result merged = new Counting().run(temp, 50_000, HuntObserver.NONE);
        assertThat(again.findings()).isEqualTo(merged.findings());
        assertThat(again.incidents().incidents()).isEqualTo(merged.incidents().incidents());
        assertThat(again.incidents().campaigns()).isEqualTo(merged.incidents().campaigns());
    }
}
