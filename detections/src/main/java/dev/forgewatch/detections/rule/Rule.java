package dev.forgewatch.detections.rule;

import dev.forgewatch.detections.condition.FieldRef;
import java.util.List;

/** A loaded rule: a detection (possibly first-seen) or a correlation over detections. */
public sealed interface Rule permits DetectionRule, CorrelationRule {
    /** The rule file, relative to the pack root (e.g. {@code token/token_alg_none.yml}). */
    String file();

    /** Line where the rule's YAML document starts. */
    int line();

    RuleInfo info();

    /** Sigma {@code fields}: what a finding carries as evidence. */
    List<FieldRef> fields();

    MessageTemplate message();

    default String name() {
        return info().name();
    }
}
