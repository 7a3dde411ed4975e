package dev.forgewatch.cli.hunt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Redactor;
import dev.forgewatch.common.text.Inert;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.FindingJson;
import dev.forgewatch.detections.incident.Campaign;
import dev.forgewatch.detections.incident.Incident;
import dev.forgewatch.detections.incident.IncidentJson;
import dev.forgewatch.detections.incident.Incidents;
import dev.forgewatch.hunt.HuntRun;
import java.io.IOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Writes a hunt's incidents and findings in one of the {@link OutputFormat}s: incidents first, then
 * findings, each finding carrying the ids of its incidents. Every string is redacted.
 */
final class FindingWriter {
    static final List<String> CSV_COLUMNS = List.of("timestamp", "severity", "rule_id", "rule_name", "user", "source_ip",
            "token_fingerprint", "token_kid", "token_issuer", "event_ids", "incident_ids", "message");
    static final List<String> INCIDENT_CSV_COLUMNS = List.of("incident_id", "verdict", "mailbox", "first_activity", "last_activity",
            "score", "tactics", "apps", "addresses", "tokens", "mail_records", "bind", "sync", "messages", "findings", "campaign_id");

    private final FindingJson json;
    private final IncidentTable table;

    FindingWriter(FindingJson json, IncidentTable table) {
        this.json = json;
        this.table = table;
    }

    void write(OutputFormat format, Show show, HuntRun.Result result, Writer out) throws IOException {
        Incidents incidents = result.incidents();
        switch (format) {
            case NDJSON:
                if (show.incidents()) {
                    for (Incident incident : incidents.incidents()) {
                        out.write(Redactor.redact(Json.INERT.writeValueAsString(IncidentJson.toJson(incident))));
                        out.write('\n');
                    }
                }
                if (show.findings()) {
                    for (Finding finding : result.findings()) {
                        out.write(Redactor.redact(Json.INERT.writeValueAsString(json.toJson(finding, incidents.of(finding)))));
                        out.write('\n');
                    }
                }
                break;
            case JSON:
                ObjectNode doc = Json.MAPPER.createObjectNode();
                doc.set("summary", Summaries.toJson(result));
                if (show.incidents()) {
                    ArrayNode array = doc.putArray("incidents");
                    incidents.incidents().forEach(incident -> array.add(IncidentJson.toJson(incident)));
                    ArrayNode campaigns = doc.putArray("campaigns");
                    for (Campaign campaign : incidents.campaigns()) {
                        ObjectNode node = campaigns.addObject();
                        node.put("id", campaign.id());
                        campaign.incidentIds().forEach(node.putArray("incident_ids")::add);
                        campaign.shared().forEach(node.putArray("shared")::add);
                    }
                }
                if (show.findings()) {
                    ArrayNode array = doc.putArray("findings");
                    result.findings().forEach(finding -> array.add(json.toJson(finding, incidents.of(finding))));
                }
                out.write(Redactor.redact(Json.INERT_PRETTY.writeValueAsString(doc)));
                out.write('\n');
                break;
            case CSV:
                if (show == Show.INCIDENTS) {
                    writeIncidentCsv(incidents.incidents(), out);
                } else {
                    writeCsv(result.findings(), incidents, out);
                }
                break;
            default:
                table.write(show, result, out);
                List<String> suppressed = SuppressedReport.lines(result.suppressed());
                if (!suppressed.isEmpty()) {
                    out.write('\n');
                    for (String line : suppressed) {
                        out.write(Inert.line(Redactor.redact(line)));
                        out.write('\n');
                    }
                }
        }
        out.flush();
    }

    private static void writeCsv(List<Finding> findings, Incidents incidents, Writer out) throws IOException {
        csvRow(CSV_COLUMNS, out);
        for (Finding f : findings) {
            Map<String, Object> evidence = f.evidence();
            csvRow(List.of(DateTimeFormatter.ISO_INSTANT.format(f.timestamp()), f.severity().label(), f.ruleId(),
                    f.ruleName(), nullToEmpty(f.user()), nullToEmpty(f.sourceIp()),
                    text(evidence.get(Fields.TOKEN_FINGERPRINT)), text(evidence.get(Fields.TOKEN_KID)),
                    text(evidence.get(Fields.TOKEN_ISSUER)), String.join(" ", f.eventIds()), String.join(" ", incidents.of(f)), f.message()),
                    out);
        }
    }

    private static void writeIncidentCsv(List<Incident> incidents, Writer out) throws IOException {
        csvRow(INCIDENT_CSV_COLUMNS, out);
        for (Incident i : incidents) {
            csvRow(List.of(i.id(), i.verdict().label(), i.mailbox(), DateTimeFormatter.ISO_INSTANT.format(i.firstActivity()),
                    DateTimeFormatter.ISO_INSTANT.format(i.lastActivity()), String.valueOf(i.score()), String.join(" ", i.tactics()),
                    String.join(" ", i.apps()), String.join(" ", i.addresses()), String.join(" ", i.tokens()),
                    String.valueOf(i.mail().records()), String.valueOf(i.mail().bind()), String.valueOf(i.mail().sync()),
                    String.valueOf(i.mail().messages()), String.valueOf(i.findings().size()), nullToEmpty(i.campaignId())), out);
        }
    }

    private static void csvRow(List<String> cells, Writer out) throws IOException {
        StringBuilder line = new StringBuilder();
        for (String cell : cells) {
            if (line.length() > 0) {
                line.append(',');
            }
            line.append(csvCell(Redactor.redact(cell)));
        }
        out.write(line.append("\r\n").toString());
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

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
