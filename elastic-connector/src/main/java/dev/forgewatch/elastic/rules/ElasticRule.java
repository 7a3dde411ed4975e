package dev.forgewatch.elastic.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.Severity;
import java.util.List;
import java.util.Objects;

/**
 * One detection rule as compiled for Elastic: what Kibana's detection engine needs, plus the
 * Elasticsearch query DSL form of the rule's condition, which the agreement test and the demo run.
 *
 * <p>This is the integration point with the detections module's compilers: they produce these.
 *
 * @param language        {@code kuery}, {@code lucene}, {@code eql} or {@code esql}
 * @param queryDsl        the condition as query DSL (null where only EQL/ES|QL expresses it)
 * @param groupBy         threshold and new_terms: the fields that group events (Kibana's
 *                        {@code threshold.field} / {@code new_terms_fields})
 * @param threshold       threshold rules: the minimum count per group
 * @param historyWindow   new_terms rules: Kibana's {@code history_window_start}, e.g. {@code now-14d}
 */
public record ElasticRule(String ruleId, String name, String description, Severity severity, List<String> attack,
                          RuleType type, String language, String query, ObjectNode queryDsl, List<String> groupBy,
                          int threshold, String historyWindow, List<String> falsePositives, String note) {
    public ElasticRule {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(type, "type");
        attack = List.copyOf(attack);
        groupBy = List.copyOf(groupBy);
        falsePositives = List.copyOf(falsePositives);
        queryDsl = queryDsl == null ? null : queryDsl.deepCopy();
    }

    @Override
    public ObjectNode queryDsl() {
        return queryDsl == null ? null : queryDsl.deepCopy();
    }
}
