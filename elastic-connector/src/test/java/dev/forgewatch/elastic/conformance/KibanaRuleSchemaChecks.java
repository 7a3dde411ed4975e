package dev.forgewatch.elastic.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks Kibana detection rules, as the rule import reads them, against the rule schema facts of one
 * stack line ({@code spec/kibana-rule-schema.yaml}). Each problem starts with the rule it breaks.
 */
public final class KibanaRuleSchemaChecks {
    private final JsonNode spec;

    public KibanaRuleSchemaChecks(JsonNode spec) {
        this.spec = spec;
    }

    public static KibanaRuleSchemaChecks standard() {
        try (InputStream in = KibanaRuleSchemaChecks.class.getResourceAsStream("/spec/kibana-rule-schema.yaml")) {
            return new KibanaRuleSchemaChecks(Json.YAML.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines the facts cover. */
    public Set<String> lines() {
        Set<String> lines = new HashSet<>();
        spec.path("lines").fieldNames().forEachRemaining(lines::add);
        return lines;
    }

    public List<String> check(JsonNode rule, String line) {
        List<String> problems = new ArrayList<>();
        String id = rule.path("rule_id").asText("?");
        JsonNode types = spec.path("lines").path(line);
        if (types.isMissingNode()) {
            problems.add("[line] no schema facts for stack line " + line);
            return problems;
        }
        String type = rule.path("type").asText();
        JsonNode keys = types.path(type);
        if (keys.isMissingNode()) {
            problems.add("[type] " + id + ": " + line + " has no '" + type + "' rules");
            return problems;
        }
        Set<String> allowed = strings(keys);
        rule.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                problems.add("[keys] " + id + ": a " + line + " " + type + " rule has no '" + key + "'");
            }
        });
        for (String required : union(strings(spec.path("required").path("all")), strings(spec.path("required").path(type)))) {
            if (!rule.has(required)) {
                problems.add("[required] " + id + ": " + type + " rule lacks " + required);
            }
        }
        if (rule.path("name").asText("").isEmpty() || rule.path("description").asText("").isEmpty()) {
            problems.add("[required] " + id + ": empty name or description");
        }
        if (rule.has("language") && !strings(spec.path("languages").path(type)).contains(rule.path("language").asText())) {
            problems.add("[language] " + id + ": " + type + " rules take " + strings(spec.path("languages").path(type))
                    + ", not " + rule.path("language").asText());
        }
        if (!strings(spec.path("severities")).contains(rule.path("severity").asText())) {
            problems.add("[severity] " + id + ": " + rule.path("severity"));
        }
        JsonNode risk = rule.path("risk_score");
        if (!risk.isInt() || risk.asInt() < spec.path("risk_score").path("min").asInt()
                || risk.asInt() > spec.path("risk_score").path("max").asInt()) {
            problems.add("[risk_score] " + id + ": " + risk);
        }
        minimum(rule, "version", spec.path("version_min").asInt(), id, problems);
        minimum(rule, "max_signals", spec.path("max_signals_min").asInt(), id, problems);
        pattern(rule, "interval", spec.path("interval_pattern").asText(), id, problems);
        pattern(rule, "from", spec.path("from_pattern").asText(), id, problems);
        if (rule.has("enabled") && !rule.path("enabled").isBoolean()) {
            problems.add("[enabled] " + id + ": not a boolean");
        }
        if (rule.has("meta") && !rule.path("meta").isObject()) {
            problems.add("[meta] " + id + ": not an object");
        }
        for (String field : strings(spec.path("string_arrays"))) {
            if (rule.has(field) && (!rule.path(field).isArray() || !allText(rule.path(field)))) {
                problems.add("[" + field + "] " + id + ": not an array of strings");
            }
        }
        if (rule.has("alert_suppression")) {
            suppression(rule.path("alert_suppression"), type, id, problems);
        }
        if (rule.has("threshold")) {
            threshold(rule.path("threshold"), id, problems);
        }
        if (rule.has("new_terms_fields")) {
            JsonNode fields = rule.path("new_terms_fields");
            JsonNode bounds = spec.path("new_terms_fields");
            if (!fields.isArray() || fields.size() < bounds.path("min").asInt() || fields.size() > bounds.path("max").asInt()
                    || !allText(fields)) {
                problems.add("[new_terms_fields] " + id + ": " + fields);
            }
        }
        if (rule.has("history_window_start") && rule.path("history_window_start").asText("").isEmpty()) {
            problems.add("[history_window_start] " + id + ": empty");
        }
        threat(rule.path("threat"), id, problems);
        return problems;
    }

    private void suppression(JsonNode suppression, String type, String id, List<String> problems) {
        JsonNode facts = spec.path("alert_suppression");
        Set<String> keys = strings(type.equals("threshold") ? facts.path("threshold_keys") : facts.path("keys"));
        suppression.fieldNames().forEachRemaining(key -> {
            if (!keys.contains(key)) {
                problems.add("[alert_suppression] " + id + ": " + type + " suppression has no '" + key + "'");
            }
        });
        if (!type.equals("threshold")) {
            JsonNode groupBy = suppression.path("group_by");
            if (!groupBy.isArray() || groupBy.size() < facts.path("group_by").path("min").asInt()
                    || groupBy.size() > facts.path("group_by").path("max").asInt() || !allText(groupBy)) {
                problems.add("[alert_suppression] " + id + ": group_by " + groupBy);
            }
        }
        JsonNode duration = suppression.path("duration");
        if (!duration.isMissingNode()) {
            if (!duration.path("value").isInt() || duration.path("value").asInt() < 1
                    || !strings(facts.path("duration_units")).contains(duration.path("unit").asText())) {
                problems.add("[alert_suppression] " + id + ": duration " + duration);
            }
        }
        if (suppression.has("missing_fields_strategy")
                && !strings(facts.path("missing_fields_strategies")).contains(suppression.path("missing_fields_strategy").asText())) {
            problems.add("[alert_suppression] " + id + ": missing_fields_strategy " + suppression.path("missing_fields_strategy"));
        }
    }

    private void threshold(JsonNode threshold, String id, List<String> problems) {
        JsonNode facts = spec.path("threshold");
        Set<String> keys = strings(facts.path("keys"));
        threshold.fieldNames().forEachRemaining(key -> {
            if (!keys.contains(key)) {
                problems.add("[threshold] " + id + ": no '" + key + "'");
            }
        });
        JsonNode field = threshold.path("field");
        if (!(field.isTextual() || field.isArray() && allText(field))) {
            problems.add("[threshold] " + id + ": field " + field);
        }
        if (!threshold.path("value").isInt() || threshold.path("value").asInt() < facts.path("value_min").asInt()) {
            problems.add("[threshold] " + id + ": value " + threshold.path("value"));
        }
        for (JsonNode cardinality : threshold.path("cardinality")) {
            if (!strings(facts.path("cardinality_keys")).containsAll(fieldNames(cardinality)) || !cardinality.path("field").isTextual()
                    || !cardinality.path("value").isInt() || cardinality.path("value").asInt() < facts.path("cardinality_value_min").asInt()) {
                problems.add("[threshold] " + id + ": cardinality " + cardinality);
            }
        }
    }

    private void threat(JsonNode threats, String id, List<String> problems) {
        JsonNode facts = spec.path("threat");
        for (JsonNode threat : threats) {
            if (!strings(facts.path("keys")).containsAll(fieldNames(threat)) || !threat.has("framework") || !threat.has("tactic")
                    || !fieldNames(threat.path("tactic")).equals(strings(facts.path("tactic_keys")))) {
                problems.add("[threat] " + id + ": " + threat);
                continue;
            }
            for (JsonNode technique : threat.path("technique")) {
                Set<String> keys = fieldNames(technique);
                if (!strings(facts.path("technique_keys")).containsAll(keys) || !keys.containsAll(strings(facts.path("tactic_keys")))) {
                    problems.add("[threat] " + id + ": technique " + technique);
                }
                for (JsonNode sub : technique.path("subtechnique")) {
                    if (!fieldNames(sub).equals(strings(facts.path("subtechnique_keys")))) {
                        problems.add("[threat] " + id + ": subtechnique " + sub);
                    }
                }
            }
        }
    }

    private static void minimum(JsonNode rule, String key, int min, String id, List<String> problems) {
        if (rule.has(key) && (!rule.path(key).isInt() || rule.path(key).asInt() < min)) {
            problems.add("[" + key + "] " + id + ": " + rule.path(key));
        }
    }

    private static void pattern(JsonNode rule, String key, String pattern, String id, List<String> problems) {
        if (rule.has(key) && !rule.path(key).asText().matches(pattern)) {
            problems.add("[" + key + "] " + id + ": '" + rule.path(key).asText() + "' does not match " + pattern);
        }
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> strings(JsonNode list) {
        Set<String> values = new HashSet<>();
        list.forEach(item -> values.add(item.asText()));
        return values;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
