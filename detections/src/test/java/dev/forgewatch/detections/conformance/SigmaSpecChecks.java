package dev.forgewatch.detections.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks Sigma rule files against the Sigma rule and correlation specification facts in
 * {@code spec/sigma-specification-2.1.0.yaml}. Custom fields are allowed by the spec; ForgeWatch keeps
 * all of its own in the one documented extension block, {@code forgewatch}, and a rule whose meaning
 * depends on that block says so with Sigma status {@code unsupported}. Each problem starts with the
 * rule it breaks.
 */
public final class SigmaSpecChecks {
    /** ForgeWatch's documented extension block (docs/rule-format.md), the only custom field it uses. */
    public static final String EXTENSION = "forgewatch";
    private static final Pattern QUANTIFIED = Pattern.compile("(\\S+)\\s+of\\s+(\\S+)");

    private final JsonNode spec;

    public SigmaSpecChecks(JsonNode spec) {
        this.spec = spec;
    }

    public static SigmaSpecChecks standard() {
        try (InputStream in = SigmaSpecChecks.class.getResourceAsStream("/spec/sigma-specification-2.1.0.yaml")) {
            return new SigmaSpecChecks(Json.YAML.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of every file; {@code files} maps a path to its YAML text. */
    public List<String> check(Map<String, String> files) {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<JsonNode> correlations = new ArrayList<>();
        files.forEach((path, text) -> {
            for (JsonNode document : documents(path, text, problems)) {
                String where = path + " (" + document.path("title").asText("untitled") + ")";
                names.add(document.path("name").asText());
                names.add(document.path("id").asText());
                if (document.has("correlation")) {
                    correlation(document, where, problems);
                    correlations.add(document);
                } else if (document.has("detection") || document.has("logsource")) {
                    rule(document, where, problems);
                } else {
                    problems.add("[document] " + where + " is neither a rule (logsource, detection) nor a correlation");
                }
            }
        });
        for (JsonNode correlation : correlations) {
            for (JsonNode reference : correlation.path("correlation").path("rules")) {
                if (!names.contains(reference.asText())) {
                    problems.add("[correlation.rules] " + correlation.path("title").asText() + " refers to '"
                            + reference.asText() + "', which no rule names or ids");
                }
            }
        }
        return problems;
    }

    private void rule(JsonNode rule, String where, List<String> problems) {
        JsonNode facts = spec.path("rule");
        required(rule, facts.path("required"), "rule.required", where, problems);
        custom(rule, facts.path("keys"), "rule.custom_field", where, problems);
        common(rule, facts, where, problems);
        JsonNode logsource = rule.path("logsource");
        if (!logsource.isObject()) {
            problems.add("[rule.logsource] " + where + ": logsource is not a mapping");
        } else {
            logsource.fields().forEachRemaining(entry -> {
                if (!entry.getValue().isTextual()) {
                    problems.add("[rule.logsource] " + where + ": logsource " + entry.getKey() + " is not a string");
                }
            });
        }
        JsonNode detection = rule.path("detection");
        if (!detection.isObject() || !detection.has("condition")) {
            problems.add("[rule.detection] " + where + ": detection needs a condition");
            return;
        }
        Set<String> identifiers = new HashSet<>();
        detection.fields().forEachRemaining(entry -> {
            if (!entry.getKey().equals("condition")) {
                identifiers.add(entry.getKey());
                searchIdentifier(entry.getKey(), entry.getValue(), where, problems);
            }
        });
        JsonNode condition = detection.path("condition");
        List<String> conditions = new ArrayList<>();
        if (condition.isTextual()) {
            conditions.add(condition.asText());
        } else if (condition.isArray()) {
            condition.forEach(item -> conditions.add(item.asText()));
        } else {
            problems.add("[rule.condition] " + where + ": condition must be a string or a list of strings");
        }
        conditions.forEach(text -> condition(text, identifiers, where, problems));
        for (JsonNode field : rule.path("fields")) {
            if (!field.isTextual()) {
                problems.add("[rule.fields] " + where + ": fields lists strings");
            }
        }
    }

    private void searchIdentifier(String name, JsonNode value, String where, List<String> problems) {
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (item.isObject()) {
                    fieldMap(item, where, problems);
                } else if (!item.isValueNode()) {
                    problems.add("[rule.search_identifier] " + where + ": " + name + " lists something other than values or maps");
                }
            }
        } else if (value.isObject()) {
            fieldMap(value, where, problems);
        } else {
            problems.add("[rule.search_identifier] " + where + ": " + name + " is neither a list nor a map");
        }
    }

    private void fieldMap(JsonNode map, String where, List<String> problems) {
        Set<String> modifiers = strings(spec.path("rule").path("modifiers"));
        Set<String> flags = strings(spec.path("rule").path("re_flags"));
        map.fields().forEachRemaining(entry -> {
            String[] parts = entry.getKey().split("\\|", -1);
            boolean afterRe = false;
            for (int i = 1; i < parts.length; i++) {
                String modifier = parts[i];
                if (afterRe && flags.contains(modifier)) {
                    continue;
                }
                if (!modifiers.contains(modifier)) {
                    problems.add("[rule.modifier] " + where + ": '" + modifier + "' in " + entry.getKey() + " is no Sigma modifier");
                }
                afterRe = modifier.equals("re");
            }
            JsonNode value = entry.getValue();
            if (!(value.isValueNode() || value.isArray() && allValues(value))) {
                problems.add("[rule.value] " + where + ": " + entry.getKey() + " holds something other than values");
            }
        });
    }

    private void condition(String condition, Set<String> identifiers, String where, List<String> problems) {
        Set<String> quantifiers = strings(spec.path("rule").path("condition_quantifiers"));
        Set<String> words = strings(spec.path("rule").path("condition_words"));
        String rest = condition;
        Matcher quantified = QUANTIFIED.matcher(condition);
        while (quantified.find()) {
            if (!quantifiers.contains(quantified.group(1))) {
                problems.add("[rule.condition] " + where + ": '" + quantified.group(1) + " of' (the spec has 1 of and all of)");
            }
            String pattern = quantified.group(2);
            if (!pattern.equals("them") && identifiers.stream().noneMatch(id -> id.matches(pattern.replace("*", ".*")))) {
                problems.add("[rule.condition] " + where + ": '" + pattern + "' matches no search identifier");
            }
        }
        rest = QUANTIFIED.matcher(rest).replaceAll(" ");
        for (String token : rest.replace("(", " ").replace(")", " ").trim().split("\\s+")) {
            if (!token.isEmpty() && !words.contains(token) && !identifiers.contains(token)) {
                problems.add("[rule.condition] " + where + ": '" + token + "' is neither an operator nor a search identifier");
            }
        }
    }

    private void correlation(JsonNode rule, String where, List<String> problems) {
        JsonNode facts = spec.path("correlation");
        required(rule, facts.path("required"), "correlation.required", where, problems);
        custom(rule, facts.path("keys"), "correlation.custom_field", where, problems);
        common(rule, spec.path("rule"), where, problems);
        if (rule.has("generate") && !rule.path("generate").isBoolean()) {
            problems.add("[correlation.generate] " + where + ": generate must be true or false");
        }
        JsonNode block = rule.path("correlation");
        block.fieldNames().forEachRemaining(key -> {
            if (!strings(facts.path("block_keys")).contains(key)) {
                problems.add("[correlation.keys] " + where + ": the correlation has '" + key + "', which the spec does not define");
            }
        });
        required(block, facts.path("block_required"), "correlation.required", where, problems);
        String type = block.path("type").asText();
        if (!strings(facts.path("types")).contains(type)) {
            problems.add("[correlation.type] " + where + ": '" + type + "' is not a Sigma correlation type "
                    + strings(facts.path("types")));
            return;
        }
        for (JsonNode needed : facts.path("type_requires").path(type)) {
            String[] path = needed.asText().split("\\.");
            JsonNode node = block;
            for (String part : path) {
                node = node.path(part);
            }
            if (node.isMissingNode()) {
                problems.add("[correlation.type_requires] " + where + ": a " + type + " correlation needs " + needed.asText());
            }
        }
        String timespan = block.path("timespan").asText();
        if (!timespan.matches(facts.path("timespan_pattern").asText()) || timespan.length() > facts.path("timespan_max_length").asInt()) {
            problems.add("[correlation.timespan] " + where + ": '" + timespan + "' is not a number and s, m, h or d");
        }
        block.path("condition").fieldNames().forEachRemaining(operator -> {
            if (!strings(facts.path("condition_operators")).contains(operator)) {
                problems.add("[correlation.condition] " + where + ": unknown operator " + operator);
            } else if (!operator.equals("field") && !block.path("condition").path(operator).isInt()) {
                problems.add("[correlation.condition] " + where + ": " + operator + " needs an integer");
            }
        });
        JsonNode rules = block.path("rules");
        if (!rules.isArray() || rules.isEmpty() || !allValues(rules)) {
            problems.add("[correlation.rules] " + where + ": rules must list rule names or ids");
        }
        for (JsonNode field : block.path("group-by")) {
            if (!field.isTextual()) {
                problems.add("[correlation.group-by] " + where + ": group-by lists field names");
            }
        }
    }

    /** Metadata both kinds share; absent optional keys are fine. */
    private void common(JsonNode rule, JsonNode facts, String where, List<String> problems) {
        maxLength(rule, "title", facts.path("title_max").asInt(), where, problems);
        maxLength(rule, "name", facts.path("name_max").asInt(), where, problems);
        maxLength(rule, "description", facts.path("description_max").asInt(), where, problems);
        pattern(rule, "id", facts.path("id_pattern").asText(), where, problems);
        pattern(rule, "date", facts.path("date_pattern").asText(), where, problems);
        pattern(rule, "modified", facts.path("date_pattern").asText(), where, problems);
        oneOf(rule, "status", facts.path("statuses"), where, problems);
        oneOf(rule, "level", facts.path("levels"), where, problems);
        if (rule.has("author") && !rule.path("author").isTextual()) {
            problems.add("[rule.author] " + where + ": author is a string");
        }
        uniqueStrings(rule, "references", where, problems);
        uniqueStrings(rule, "falsepositives", where, problems);
        uniqueStrings(rule, "tags", where, problems);
        for (JsonNode tag : rule.path("tags")) {
            if (!tag.asText().matches(facts.path("tag_pattern").asText())) {
                problems.add("[rule.tags] " + where + ": tag '" + tag.asText() + "' does not match " + facts.path("tag_pattern").asText());
            }
        }
        for (JsonNode related : rule.path("related")) {
            if (!related.path("id").asText().matches(facts.path("id_pattern").asText())
                    || !strings(facts.path("related_types")).contains(related.path("type").asText())) {
                problems.add("[rule.related] " + where + ": " + related);
            }
        }
        if (rule.path(EXTENSION).has("correlation") && !rule.path("status").asText().equals("unsupported")) {
            problems.add("[extension.status] " + where + ": its meaning depends on forgewatch.correlation, which generic Sigma"
                    + " tools do not read; mark it status: unsupported");
        }
    }

    private static void custom(JsonNode rule, JsonNode specKeys, String check, String where, List<String> problems) {
        Set<String> keys = strings(specKeys);
        rule.fieldNames().forEachRemaining(key -> {
            if (!keys.contains(key) && !key.equals(EXTENSION)) {
                problems.add("[" + check + "] " + where + ": '" + key + "' is neither a Sigma field nor the documented "
                        + EXTENSION + " extension");
            }
        });
    }

    private static void required(JsonNode node, JsonNode keys, String check, String where, List<String> problems) {
        for (String key : strings(keys)) {
            if (!node.has(key)) {
                problems.add("[" + check + "] " + where + " lacks " + key);
            }
        }
    }

    private static void maxLength(JsonNode rule, String key, int max, String where, List<String> problems) {
        if (rule.has(key) && (!rule.path(key).isTextual() || rule.path(key).asText().length() > max)) {
            problems.add("[rule." + key + "] " + where + ": " + key + " must be a string of at most " + max + " characters");
        }
    }

    private static void pattern(JsonNode rule, String key, String pattern, String where, List<String> problems) {
        if (rule.has(key) && !rule.path(key).asText().matches(pattern)) {
            problems.add("[rule." + key + "] " + where + ": '" + rule.path(key).asText() + "' does not match " + pattern);
        }
    }

    private static void oneOf(JsonNode rule, String key, JsonNode allowed, String where, List<String> problems) {
        if (rule.has(key) && !strings(allowed).contains(rule.path(key).asText())) {
            problems.add("[rule." + key + "] " + where + ": '" + rule.path(key).asText() + "' is not one of " + strings(allowed));
        }
    }

    private static void uniqueStrings(JsonNode rule, String key, String where, List<String> problems) {
        if (!rule.has(key)) {
            return;
        }
        JsonNode list = rule.path(key);
        Set<String> seen = new HashSet<>();
        if (!list.isArray() || !allValues(list)) {
            problems.add("[rule." + key + "] " + where + ": " + key + " is a list of strings");
            return;
        }
        list.forEach(item -> {
            if (!seen.add(item.asText())) {
                problems.add("[rule." + key + "] " + where + ": '" + item.asText() + "' twice in " + key);
            }
        });
    }

    private static boolean allValues(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isValueNode()) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> strings(JsonNode list) {
        Set<String> values = new HashSet<>();
        list.forEach(item -> values.add(item.asText()));
        return values;
    }

    private static List<JsonNode> documents(String path, String text, List<String> problems) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> iterator = Json.YAML.readerFor(JsonNode.class).readValues(text)) {
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document != null && !document.isNull()) {
                    documents.add(document);
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add("[yaml] " + path + ": " + e.getMessage());
        }
        return documents;
    }
}
