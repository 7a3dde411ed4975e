package dev.forgewatch.elastic.rules;

import java.util.List;

/**
 * Where the Elastic form of the rule pack comes from. The detections module's Elastic compiler
 * implements this; until it is merged, {@link #NONE} is used and the connector ships no rules.
 */
@FunctionalInterface
public interface RuleSource {
    RuleSource NONE = List::of;

    List<ElasticRule> rules();
}
