package dev.forgewatch.detections.rule;

import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.condition.FieldRef;
import java.util.List;

/**
 * A Sigma detection rule.
 *
 * @param condition the condition as written, for display
 * @param expr      the condition with its selections resolved
 * @param newTerms  the first-seen extension, or null
 * @param suppression the suppression extension, or null
 */
public record DetectionRule(String file, int line, RuleInfo info, Logsource logsource, String condition, Expr expr,
                            List<FieldRef> fields, MessageTemplate message, NewTerms newTerms,
                            Suppression suppression) implements Rule {
    public DetectionRule {
        fields = List.copyOf(fields);
    }
}
