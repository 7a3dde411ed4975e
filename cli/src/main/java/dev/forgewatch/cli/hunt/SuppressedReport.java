package dev.forgewatch.cli.hunt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.detections.tuning.Tuning;
import dev.forgewatch.hunt.HuntRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the tenant's tuning left out of a hunt, by entry: how many findings of which rules, and the
 * entry's reason. Suppressed findings are never dropped silently; every output says this.
 */
final class SuppressedReport {
    private SuppressedReport() {
    }

    /** Per entry (file order of first use), rule name to count. */
    static Map<Tuning.Entry, Map<String, Integer>> tally(List<HuntRun.Suppressed> suppressed) {
        Map<Tuning.Entry, Map<String, Integer>> byEntry = new LinkedHashMap<>();
        for (HuntRun.Suppressed s : suppressed) {
            byEntry.computeIfAbsent(s.entry(), e -> new LinkedHashMap<>()).merge(s.finding().ruleName(), 1, Integer::sum);
        }
        return byEntry;
    }

    /** One line per entry, for people; none when nothing was suppressed. */
    static List<String> lines(List<HuntRun.Suppressed> suppressed) {
        List<String> lines = new ArrayList<>();
        if (suppressed.isEmpty()) {
            return lines;
        }
        lines.add(String.format(Locale.ROOT, "Suppressed by tuning: %d finding%s (not in the findings above, no incident opened)",
                suppressed.size(), suppressed.size() == 1 ? "" : "s"));
        tally(suppressed).forEach((entry, rules) -> {
            int total = rules.values().stream().mapToInt(Integer::intValue).sum();
            List<String> parts = new ArrayList<>();
            rules.forEach((rule, count) -> parts.add(rule + " " + count));
            lines.add(String.format(Locale.ROOT, "  %s (line %d): %d finding%s [%s]; %s", entry.label(), entry.line(), total,
                    total == 1 ? "" : "s", String.join(", ", parts), entry.reason()));
        });
        return lines;
    }

    /** The same as JSON, for the run summary. */
    static ArrayNode toJson(List<HuntRun.Suppressed> suppressed) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        tally(suppressed).forEach((entry, rules) -> {
            ObjectNode node = array.addObject();
            node.put("entry", entry.label());
            node.put("kind", entry.kind().section());
            node.put("line", entry.line());
            node.put("reason", entry.reason());
            node.put("findings", rules.values().stream().mapToInt(Integer::intValue).sum());
            ObjectNode byRule = node.putObject("by_rule");
            rules.forEach(byRule::put);
        });
        return array;
    }
}
