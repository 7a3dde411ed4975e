package dev.forgewatch.detections.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.event.Fields;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.condition.FieldRef;
import dev.forgewatch.detections.rule.CorrelationRule;
import dev.forgewatch.detections.rule.DetectionRule;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.token.inspect.FindingKind;
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
    void everyTokenFindingHasItsRuleAtTheSeverityTokenInspectionGivesIt() {
        for (FindingKind kind : FindingKind.values()) {
            List<DetectionRule> matching = pack.rules().alerting().stream()
                    .filter(rule -> rule instanceof DetectionRule detection && detection.file().startsWith("token/")
                            && detection.expr() instanceof Expr.AnyOf anyOf
                            && anyOf.field().canonical().equals(Fields.TOKEN_FINDINGS) && anyOf.values().equals(List.of(kind.id())))
                    .map(DetectionRule.class::cast).toList();
            assertThat(matching).as("rule for token finding %s", kind.id()).singleElement()
                    .satisfies(rule -> assertThat(rule.info().level()).as(rule.name()).isEqualTo(kind.severity()));
        }
    }

    @Test
    void tokenFindingsCarryFingerprintKeyAndIssuer() {
        List<String> required = List.of(Fields.TOKEN_FINGERPRINT, Fields.TOKEN_KID, Fields.TOKEN_ISSUER);
        for (Rule rule : pack.rules().alerting()) {
            if (rule.file().startsWith("token/")) {
                List<String> evidence = new java.util.ArrayList<>(rule.fields().stream().map(FieldRef::canonical).toList());
                if (rule instanceof CorrelationRule correlation) {
                    correlation.correlation().groupBy().forEach(field -> evidence.add(field.canonical()));
                }
                assertThat(evidence).as(rule.name()).containsAll(required);
            }
        }
    }

    @Test
    void rulesAreListedInFileOrder() {
        List<String> files = pack.rules().rules().stream().map(Rule::file).toList();
        assertThat(files).isSortedAccordingTo(String::compareTo);
    }
}
