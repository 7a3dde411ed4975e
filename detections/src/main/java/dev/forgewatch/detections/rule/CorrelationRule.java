package dev.forgewatch.detections.rule;

import dev.forgewatch.detections.condition.FieldRef;
import java.util.List;

/** A Sigma correlation rule; its base rules are resolved into {@link Correlation#rules()}. */
public record CorrelationRule(String file, int line, RuleInfo info, Correlation correlation, List<FieldRef> fields,
                              MessageTemplate message) implements Rule {
    public CorrelationRule {
        fields = List.copyOf(fields);
    }
}
