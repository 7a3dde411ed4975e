package dev.forgewatch.cli.hunt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.pipeline.RunStats;
import dev.forgewatch.common.secret.Redactor;
import dev.forgewatch.common.text.Inert;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.FindingJson;
import java.io.IOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Writes the findings of a hunt in one of the {@link OutputFormat}s. Every string is redacted. */
final class FindingWriter {
    static final List<String> CSV_COLUMNS = List.of("timestamp", "severity", "rule_id", "rule_name", "user", "source_ip",
            "token_fingerprint", "token_kid", "token_issuer", "event_ids", "message");
    private static final DateTimeFormatter TABLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final FindingJson json;

    FindingWriter(FindingJson json) {
        this.json = json;
    }

    void write(OutputFormat format, List<Finding> findings, RunStats.Summary summary, Writer out) throws IOException {
        switch (format) {
            case NDJSON:
                for (Finding finding : findings) {
                    out.write(Redactor.redact(Json.INERT.writeValueAsString(json.toJson(finding))));
                    out.write('\n');
                }
                break;
            case JSON:
                ObjectNode doc = Json.MAPPER.createObjectNode();
                doc.set("summary", Summaries.toJson(summary, findings));
                ArrayNode array = doc.putArray("findings");
                findings.forEach(finding -> array.add(json.toJson(finding)));
                out.write(Redactor.redact(Json.INERT_PRETTY.writeValueAsString(doc)));
                out.write('\n');
                break;
            case CSV:
                writeCsv(findings, out);
                break;
            default:
                writeTable(findings, out);
        }
        out.flush();
    }

    private static void writeCsv(List<Finding> findings, Writer out) throws IOException {
        out.write(String.join(",", CSV_COLUMNS));
        out.write("\r\n");
        for (Finding f : findings) {
            Map<String, Object> evidence = f.evidence();
            List<String> row = List.of(DateTimeFormatter.ISO_INSTANT.format(f.timestamp()), f.severity().label(), f.ruleId(),
                    f.ruleName(), nullToEmpty(f.user()), nullToEmpty(f.sourceIp()),
                    text(evidence.get(Fields.TOKEN_FINGERPRINT)), text(evidence.get(Fields.TOKEN_KID)),
                    text(evidence.get(Fields.TOKEN_ISSUER)), String.join(" ", f.eventIds()), f.message());
            StringBuilder line = new StringBuilder();
            for (String cell : row) {
                if (line.length() > 0) {
                    line.append(',');
                }
                line.append(csvCell(Redactor.redact(cell)));
            }
            out.write(line.append("\r\n").toString());
        }
    }

    /**
     * Quotes a CSV cell when needed, defuses spreadsheet formulas (CSV injection), and shows control
     * and bidi characters other than line breaks and tabs escaped (CSV has no escapes of its own).
     */
    static String csvCell(String value) {
        String cell = Inert.lines(value);
        if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
            cell = "'" + cell;
        }
        if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
            return "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        return cell;
    }

    private static void writeTable(List<Finding> findings, Writer out) throws IOException {
        if (findings.isEmpty()) {
            out.write("No findings.\n");
            return;
        }
        String header = String.format("%-20s  %-8s  %-44s  %-34s  %-15s  %s%n", "TIME (UTC)", "SEVERITY", "RULE", "USER / MAILBOX",
                "SOURCE IP", "DETAIL");
        out.write(header);
        out.write("-".repeat(header.length() - 1) + "\n");
        for (Finding f : findings) {
            out.write(String.format("%-20s  %-8s  %-44s  %-34s  %-15s  %s%n", TABLE_TIME.format(f.timestamp()),
                    f.severity().label().toUpperCase(java.util.Locale.ROOT), cell(f.ruleName(), 44), cell(f.user(), 34),
                    cell(f.sourceIp(), 15), cell(f.message(), 120)));
        }
    }

    static String severityCounts(List<Finding> findings) {
        StringBuilder text = new StringBuilder();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            Severity severity = Severity.values()[i];
            long count = findings.stream().filter(f -> f.severity() == severity).count();
            if (count > 0) {
                text.append(text.length() == 0 ? "" : ", ").append(count).append(' ').append(severity.label());
            }
        }
        return text.length() == 0 ? "none" : text.toString();
    }

    /**
     * One table cell: redacted, then made inert (a user name carrying a line break or an escape
     * sequence shows it escaped instead of forging a row or acting on the terminal), then cut.
     */
    private static String cell(String text, int width) {
        return cut(Inert.line(Redactor.redact(nullToEmpty(text))), width);
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
