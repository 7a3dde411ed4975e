package dev.forgewatch.detections.rule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loaded and linked rules, in file order, with the lookups they use. A detection rule that a
 * correlation refers to does not alert on its own unless that correlation says
 * {@code generate: true} (Sigma semantics).
 */
public record RuleSet(List<Rule> rules, Map<String, Lookup> lookups) {
    public RuleSet {
        rules = List.copyOf(rules);
        lookups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lookups));
    }

    /** The rules that produce findings: correlations, and detections no correlation silences. */
    public List<Rule> alerting() {
        return rules.stream().filter(this::isAlerting).toList();
    }

    public boolean isAlerting(Rule rule) {
        if (rule instanceof CorrelationRule) {
            return true;
        }
        boolean referenced = false;
        for (Rule other : rules) {
            if (other instanceof CorrelationRule correlation && correlation.correlation().rules().contains(rule)) {
                if (correlation.correlation().generate()) {
                    return true;
                }
                referenced = true;
            }
        }
        return !referenced;
    }

    /** The rule with this name or id, or null. */
    public Rule rule(String nameOrId) {
        // a coverage finding's rule id is its rule's with a suffix (<id>:coverage-gap): the same rule
        int suffix = nameOrId.indexOf(':');
        if (suffix > 0) {
            nameOrId = nameOrId.substring(0, suffix);
        }
        for (Rule rule : rules) {
            if (rule.name().equals(nameOrId) || rule.info().id().equals(nameOrId)) {
                return rule;
            }
        }
        return null;
    }
}
