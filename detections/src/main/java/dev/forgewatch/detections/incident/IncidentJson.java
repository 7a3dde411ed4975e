package dev.forgewatch.detections.incident;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * An incident as an ECS-style alert document, the shape every output uses (hunt NDJSON/JSON, the
 * report): {@code event.kind: alert}, {@code event.dataset: forgewatch.incident}, {@code event.start} /
 * {@code event.end} (first and last activity), {@code event.risk_score}, {@code user.name} (the mailbox
 * owner), {@code related.user} / {@code related.ip} / {@code related.hash} (token fingerprints),
 * {@code threat.tactic.name}, and the rest under {@code forgewatch.incident.*}.
 */
public final class IncidentJson {
    public static final String DATASET = "forgewatch.incident";
    /** The member every finding document of an incident carries. */
    public static final String ID_FIELD = "forgewatch.incident.id";

    private IncidentJson() {
    }

    public static ObjectNode toJson(Incident incident) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("@timestamp", time(incident.firstActivity()));
        ObjectNode event = doc.putObject("event");
        event.put("kind", "alert");
        event.put("dataset", DATASET);
        event.put("start", time(incident.firstActivity()));
        event.put("end", time(incident.lastActivity()));
        event.put("risk_score", incident.score());
        doc.putObject("user").put("name", incident.mailbox());
        ObjectNode related = doc.putObject("related");
        strings(related.putArray("user"), List.of(incident.mailbox()));
        if (!incident.addresses().isEmpty()) {
            strings(related.putArray("ip"), incident.addresses());
        }
        List<String> fingerprints = incident.tokens().stream().filter(token -> token.matches("[0-9a-f]{64}")).toList();
        if (!fingerprints.isEmpty()) {
            strings(related.putArray("hash"), fingerprints);
        }
        if (!incident.tactics().isEmpty()) {
            strings(doc.putObject("threat").putObject("tactic").putArray("name"), incident.tactics());
        }
        ObjectNode body = doc.putObject("forgewatch").putObject("incident");
        body.put("id", incident.id());
        body.put("verdict", incident.verdict().label());
        body.put("score", incident.score());
        if (incident.campaignId() != null) {
            body.put("campaign_id", incident.campaignId());
        }
        strings(body.putArray("apps"), incident.apps());
        strings(body.putArray("addresses"), incident.addresses());
        strings(body.putArray("user_agents"), incident.userAgents());
        strings(body.putArray("tokens"), incident.tokens());
        strings(body.putArray("sessions"), incident.sessions());
        ObjectNode mail = body.putObject("mail");
        mail.put("records", incident.mail().records());
        mail.put("bind", incident.mail().bind());
        mail.put("sync", incident.mail().sync());
        mail.put("messages", incident.mail().messages());
        if (incident.mail().messagesCapped()) {
            mail.put("messages_capped", true);
        }
        strings(mail.putArray("folders"), incident.mail().folders());
        body.put("findings", incident.findings().size());
        ArrayNode rules = body.putArray("rules");
        incident.findings().stream().map(f -> f.ruleName()).distinct().forEach(rules::add);
        strings(body.putArray("next_steps"), incident.nextSteps());
        doc.put("message", message(incident));
        return doc;
    }

    /** One sentence: verdict, mailbox, by what, how much mail. */
    public static String message(Incident incident) {
        StringBuilder text = new StringBuilder(incident.verdict().label()).append(": ").append(incident.mailbox());
        if (incident.verdict() == Verdict.COVERAGE_GAP) {
            return text.append(" has activity its logs cannot account for (").append(incident.findings().get(0).ruleName()).append(')')
                    .toString();
        }
        text.append(", risk ").append(incident.score()).append(" across ").append(incident.tactics().size()).append(" tactics");
        if (!incident.apps().isEmpty()) {
            text.append(", app ").append(String.join(", ", incident.apps()));
        }
        if (!incident.addresses().isEmpty()) {
            text.append(", from ").append(incident.addresses().size()).append(incident.addresses().size() == 1 ? " address" : " addresses");
        }
        if (incident.mail().records() > 0) {
            text.append("; ").append(incident.mail().records()).append(" MailItemsAccessed records (").append(incident.mail().bind())
                    .append(" Bind, ").append(incident.mail().sync()).append(" Sync)");
        }
        return text.toString();
    }

    private static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
