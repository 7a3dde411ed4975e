package dev.forgewatch.cli.hunt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.common.pipeline.InputFiles;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.engine.DetectionEngine;
import dev.forgewatch.detections.engine.EngineLimits;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.hunt.HuntRun;
import dev.forgewatch.hunt.HuntSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's bounded state on the sample tenant: with the shipped caps the hunt forgets nothing
 * and says nothing; with caps too small for the tenant, the detector reports what each rule evicted,
 * the hunt warns on standard error (even with --quiet) with the same numbers, and the forgetting
 * shows in the findings (a first-seen value evicted and seen again is reported as new again).
 */
class DetectionStatsTest {
    private static final Path SAMPLE = Path.of("..", "samples", "data");
    private static final Pattern WARNING = Pattern.compile(
            "forgewatch hunt: warning: rule state overflowed: ([\\d,]+) entr(?:y|ies) evicted after reaching the cap of ([\\d,]+)"
                    + " per rule \\(([^)]*)\\);.*");
    private static final int SMALL_CAP = 16;

    @TempDir
    Path temp;

    private static HuntSetup cramped(HuntSetup shipped) {
        return new HuntSetup(shipped.catalog(), shipped.opener(), shipped.normalizer(), shipped.rules(),
                () -> new DetectionEngine(shipped.rules(), new EngineLimits(SMALL_CAP, 25)), shipped.policy());
    }

    private HuntRun.Result hunt(HuntSetup setup) throws Exception {
        return new HuntRun(setup, temp, 50_000).run(InputFiles.expand(List.of(SAMPLE)), QuarantineSink.DISCARD,
                ProgressListener.NONE);
    }

    private static long number(String text) {
        return Long.parseLong(text.replace(",", ""));
    }

    @Test
    void theShippedCapsHoldTheSampleTenantAndTheHuntSaysNothing() throws Exception {
        HuntRun.Result result = hunt(HuntSetup.standard());
        assertThat(result.engine().evictedEntries()).isZero();
        assertThat(result.engine().evictedByRule()).isEmpty();
        assertThat(result.engine().keyCapPerRule()).isEqualTo(EngineLimits.DEFAULT.maxKeysPerRule());

        CliRunner.Run run = CliRunner.run(List.of(HuntCommand.standard()), Map.of(), "hunt", "--show", "incidents",
                SAMPLE.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).doesNotContain("warning");
    }

    @Test
    void stateOverflowIsCountedPerRuleAndWarnedAbove() throws Exception {
        HuntSetup shipped = HuntSetup.standard();
        HuntRun.Result full = hunt(shipped);
        HuntRun.Result small = hunt(cramped(shipped));

        Map<String, Long> evicted = small.engine().evictedByRule();
        assertThat(evicted).isNotEmpty();
        assertThat(evicted.values()).allSatisfy(count -> assertThat(count).isPositive());
        assertThat(evicted.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(small.engine().evictedEntries());
        assertThat(shipped.rules().rules().stream().map(Rule::name).toList()).containsAll(evicted.keySet());

        // Forgetting errs towards reporting: a rule that evicted first-seen values reports some of them again.
        Map<String, Long> before = countByRule(full.findings(), shipped.rules().rules());
        Map<String, Long> after = countByRule(small.findings(), shipped.rules().rules());
        assertThat(evicted.keySet()).anySatisfy(rule -> assertThat(after.getOrDefault(rule, 0L))
                .isGreaterThan(before.getOrDefault(rule, 0L)));

        Path output = temp.resolve("findings.ndjson");
        CliRunner.Run run = CliRunner.run(List.of(new HuntCommand((terminal, ledger) -> cramped(shipped))), Map.of(),
                "hunt", "--quiet", "--format", "ndjson", "--output", output.toString(), SAMPLE.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllLines(output)).isNotEmpty();
        List<String> lines = run.err().lines().toList();
        assertThat(lines).as("--quiet keeps the warning, drops the summary").hasSize(1);
        Matcher warning = WARNING.matcher(lines.get(0));
        assertThat(warning.matches()).as(lines.get(0)).isTrue();
        assertThat(number(warning.group(1))).isEqualTo(small.engine().evictedEntries());
        assertThat(number(warning.group(2))).isEqualTo(SMALL_CAP);
        Map<String, Long> warned = new LinkedHashMap<>();
        for (String part : warning.group(3).split(", ")) {
            int space = part.lastIndexOf(' ');
            warned.put(part.substring(0, space), number(part.substring(space + 1)));
        }
        assertThat(warned).isEqualTo(evicted);
    }

    /** Findings per rule name (findings carry the rule's id, coverage findings {@code <id>:coverage-gap}; state is kept per rule name). */
    private static Map<String, Long> countByRule(List<Finding> findings, List<Rule> rules) {
        Map<String, String> names = rules.stream().collect(Collectors.toMap(rule -> rule.info().id(), Rule::name));
        return findings.stream().collect(Collectors.groupingBy(finding -> names.get(finding.ruleId().split(":")[0]), Collectors.counting()));
    }
}
