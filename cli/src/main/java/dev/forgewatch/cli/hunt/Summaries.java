package dev.forgewatch.cli.hunt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.pipeline.RunStats;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.engine.EngineStats;
import dev.forgewatch.detections.incident.Incidents;
import dev.forgewatch.detections.incident.Verdict;
import dev.forgewatch.hunt.HuntRun;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The run summary, as one line for people and as JSON for tools. */
final class Summaries {
    private Summaries() {
    }

    static String line(RunStats.Summary summary, List<Finding> findings, Incidents incidents, int suppressed) {
        return line(summary, findings, incidents) + (suppressed == 0 ? ""
                : String.format(Locale.ROOT, ", %,d finding%s suppressed by tuning", suppressed, suppressed == 1 ? "" : "s"));
    }

    static String line(RunStats.Summary summary, List<Finding> findings, Incidents incidents) {
        int n = incidents.incidents().size();
        return String.format(Locale.ROOT, "forgewatch hunt: %d file%s%s, %,d records read, %,d events, %,d quarantined%s, %d finding%s (%s), %d incident%s%s",
                summary.files(), summary.files() == 1 ? "" : "s", unreadable(summary), summary.recordsRead(), summary.events(),
                summary.quarantined(), lost(summary), findings.size(), findings.size() == 1 ? "" : "s",
                FindingWriter.severityCounts(findings), n, n == 1 ? "" : "s",
                n == 0 ? "" : " (" + IncidentTable.verdictCounts(incidents.incidents()) + ")");
    }

    /**
     * A warning when the rules' bounded state overflowed and forgot entries, or null when it did not:
     * which rules, how many entries, and what it means for the findings.
     */
    /** Rules whose baseline was still learning when the data ended, or null when none was. */
    static String learningNote(EngineStats engine) {
        if (engine.learningAtEnd().isEmpty()) {
            return null;
        }
        String rules = engine.learningAtEnd().entrySet().stream()
                .map(e -> e.getKey() + " until " + e.getValue()).collect(Collectors.joining(", "));
        return "forgewatch hunt: still learning when the data ended (their baselines were not complete, so they judged"
                + " less than they will on longer data: first-seen rules only learn, baselined rules cap at low): " + rules;
    }

    static String evictionWarning(EngineStats engine) {
        long evicted = engine.evictedEntries();
        if (evicted == 0) {
            return null;
        }
        String rules = engine.evictedByRule().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "forgewatch hunt: warning: rule state overflowed: %,d entr%s evicted after reaching the cap of %,d"
                + " per rule (%s); a first-seen value forgotten was reported as new again and a correlation group dropped"
                + " started over, so findings of these rules may repeat or be missed; hunt a shorter span of time per run",
                evicted, evicted == 1 ? "y" : "ies", engine.keyCapPerRule(), rules);
    }

    private static String unreadable(RunStats.Summary summary) {
        long count = summary.unreadablePaths();
        return count == 0 ? "" : String.format(Locale.ROOT, " (%,d unreadable path%s skipped)", count, count == 1 ? "" : "s");
    }

    /** When quarantine entries stand for other than one record each (regions skipped whole, text that held none). */
    private static String lost(RunStats.Summary summary) {
        return summary.recordsLost() == summary.quarantined() ? ""
                : String.format(Locale.ROOT, " (about %,d record%s in them)", summary.recordsLost(), summary.recordsLost() == 1 ? "" : "s");
    }

    static ObjectNode toJson(HuntRun.Result result) {
        ObjectNode node = toJson(result.summary(), result.findings(), result.incidents());
        node.put("suppressed", result.suppressed().size());
        node.set("suppressed_by", SuppressedReport.toJson(result.suppressed()));
        return node;
    }

    static ObjectNode toJson(RunStats.Summary summary, List<Finding> findings, Incidents incidents) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("files", summary.files());
        node.put("records_read", summary.recordsRead());
        node.put("events", summary.events());
        node.put("quarantined", summary.quarantined());
        node.put("records_lost", summary.recordsLost());
        node.put("unreadable_paths", summary.unreadablePaths());
        node.put("bytes_read", summary.bytesRead());
        ObjectNode kinds = node.putObject("events_by_kind");
        summary.eventsByKind().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> kinds.put(e.getKey().shortName(), e.getValue()));
        ObjectNode formats = node.putObject("files_by_format");
        summary.filesByFormat().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> formats.put(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue()));
        ObjectNode severities = node.putObject("findings_by_severity");
        for (Severity severity : Severity.values()) {
            severities.put(severity.label(), findings.stream().filter(f -> f.severity() == severity).count());
        }
        node.put("findings", findings.size());
        ObjectNode verdicts = node.putObject("incidents_by_verdict");
        for (Verdict verdict : Verdict.values()) {
            verdicts.put(verdict.label(), incidents.incidents().stream().filter(i -> i.verdict() == verdict).count());
        }
        node.put("incidents", incidents.incidents().size());
        node.put("campaigns", incidents.campaigns().size());
        return node;
    }
}
