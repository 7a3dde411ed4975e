package dev.forgewatch.detections.pack;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.detections.rule.Rule;
import java.util.List;

/**
 * One case of a rule's test fixture: canonical events and how many findings the rule must raise
 * on them (0 for a negative case).
 */
public record RuleTestCase(String file, Rule rule, String name, int expectedFindings, List<CanonicalEvent> events) {
    public RuleTestCase {
        events = List.copyOf(events);
    }

    public boolean positive() {
        return expectedFindings > 0;
    }
}
