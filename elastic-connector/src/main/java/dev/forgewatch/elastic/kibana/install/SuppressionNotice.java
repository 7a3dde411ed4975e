package dev.forgewatch.elastic.kibana.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.detections.compile.elastic.KibanaRuleExport;
import dev.forgewatch.elastic.install.ClusterLicence;
import java.util.ArrayList;
import java.util.List;

/**
 * What the installer says about alert suppression and the cluster's licence. Kibana applies a rule's
 * {@code alert_suppression} only on a Platinum or higher subscription (or a trial); on a lower one the
 * rule still imports and runs, but without suppression: one alert per matching event instead of one per
 * group of values within the window. The SOC should know which rules that is before the alert count
 * surprises it.
 */
public final class SuppressionNotice {
    private SuppressionNotice() {
    }

    /** The rules of {@code rules} that use alert suppression, each as "name: suppressed by f1, f2 per 1h". */
    public static List<String> suppressedRules(KibanaRuleExport rules) {
        List<String> described = new ArrayList<>();
        for (ObjectNode rule : rules.rules()) {
            JsonNode suppression = rule.path("alert_suppression");
            if (suppression.isMissingNode()) {
                continue;
            }
            List<String> fields = new ArrayList<>();
            suppression.path("group_by").forEach(field -> fields.add(field.asText()));
            JsonNode duration = suppression.path("duration");
            described.add(rule.path("name").asText() + ": one alert per " + String.join(", ", fields)
                    + (duration.isMissingNode() ? " per rule run" : " per " + duration.path("value").asText()
                    + duration.path("unit").asText()));
        }
        return described;
    }

    /**
     * The lines to print (empty when there is nothing to say): a warning when the licence is known and
     * below Platinum (Kibana checks the type only, not whether the licence expired), a note when it could not be read or was not asked for
     * ({@code licence} null: no Elasticsearch URL given).
     */
    public static List<String> lines(ClusterLicence licence, KibanaRuleExport rules) {
        List<String> suppressed = suppressedRules(rules);
        if (suppressed.isEmpty() || licence != null && licence.allowsAlertSuppression()) {
            return List.of();
        }
        String count = suppressed.size() + " of the " + rules.rules().size() + " rules use alert suppression";
        String needs = "which Kibana applies only with a Platinum or Enterprise subscription or a trial";
        String effect = "they install and run, but without suppression: each raises one alert per matching event"
                + " instead of one per group and window, so the same activity can raise many alerts";
        List<String> lines = new ArrayList<>();
        if (licence == null) {
            lines.add("note: " + count + ", " + needs + "; the licence was not checked (give --url to check it). On a"
                    + " Basic or Gold licence " + effect + ":");
        } else if (!licence.known()) {
            lines.add("note: " + count + ", " + needs + "; the cluster's licence could not be read (" + licence.unreadable()
                    + "). On a Basic or Gold licence " + effect + ":");
        } else {
            lines.add("warning: the cluster's licence is " + licence.type() + ": " + count + ", " + needs + ". On this"
                    + " licence " + effect + ":");
        }
        suppressed.forEach(rule -> lines.add("  " + rule));
        return lines;
    }
}
