package dev.forgewatch.detections.rule;

import dev.forgewatch.detections.condition.FieldRef;
import java.util.List;
import java.util.Locale;

/**
 * A Sigma correlation over base rules, grouped by fields, within a timespan. Sigma types
 * event_count, value_count, temporal and temporal_ordered, plus {@code absence}, which rules write as a
 * Sigma temporal correlation with the ForgeWatch extension {@code forgewatch: {correlation: absence}}:
 * an event of the first rule with no event of the second rule for the same group within the timespan
 * before or after it.
 *
 * @param field     the counted field (value_count only), else null
 * @param threshold the count to reach (event_count, value_count): Sigma's {@code gte: N}, or
 *                  {@code gt: N} as N + 1; 0 for the other types
 * @param coverage  absence only: the coverage an absence needs before it accuses, or null
 */
public record Correlation(Type type, List<DetectionRule> rules, List<FieldRef> groupBy, Timespan timespan,
                          FieldRef field, long threshold, boolean generate, Coverage coverage) {

    public enum Type {
        EVENT_COUNT, VALUE_COUNT, TEMPORAL, TEMPORAL_ORDERED, ABSENCE;

        public String sigmaName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean counts() {
            return this == EVENT_COUNT || this == VALUE_COUNT;
        }

        /** A {@code correlation.type} of a rule file: a Sigma correlation type ForgeWatch runs. */
        public static Type parseSigma(String text) {
            if (text.equals(ABSENCE.sigmaName())) {
                throw new IllegalArgumentException("'absence' is not a Sigma correlation type: write 'type: temporal' and"
                        + " 'forgewatch: {correlation: absence}' (docs/rule-format.md)");
            }
            for (Type type : values()) {
                if (type.sigmaName().equals(text)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("unknown correlation type '" + text
                    + "' (expected event_count, value_count, temporal or temporal_ordered)");
        }
    }

    public Correlation {
        rules = List.copyOf(rules);
        groupBy = List.copyOf(groupBy);
    }

    public Correlation(Type type, List<DetectionRule> rules, List<FieldRef> groupBy, Timespan timespan, FieldRef field,
                       long threshold, boolean generate) {
        this(type, rules, groupBy, timespan, field, threshold, generate, null);
    }
}
