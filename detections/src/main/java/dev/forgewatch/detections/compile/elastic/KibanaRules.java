package dev.forgewatch.detections.compile.elastic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.detections.compile.CompileException;
import dev.forgewatch.detections.compile.Schedules;
import dev.forgewatch.detections.compile.Targets;
import dev.forgewatch.detections.compile.Text;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.condition.FieldComparisons;
import dev.forgewatch.detections.incident.IncidentPolicy;
import dev.forgewatch.detections.rule.AttackCatalog;
import dev.forgewatch.detections.rule.AttackCatalog.Tactic;
import dev.forgewatch.detections.rule.AttackCatalog.Technique;
import dev.forgewatch.detections.rule.Correlation;
import dev.forgewatch.detections.rule.CorrelationRule;
import dev.forgewatch.detections.rule.DetectionRule;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleInfo;
import dev.forgewatch.detections.rule.Suppression;
import dev.forgewatch.detections.rule.Timespan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rules as Kibana detection-engine rule objects (the shape the rules API takes and the NDJSON
 * import reads): query rules in KQL (Lucene where KQL cannot say it), new_terms, threshold (with
 * cardinality for value_count), EQL sequences for temporal_ordered and ES|QL for unordered temporal
 * and absence. Rules ship disabled; the installer or the SOC enables them.
 */
public final class KibanaRules {
    private KibanaRules() {
    }

    public static ObjectNode rule(Rule rule) {
        return rule(rule, IncidentPolicy.standard());
    }

    /** The rule with its risk score from {@code policy} (a tenant's incidents.yaml). */
    public static ObjectNode rule(Rule rule, IncidentPolicy policy) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        RuleInfo info = rule.info();
        Schedules schedule = Schedules.of(rule);
        node.put("rule_id", info.id());
        node.put("name", info.title());
        node.put("description", Text.paragraphs(info.description()));
        node.put("enabled", false);
        node.put("severity", kibanaSeverity(info.level()));
        node.put("risk_score", policy.score(rule));
        node.put("interval", schedule.kibanaInterval());
        node.put("from", schedule.kibanaFrom());
        node.put("max_signals", 100);
        node.put("version", 1);
        strings(node.putArray("author"), List.of(info.author()));
        strings(node.putArray("references"), info.references());
        strings(node.putArray("false_positives"), info.falsePositives());
        strings(node.putArray("tags"), tags(info));
        node.set("threat", threat(info));
        node.put("note", note(rule));
        ObjectNode meta = node.putObject("meta");
        meta.put("forgewatch_rule", rule.name());
        meta.put("source_file", rule.file());
        if (rule instanceof DetectionRule detection) {
            detectionRule(node, detection);
        } else {
            correlationRule(node, (CorrelationRule) rule);
        }
        return node;
    }

    private static void detectionRule(ObjectNode node, DetectionRule rule) {
        if (rule.newTerms() != null) {
            node.put("type", "new_terms");
            query(node, List.of(rule));
            strings(node.putArray("new_terms_fields"), rule.newTerms().fields().stream().map(Targets::ecs).toList());
            node.put("history_window_start", "now-" + rule.newTerms().history());
            return;
        }
        node.put("type", "query");
        query(node, List.of(rule));
        Suppression suppression = rule.suppression();
        if (suppression != null) {
            alertSuppression(node, suppression.groupBy().stream().map(Targets::ecs).toList(), suppression.window());
        }
    }

    /**
     * Kibana's {@code alert_suppression}: one alert per value of {@code groupBy} (ECS names) within
     * {@code window}, later ones counted into it; an alert missing a group field is suppressed as well.
     */
    static void alertSuppression(ObjectNode node, List<String> groupBy, Timespan window) {
        ObjectNode alertSuppression = node.putObject("alert_suppression");
        strings(alertSuppression.putArray("group_by"), groupBy);
        ObjectNode duration = alertSuppression.putObject("duration");
        duration.put("value", window.minutes() % 60 == 0 ? window.minutes() / 60 : window.minutes());
        duration.put("unit", window.minutes() % 60 == 0 ? "h" : "m");
        alertSuppression.put("missing_fields_strategy", "suppress");
    }

    private static void correlationRule(ObjectNode node, CorrelationRule rule) {
        Correlation correlation = rule.correlation();
        List<String> groupBy = correlation.groupBy().stream().map(Targets::ecs).toList();
        switch (correlation.type()) {
            case EVENT_COUNT:
            case VALUE_COUNT: {
                node.put("type", "threshold");
                query(node, correlation.rules());
                ObjectNode threshold = node.putObject("threshold");
                strings(threshold.putArray("field"), groupBy);
                if (correlation.type() == Correlation.Type.EVENT_COUNT) {
                    threshold.put("value", correlation.threshold());
                } else {
                    threshold.put("value", 1);
                    ObjectNode cardinality = threshold.putArray("cardinality").addObject();
                    cardinality.put("field", Targets.ecs(correlation.field()));
                    cardinality.put("value", correlation.threshold());
                }
                break;
            }
            case TEMPORAL_ORDERED:
                node.put("type", "eql");
                node.put("language", "eql");
                node.put("query", eqlSequence(rule));
                strings(node.putArray("index"), List.of(Targets.INDEX_PATTERN));
                break;
            default:
                node.put("type", "esql");
                node.put("language", "esql");
                node.put("query", ElasticQueries.esql(rule));
                if (correlation.coverage() != null) {
                    // a row whose companion log is not proven present is a low coverage alert, not the accusation
                    ObjectNode gap = node.putArray("severity_mapping").addObject();
                    gap.put("field", ElasticQueries.COVERAGE_STATUS);
                    gap.put("operator", "equals");
                    gap.put("value", ElasticQueries.COVERAGE_GAP);
                    gap.put("severity", "low");
                }
                break;
        }
    }

    /**
     * KQL for the OR of the rules' scoped conditions, or Lucene when KQL cannot say one of them. A rule's
     * two-field comparisons ({@code forgewatch: compare:}), which neither language can say, go into the
     * rule's {@code filters} as a custom filter holding a script query, beside the query for the rest.
     */
    private static void query(ObjectNode node, List<DetectionRule> rules) {
        if (rules.stream().anyMatch(rule -> FieldComparisons.present(rule.expr()))) {
            FieldComparisons.Split split = rules.size() == 1 ? FieldComparisons.split(rules.get(0).expr()) : null;
            if (split == null) {
                throw new CompileException("a Kibana query rule tests field comparisons only as one filter beside one rule's query");
            }
            DetectionRule rule = rules.get(0);
            DetectionRule rest = new DetectionRule(rule.file(), rule.line(), rule.info(), rule.logsource(), rule.condition(),
                    split.rest(), rule.fields(), rule.message(), rule.newTerms(), rule.suppression());
            plainQuery(node, List.of(rest));
            ObjectNode filter = node.putArray("filters").addObject();
            ObjectNode meta = filter.putObject("meta");
            meta.put("alias", "forgewatch compare: " + comparisons(split.compare()));
            meta.put("negate", false);
            meta.put("disabled", false);
            meta.put("type", "custom");
            meta.put("key", "query");
            ObjectNode query = EsDsl.expr(split.compare());
            meta.put("value", query.toString());
            filter.set("query", query);
            return;
        }
        plainQuery(node, rules);
    }

    private static String comparisons(Expr compare) {
        return compare instanceof Expr.Or or
                ? or.items().stream().map(item -> ((Expr.FieldCompare) item).text()).collect(Collectors.joining(" or "))
                : ((Expr.FieldCompare) compare).text();
    }

    private static void plainQuery(ObjectNode node, List<DetectionRule> rules) {
        String language = "kuery";
        String query;
        try {
            query = or(rules.stream().map(Kql::rule).toList(), " or ");
        } catch (CompileException e) {
            language = "lucene";
            query = or(rules.stream().map(Lucene::rule).toList(), " OR ");
        }
        node.put("language", language);
        node.put("query", query);
        strings(node.putArray("index"), List.of(Targets.INDEX_PATTERN));
    }

    private static String or(List<String> queries, String separator) {
        return queries.size() == 1 ? queries.get(0) : queries.stream().map(q -> "(" + q + ")").collect(Collectors.joining(separator));
    }

    static String eqlSequence(CorrelationRule rule) {
        Correlation correlation = rule.correlation();
        StringBuilder eql = new StringBuilder("sequence by ");
        eql.append(correlation.groupBy().stream().map(Targets::ecs).collect(Collectors.joining(", ")));
        eql.append(" with maxspan=").append(correlation.timespan());
        for (DetectionRule base : correlation.rules()) {
            eql.append("\n  [any where ").append(Eql.condition(base)).append(']');
        }
        return eql.toString();
    }

    private static String kibanaSeverity(Severity severity) {
        return severity == Severity.INFORMATIONAL ? "low" : severity.label();
    }

    private static List<String> tags(RuleInfo info) {
        List<String> tags = new ArrayList<>(List.of("ForgeWatch", "Domain: Cloud", "Data Source: Microsoft 365",
                "Use Case: Threat Detection"));
        info.threatMapping().keySet().forEach(tactic -> tags.add("Tactic: " + tactic.name()));
        info.tags().stream().filter(tag -> !tag.startsWith("attack.")).forEach(tags::add);
        return tags;
    }

    private static ArrayNode threat(RuleInfo info) {
        ArrayNode threat = Json.MAPPER.createArrayNode();
        for (Map.Entry<Tactic, List<Technique>> entry : info.threatMapping().entrySet()) {
            ObjectNode item = threat.addObject();
            item.put("framework", "MITRE ATT&CK");
            ObjectNode tactic = item.putObject("tactic");
            tactic.put("id", entry.getKey().id());
            tactic.put("name", entry.getKey().name());
            tactic.put("reference", entry.getKey().reference());
            ArrayNode techniques = item.putArray("technique");
            for (Technique technique : entry.getValue()) {
                ObjectNode parent = techniqueNode(techniques, technique);
                if (technique.isSubtechnique()) {
                    ObjectNode sub = parent.withArray("subtechnique").addObject();
                    sub.put("id", technique.id());
                    sub.put("name", technique.name());
                    sub.put("reference", technique.reference());
                }
            }
        }
        return threat;
    }

    /** The parent technique's node in the list, created once per parent. */
    private static ObjectNode techniqueNode(ArrayNode techniques, Technique technique) {
        for (var existing : techniques) {
            if (existing.path("id").asText().equals(technique.parentId())) {
                return (ObjectNode) existing;
            }
        }
        ObjectNode node = techniques.addObject();
        node.put("id", technique.parentId());
        node.put("name", parentName(technique));
        node.put("reference", "https://attack.mitre.org/techniques/" + technique.parentId() + "/");
        return node;
    }

    private static String parentName(Technique technique) {
        if (!technique.isSubtechnique()) {
            return technique.name();
        }
        Technique parent = AttackCatalog.standard().technique(technique.parentId());
        if (parent == null) {
            throw new CompileException("attack.yaml lists " + technique.id() + " but not its parent " + technique.parentId());
        }
        return parent.name();
    }

    /** The investigation guide: description, triage steps, false positives. */
    static String note(Rule rule) {
        RuleInfo info = rule.info();
        StringBuilder note = new StringBuilder("## Triage and analysis\n\n### Investigating ").append(info.title()).append("\n\n");
        note.append(Text.paragraphs(info.description())).append("\n\n### Steps\n\n");
        int step = 1;
        for (String line : info.triage()) {
            note.append(step++).append(". ").append(line).append('\n');
        }
        note.append("\n### False positive analysis\n\n");
        info.falsePositives().forEach(line -> note.append("- ").append(line).append('\n'));
        note.append("\nGenerated by ForgeWatch from ").append(rule.file()).append(" (").append(rule.name())
                .append("); change the Sigma rule, not this copy.\n");
        return note.toString();
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
