package dev.forgewatch.elastic.kibana;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.elastic.rules.ElasticRule;
import dev.forgewatch.elastic.rules.RuleType;
import java.util.List;

/**
 * Detection rules as the NDJSON Kibana's detection engine imports (Security > Rules > Import), one
 * rule per line, generated from the compiled rule pack. Rules are imported disabled: a SOC enables
 * them after reviewing the exceptions it needs.
 */
public final class KibanaRules {
    static final String AUTHOR = "ForgeWatch";

    private KibanaRules() {
    }

    public static String ndjson(List<ElasticRule> rules) {
        StringBuilder text = new StringBuilder();
        rules.forEach(rule -> text.append(toJson(rule)).append('\n'));
        return text.toString();
    }

    public static ObjectNode toJson(ElasticRule rule) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("rule_id", rule.ruleId());
        json.put("name", rule.name());
        json.put("description", rule.description());
        json.put("type", rule.type().kibanaName());
        json.put("severity", kibanaSeverity(rule));
        json.put("risk_score", rule.severity().riskScore());
        json.put("enabled", false);
        json.put("version", 1);
        json.put("interval", "5m");
        json.put("from", "now-6m");
        json.putArray("author").add(AUTHOR);
        json.put("license", "Apache-2.0");
        ArrayNode tags = json.putArray("tags");
        tags.add("ForgeWatch").add("Microsoft 365").add("Storm-0558");
        if (rule.type() != RuleType.ESQL) {
            json.putArray("index").add(Dashboards.DATA_VIEW_PATTERN);
        }
        json.put("language", rule.language());
        json.put("query", rule.query());
        if (rule.type() == RuleType.THRESHOLD) {
            ObjectNode threshold = json.putObject("threshold");
            ArrayNode fields = threshold.putArray("field");
            rule.groupBy().forEach(fields::add);
            threshold.put("value", rule.threshold());
        } else if (rule.type() == RuleType.NEW_TERMS) {
            ArrayNode fields = json.putArray("new_terms_fields");
            rule.groupBy().forEach(fields::add);
            json.put("history_window_start", rule.historyWindow());
        }
        ArrayNode falsePositives = json.putArray("false_positives");
        rule.falsePositives().forEach(falsePositives::add);
        if (rule.note() != null) {
            json.put("note", rule.note());
        }
        ArrayNode threat = json.putArray("threat");
        for (String technique : rule.attack()) {
            threat.add(threat(technique));
        }
        return json;
    }

    /** Kibana has no "informational" severity; it is "low" there. */
    private static String kibanaSeverity(ElasticRule rule) {
        String label = rule.severity().label();
        return label.equals("informational") ? "low" : label;
    }

    /** An ATT&CK mapping entry; the tactic is looked up from the technique (ForgeWatch's few). */
    private static ObjectNode threat(String techniqueId) {
        String base = techniqueId.contains(".") ? techniqueId.substring(0, techniqueId.indexOf('.')) : techniqueId;
        AttackTechniques.Technique known = AttackTechniques.of(base);
        ObjectNode entry = Json.MAPPER.createObjectNode();
        entry.put("framework", "MITRE ATT&CK");
        entry.putObject("tactic").put("id", known.tacticId()).put("name", known.tacticName())
                .put("reference", "https://attack.mitre.org/tactics/" + known.tacticId() + "/");
        ObjectNode technique = entry.putArray("technique").addObject();
        technique.put("id", base).put("name", known.name())
                .put("reference", "https://attack.mitre.org/techniques/" + base + "/");
        if (!base.equals(techniqueId)) {
            String sub = techniqueId.substring(base.length() + 1);
            technique.putArray("subtechnique").addObject().put("id", techniqueId)
                    .put("name", known.name() + " " + sub)
                    .put("reference", "https://attack.mitre.org/techniques/" + base + "/" + sub + "/");
        } else {
            technique.putArray("subtechnique");
        }
        return entry;
    }
}
