package dev.forgewatch.detections.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.DetectionRule;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The index over the shipped pack: an operation spelled otherwise than the rules meets the same rules, however many such spellings come. */
class RuleIndexTest {
    private static List<String> names(RuleIndex.Matcher[] matchers) {
        return Arrays.stream(matchers).map(matcher -> matcher.rule().name()).toList();
    }

    @Test
    void anOperationInAnyCaseMeetsTheRulesOfItsLowerCaseEvenPastTheRememberedSpellings() {
        List<RuleIndex.Matcher> matchers = RulePack.standard().rules().rules().stream()
                .filter(DetectionRule.class::isInstance).map(DetectionRule.class::cast)
                .map(rule -> new RuleIndex.Matcher(rule, event -> true, new MatchListener[0])).toList();
        RuleIndex index = new RuleIndex(matchers);
        List<String> asWritten = names(index.candidates(SourceKind.AUDIT, "MailItemsAccessed"));
        List<String> unconstrained = names(index.candidates(SourceKind.AUDIT, null));
        assertThat(asWritten).contains("new_client_ip_for_mailbox").containsAll(unconstrained).hasSizeGreaterThan(unconstrained.size());

        // spellings no rule writes: remembered up to the limit, looked up again past it; the same answers either way
        for (int i = 0; i < RuleIndex.RESOLVED + 50; i++) {
            String spelling = i % 2 == 0 ? "mailitemsaccessed" : "MAILITEMSACCESSED";
            String unknown = "Operation" + i;
            for (int pass = 0; pass < 2; pass++) {
                assertThat(names(index.candidates(SourceKind.AUDIT, spelling))).isEqualTo(asWritten);
                assertThat(names(index.candidates(SourceKind.AUDIT, unknown))).isEqualTo(unconstrained);
                assertThat(names(index.candidates(SourceKind.AUDIT, unknown.toUpperCase(Locale.ROOT)))).isEqualTo(unconstrained);
            }
        }
    }
}
