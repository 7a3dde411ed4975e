package dev.forgewatch.detections.rule;

import dev.forgewatch.detections.condition.FieldRef;
import java.util.List;

/**
 * ForgeWatch extension {@code forgewatch.suppress}: after a finding, further matches with the same
 * {@code groupBy} values within {@code window} are folded into it. Elastic: alert_suppression;
 * Splunk: alert.suppress.
 */
public record Suppression(List<FieldRef> groupBy, Timespan window) {
    public Suppression {
        groupBy = List.copyOf(groupBy);
    }
}
