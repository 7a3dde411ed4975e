package dev.forgewatch.detections;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.mapping.FieldDefinition;
import dev.forgewatch.detections.incident.IncidentJson;
import dev.forgewatch.detections.incident.IncidentModel;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * A finding as an ECS-style JSON document, the one shape every output uses (hunt NDJSON/JSON, the
 * report, the SIEM shippers): {@code @timestamp}, {@code rule.*} (the risk score from the incident
 * policy), {@code user.name}, {@code source.ip}, {@code event.ids}, {@code threat.technique.id}, the
 * evidence under the ECS names of its canonical fields (so token evidence lands in
 * {@code token.fingerprint} etc.), and {@code forgewatch.incident.id} when it belongs to incidents.
 */
public final class FindingJson {
    private final FieldCatalog catalog;
    private final IncidentModel model;

    public FindingJson(FieldCatalog catalog, IncidentModel model) {
        this.catalog = catalog;
        this.model = model;
    }

    public ObjectNode toJson(Finding finding) {
        return toJson(finding, List.of());
    }

    /** The document of a finding that belongs to these incidents: one id as a value, several as a list. */
    public ObjectNode toJson(Finding finding, List<String> incidentIds) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("@timestamp", DateTimeFormatter.ISO_INSTANT.format(finding.timestamp()));
        for (Map.Entry<String, Object> entry : finding.evidence().entrySet()) {
            if (catalog.hasField(entry.getKey())) {
                FieldDefinition field = catalog.field(entry.getKey());
                put(doc, field.ecs(), entry.getValue());
            }
        }
        ObjectNode event = object(doc, "event");
        event.put("kind", "alert");
        event.put("dataset", "forgewatch.finding");
        ArrayNode ids = event.putArray("ids");
        finding.eventIds().forEach(ids::add);
        ObjectNode rule = object(doc, "rule");
        rule.put("id", finding.ruleId());
        rule.put("name", finding.ruleName());
        rule.put("severity", finding.severity().label());
        rule.put("risk_score", model.profile(finding).score());
        if (finding.user() != null) {
            object(doc, "user").put("name", finding.user());
        }
        if (finding.sourceIp() != null) {
            object(doc, "source").put("ip", finding.sourceIp());
        }
        if (!finding.attack().isEmpty()) {
            ArrayNode techniques = object(object(doc, "threat"), "technique").putArray("id");
            finding.attack().forEach(techniques::add);
        }
        if (incidentIds.size() == 1) {
            put(doc, IncidentJson.ID_FIELD, incidentIds.get(0));
        } else if (!incidentIds.isEmpty()) {
            put(doc, IncidentJson.ID_FIELD, incidentIds);
        }
        if (finding.evidence().get(Finding.BASELINE) instanceof String state) {
            put(doc, Finding.BASELINE, state);
        }
        doc.put("message", finding.message());
        return doc;
    }

    private static ObjectNode object(ObjectNode parent, String name) {
        return parent.has(name) && parent.get(name).isObject() ? (ObjectNode) parent.get(name) : parent.putObject(name);
    }

    private static void put(ObjectNode doc, String dottedPath, Object value) {
        String[] parts = dottedPath.split("\\.");
        ObjectNode current = doc;
        for (int i = 0; i < parts.length - 1; i++) {
            current = object(current, parts[i]);
        }
        String leaf = parts[parts.length - 1];
        if (value instanceof Instant instant) {
            current.put(leaf, DateTimeFormatter.ISO_INSTANT.format(instant));
        } else if (value instanceof List<?> list) {
            ArrayNode array = current.putArray(leaf);
            list.forEach(item -> array.add(String.valueOf(item)));
        } else {
            current.set(leaf, Json.MAPPER.valueToTree(value));
        }
    }
}
