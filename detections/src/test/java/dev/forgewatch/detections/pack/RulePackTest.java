package dev.forgewatch.detections.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.detections.rule.Rule;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Loads every shipped rule and runs every shipped fixture case through the whole pack. */
class RulePackTest {
    private final RulePack pack = RulePack.standard();

    @Test
    void everyShippedRuleLoads() {
        assertThat(pack.rules().alerting()).hasSizeGreaterThanOrEqualTo(9);
    }

    @Test
    void everyAlertingRuleHasPositiveAndNegativeCases() {
        assertThat(pack.coverageProblems()).isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureCaseGivesTheExpectedFindings() {
        return pack.tests().stream().map(testCase -> DynamicTest.dynamicTest(
                testCase.rule().name() + ": " + testCase.name(), () -> {
                    RuleTestResult result = RuleTests.run(pack.rules(), testCase);
                    assertThat(result.findings())
                            .as("findings of %s in case '%s' (%s)", testCase.rule().name(), testCase.name(), testCase.file())
                            .hasSize(testCase.expectedFindings());
                }));
    }

    @Test
    void rulesAreListedInFileOrder() {
        List<String> files = pack.rules().rules().stream().map(Rule::file).toList();
        assertThat(files).isSortedAccordingTo(String::compareTo);
    }
}
