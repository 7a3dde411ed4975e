package dev.forgewatch.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.event.Severity;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriageGuideTest {
    private final RuleSet rules = RulePack.standard().rules();

    private static Finding finding(String ruleId) {
        return new Finding(ruleId, "a rule", Severity.HIGH, Instant.parse("2023-05-24T00:52:53Z"), "harper.ibarra@fabrikam.example",
                "51.89.156.153", List.of("e-1"), "", Map.of(), List.of());
    }

    @Test
    void everyAlertingRuleOfThePackGivesItsOwnTriageSteps() {
        TriageGuide guide = TriageGuide.of(rules);
        for (Rule rule : rules.alerting()) {
            assertThat(guide.steps(finding(rule.info().id()))).as(rule.info().title())
                    .isNotEmpty().isEqualTo(rule.info().triage());
        }
    }

    @Test
    void aRuleThePackDoesNotKnowGetsTheGenericChecks() {
        Finding foreign = finding("00000000-0000-4000-8000-000000000000");

        assertThat(TriageGuide.of(rules).steps(foreign)).isEqualTo(TriageGuide.GENERIC.steps(foreign));
    }
}
