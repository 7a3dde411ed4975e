package dev.forgewatch.detections.compile.elastic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.detections.compile.elastic.StackLines.Feature;
import dev.forgewatch.detections.compile.elastic.StackLines.Line;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleSet;
import dev.forgewatch.detections.tuning.Tuning;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The pack's alerting rules for one Kibana stack line, as the NDJSON file Kibana's rule import
 * (Security → Rules → Import, or {@code POST /api/detection_engine/rules/_import}) reads. A rule whose
 * type the line lacks is left out, a feature it lacks is taken off the rule, and each is listed in
 * {@link #notes()} with the reason. Every rule says the line in {@code meta.forgewatch_stack_line}, and
 * the file ends with the export summary line Kibana writes on export (import skips it), which names
 * the line too. After the pack's rules comes the incident rule ({@link IncidentRule}), on lines with ES|QL rules.
 */
public record KibanaRuleExport(Line line, List<ObjectNode> rules, List<String> notes, List<ObjectNode> exceptionLists,
        List<ObjectNode> exceptionItems) {
    public KibanaRuleExport {
        rules = List.copyOf(rules);
        notes = List.copyOf(notes);
        exceptionLists = List.copyOf(exceptionLists);
        exceptionItems = List.copyOf(exceptionItems);
    }

    public KibanaRuleExport(Line line, List<ObjectNode> rules, List<String> notes) {
        this(line, rules, notes, List.of(), List.of());
    }

    public static KibanaRuleExport forLine(RuleSet pack, Line line) {
        return forLine(pack, line, StackLines.standard());
    }

    public static KibanaRuleExport forLine(RuleSet pack, Line line, StackLines lines) {
        return forLine(pack, line, lines, Tuning.NONE);
    }

    /**
     * The rules for one line, each tuned rule using its exception list ({@link KibanaExceptions}),
     * the lists and their items following the rules in the file.
     */
    public static KibanaRuleExport forLine(RuleSet pack, Line line, StackLines lines, Tuning tuning) {
        return forLine(pack, line, lines, tuning, IncidentRule.DEFAULT_SPACE);
    }

    /**
     * The same for the Kibana space {@code space} (its id): the incident rule reads that space's alerts index,
     * the only thing in the file that depends on the space.
     */
    public static KibanaRuleExport forLine(RuleSet pack, Line line, StackLines lines, Tuning tuning, String space) {
        List<ObjectNode> rules = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<ObjectNode> exceptionLists = new ArrayList<>();
        List<ObjectNode> exceptionItems = new ArrayList<>();
        for (Rule rule : pack.alerting()) {
            ObjectNode kibana = KibanaRules.rule(rule);
            String name = rule.name() + " (" + rule.info().id() + ")";
            String type = kibana.path("type").asText();
            if (type.equals("esql") && !lines.has(line, Feature.ESQL_RULES)) {
                notes.add("left out " + name + ": it needs an ES|QL rule (" + Feature.ESQL_RULES.label() + " from "
                        + lines.since(Feature.ESQL_RULES) + "), and no other rule type of " + line
                        + " can say what it says; run it with 'forgewatch hunt' or upgrade");
                continue;
            }
            fitSuppression(kibana, name, line, lines, notes);
            ((ObjectNode) kibana.path("meta")).put("forgewatch_stack_line", line.toString());
            List<Tuning.Applied> applied = tuning.forRule(rule);
            if (!applied.isEmpty()) {
                kibana.putArray("exceptions_list").add(KibanaExceptions.reference(rule));
                exceptionLists.add(KibanaExceptions.list(rule));
                exceptionItems.addAll(KibanaExceptions.items(rule, applied));
            }
            rules.add(kibana);
        }
        IncidentRule incidents = IncidentRule.standard(pack);
        String name = "the incident rule '" + IncidentRule.NAME + "' (" + IncidentRule.RULE_ID + ")";
        if (lines.has(line, Feature.ESQL_RULES)) {
            ObjectNode kibana = incidents.kibanaRule(space);
            fitSuppression(kibana, name, line, lines, notes);
            ((ObjectNode) kibana.path("meta")).put("forgewatch_stack_line", line.toString());
            rules.add(kibana);
        } else {
            notes.add("left out " + name + ": it sums risk per mailbox across the other rules' alerts, which takes an ES|QL rule ("
                    + Feature.ESQL_RULES.label() + " from " + lines.since(Feature.ESQL_RULES) + "); no other rule type of " + line
                    + " aggregates alerts that way. Incidents come from 'forgewatch hunt' (NDJSON with event.dataset"
                    + " forgewatch.incident, shippable with 'forgewatch elastic ship'), or upgrade");
        }
        return new KibanaRuleExport(line, rules, notes, exceptionLists, exceptionItems);
    }

    /** Takes alert suppression off a rule whose type cannot have it on {@code line}, saying so in {@code notes}. */
    private static void fitSuppression(ObjectNode kibana, String name, Line line, StackLines lines, List<String> notes) {
        if (!kibana.has("alert_suppression")) {
            return;
        }
        Feature feature = switch (kibana.path("type").asText()) {
            case "query" -> Feature.QUERY_ALERT_SUPPRESSION;
            case "esql" -> Feature.ESQL_ALERT_SUPPRESSION;
            default -> throw new IllegalStateException(name + ": no stack-line feature says since when its rule type has alert suppression");
        };
        if (!lines.has(line, feature)) {
            kibana.remove("alert_suppression");
            notes.add("changed " + name + ": " + line + " has no " + feature.label() + " (from " + lines.since(feature)
                    + "), so it alerts on every match instead of once per group and window");
        }
    }

    /** The import file: one rule per line, then the export summary. */
    public String ndjson() {
        StringBuilder out = new StringBuilder();
        try {
            for (ObjectNode rule : rules) {
                out.append(Json.MAPPER.writeValueAsString(rule)).append('\n');
            }
            for (ObjectNode list : exceptionLists) {
                out.append(Json.MAPPER.writeValueAsString(list)).append('\n');
                String listId = list.path("list_id").asText();
                for (ObjectNode item : exceptionItems) {
                    if (item.path("list_id").asText().equals(listId)) {
                        out.append(Json.MAPPER.writeValueAsString(item)).append('\n');
                    }
                }
            }
            out.append(Json.MAPPER.writeValueAsString(summary())).append('\n');
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * The summary line in the shape of Kibana's own rule export, which its import filters out by the
     * {@code exported_count} (rules) and {@code exported_exception_list_count} (exception lists) members.
     */
    private ObjectNode summary() {
        ObjectNode summary = Json.MAPPER.createObjectNode();
        summary.put("exported_count", rules.size());
        summary.put("exported_rules_count", rules.size());
        summary.putArray("missing_rules");
        summary.put("missing_rules_count", 0);
        summary.put("exported_exception_list_count", exceptionLists.size());
        summary.put("exported_exception_list_item_count", exceptionItems.size());
        summary.put("missing_exception_list_item_count", 0);
        summary.putArray("missing_exception_list_items");
        summary.putArray("missing_exception_lists");
        summary.put("missing_exception_lists_count", 0);
        ObjectNode forgewatch = summary.putObject("forgewatch");
        forgewatch.put("stack_line", line.toString());
        forgewatch.put("note", "ForgeWatch detection rules for Kibana " + line + "; import them with"
                + " 'forgewatch elastic install --kibana-url' or Security > Rules > Import");
        return summary;
    }
}
