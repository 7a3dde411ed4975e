package dev.forgewatch.detections.compile.elastic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.detections.compile.CompileException;
import dev.forgewatch.detections.compile.Schedules;
import dev.forgewatch.detections.compile.Targets;
import dev.forgewatch.detections.condition.FieldRef;
import dev.forgewatch.detections.rule.Correlation;
import dev.forgewatch.detections.rule.CorrelationRule;
import dev.forgewatch.detections.rule.DetectionRule;
import dev.forgewatch.detections.rule.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every Elastic form of a rule, for review (golden files) and for the agreement tests that run
 * them on a real Elasticsearch node: KQL, Lucene, EQL, the Kibana rule and a search request in
 * plain query DSL that Elasticsearch 7.10 executes. For stateful rules the search request's
 * aggregations compute the same groups the engine does (bucket_selector keeps the groups that
 * fire); for new_terms they give each combination's first-seen time.
 */
public final class ElasticQueries {
    private ElasticQueries() {
    }

    /** The KQL of a rule's events, or null when KQL cannot express it. */
    public static String kql(Rule rule) {
        return tryCompile(() -> join(bases(rule).stream().map(Kql::rule).toList(), " or "));
    }

    public static String lucene(Rule rule) {
        return join(bases(rule).stream().map(Lucene::rule).toList(), " OR ");
    }

    /** EQL: a sequence for temporal_ordered, else {@code any where} over the rule's events. */
    public static String eql(Rule rule) {
        if (rule instanceof CorrelationRule correlation && correlation.correlation().type() == Correlation.Type.TEMPORAL_ORDERED) {
            return KibanaRules.eqlSequence(correlation);
        }
        return "any where " + join(bases(rule).stream().map(Eql::condition).toList(), " or ");
    }

    /** ES|QL for unordered temporal and absence correlations; null for other rules. */
    public static String esql(Rule rule) {
        if (!(rule instanceof CorrelationRule correlationRule)) {
            return null;
        }
        Correlation correlation = correlationRule.correlation();
        if (correlation.type() != Correlation.Type.TEMPORAL && correlation.type() != Correlation.Type.ABSENCE) {
            return null;
        }
        List<DetectionRule> rules = correlation.rules();
        List<String> flags = new ArrayList<>();
        List<String> sums = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            String due = "";
            if (correlation.type() == Correlation.Type.ABSENCE && i == 0) {
                Schedules.AbsenceDue window = Schedules.absenceDue(correlationRule);
                due = " AND `@timestamp` >= NOW() - " + window.startMinutes() + " minutes AND `@timestamp` < NOW() - "
                        + window.endMinutes() + " minutes";
            }
            flags.add("fw_rule_" + i + " = " + Esql.condition(rules.get(i)) + due);
            sums.add("fw_count_" + i + " = SUM(CASE(fw_rule_" + i + ", 1, 0))");
        }
        String groupBy = correlation.groupBy().stream().map(f -> Esql.name(Targets.ecs(f))).collect(Collectors.joining(", "));
        String keep = correlation.type() == Correlation.Type.ABSENCE
                ? "fw_count_0 > 0 AND fw_count_1 == 0"
                : String.join(" AND ", java.util.stream.IntStream.range(0, rules.size()).mapToObj(i -> "fw_count_" + i + " > 0").toList());
        boolean waited = namesWaitingMailboxes(correlationRule);
        return "FROM " + Targets.INDEX_PATTERN
                + "\n| EVAL " + String.join(", ", flags)
                + "\n| WHERE " + java.util.stream.IntStream.range(0, rules.size()).mapToObj(i -> "fw_rule_" + i).collect(Collectors.joining(" OR "))
                + (waited ? "\n| EVAL fw_mailbox = CASE(fw_rule_0, COALESCE(" + Esql.name(MAILBOX_OWNER) + ", " + Esql.name(ACTING_USER) + "))" : "")
                + "\n| STATS " + String.join(", ", sums) + ", first_seen = MIN(`@timestamp`), last_seen = MAX(`@timestamp`)"
                + (waited ? ", " + MAILBOX_COLUMN + " = VALUES(fw_mailbox)" : "") + " BY " + groupBy
                + "\n| WHERE " + keep
                + (waited ? "\n| EVAL user.name = " + MAILBOX_COLUMN : mailboxColumn(correlationRule));
    }

    /** The alert column naming the mailbox(es) an alert is about, the one the incident rule reads ({@link IncidentRule}). */
    public static final String MAILBOX_COLUMN = "related.user";
    /**
     * The aggregation of {@link #searchRequest}'s innermost buckets that gives the values of an ES|QL column of the
     * Kibana rule ({@code column:related.user}: its {@code values} terms buckets), for the replay to write into alerts.
     */
    public static final String COLUMN_AGG_PREFIX = "column:";
    private static final String MAILBOX_OWNER = dev.forgewatch.common.mapping.FieldCatalog.standard()
            .field(dev.forgewatch.common.event.Fields.MAILBOX_OWNER_UPN).ecs();
    private static final String ACTING_USER = dev.forgewatch.common.mapping.FieldCatalog.standard()
            .field(dev.forgewatch.common.event.Fields.USER_ID).ecs();

    /**
     * Whether a correlation's alerts name the mailboxes of the events that waited: an absence not grouped by mailbox or
     * user (the provenance rule, by token id) speaks, as the engine's finding does, for the mailbox of its first rule's
     * events (the mailbox owner, else the acting user), so its ES|QL row carries them as {@value #MAILBOX_COLUMN} and
     * {@code user.name}, and its query DSL twin as the {@code column:related.user} aggregation.
     */
    public static boolean namesWaitingMailboxes(CorrelationRule rule) {
        return rule.correlation().type() == Correlation.Type.ABSENCE && rule.correlation().groupBy().stream()
                .noneMatch(f -> f.canonical().equals(dev.forgewatch.common.event.Fields.MAILBOX_OWNER_UPN)
                        || f.canonical().equals(dev.forgewatch.common.event.Fields.USER_ID));
    }

    /**
     * For a rule grouped by mailbox or user, the group's mailbox also as {@code related.user}: the alerts
     * index maps ECS fields only, and the incident rule ({@link IncidentRule}) finds an alert's mailbox there.
     */
    private static String mailboxColumn(CorrelationRule rule) {
        for (FieldRef field : rule.correlation().groupBy()) {
            if (field.canonical().equals(dev.forgewatch.common.event.Fields.MAILBOX_OWNER_UPN)) {
                return "\n| EVAL related.user = " + Esql.name(Targets.ecs(field));
            }
        }
        for (FieldRef field : rule.correlation().groupBy()) {
            if (field.canonical().equals(dev.forgewatch.common.event.Fields.USER_ID)) {
                return "\n| EVAL related.user = " + Esql.name(Targets.ecs(field));
            }
        }
        return "";
    }

    /**
     * A search in query DSL that Elasticsearch 7.10 runs: {@code index}, {@code body} ({@code query}
     * and, for stateful rules, {@code aggs}) and {@code reading}, how to read the answer.
     */
    public static ObjectNode searchRequest(Rule rule) {
        ObjectNode describe = Json.MAPPER.createObjectNode();
        describe.put("index", Targets.INDEX_PATTERN);
        ObjectNode request = describe.putObject("body");
        if (rule instanceof DetectionRule detection) {
            request.set("query", EsDsl.rule(detection));
            if (detection.newTerms() != null) {
                ObjectNode innermost = terms(request, detection.newTerms().fields());
                innermost.putObject("first_seen").putObject("min").put("field", "@timestamp");
                describe.put("reading", "each innermost bucket is a combination of " + names(detection.newTerms().fields())
                        + "; it is new when first_seen is after the start of the run and no earlier hit exists within "
                        + detection.newTerms().history() + " (run over history + run window)");
            } else {
                describe.put("reading", "every hit is a finding" + (detection.suppression() == null ? ""
                        : ", folded per " + names(detection.suppression().groupBy()) + " per " + detection.suppression().window()));
            }
        } else {
            correlation(request, describe, (CorrelationRule) rule);
        }
        return describe;
    }

    private static void correlation(ObjectNode request, ObjectNode describe, CorrelationRule rule) {
        Correlation correlation = rule.correlation();
        List<DetectionRule> rules = correlation.rules();
        ObjectNode bool = request.putObject("query").putObject("bool");
        ArrayNode should = bool.putArray("should");
        for (DetectionRule base : rules) {
            ObjectNode named = should.addObject().putObject("bool");
            named.putArray("filter").add(EsDsl.rule(base));
            named.put("_name", base.name());
        }
        bool.put("minimum_should_match", 1);
        ObjectNode innermost = terms(request, correlation.groupBy());
        String script;
        ObjectNode paths = Json.MAPPER.createObjectNode();
        switch (correlation.type()) {
            case EVENT_COUNT:
                paths.put("count", "_count");
                script = "params.count >= " + correlation.threshold();
                break;
            case VALUE_COUNT: {
                ObjectNode cardinality = innermost.putObject("distinct").putObject("cardinality");
                cardinality.put("field", Targets.ecs(correlation.field()));
                // near-exact below 1,000 distinct values, far past any rule threshold; more costs memory per bucket
                cardinality.put("precision_threshold", 1000);
                paths.put("distinct", "distinct");
                script = "params.distinct >= " + correlation.threshold();
                break;
            }
            default: {
                List<String> conditions = new ArrayList<>();
                for (int i = 0; i < rules.size(); i++) {
                    ObjectNode filter = innermost.putObject("rule_" + i);
                    ObjectNode condition = EsDsl.rule(rules.get(i));
                    filter.set("filter", correlation.type() == Correlation.Type.ABSENCE && i == 0
                            ? due(condition, Schedules.absenceDue(rule)) : condition);
                    paths.put("rule_" + i, "rule_" + i + ">_count");
                    if (correlation.type() == Correlation.Type.TEMPORAL_ORDERED) {
                        ObjectNode times = filter.putObject("aggs");
                        times.putObject("first").putObject("min").put("field", "@timestamp");
                        times.putObject("last").putObject("max").put("field", "@timestamp");
                        paths.put("rule_" + i + "_first", "rule_" + i + ">first");
                        paths.put("rule_" + i + "_last", "rule_" + i + ">last");
                        if (i > 0) {
                            conditions.add("params.rule_" + (i - 1) + "_first <= params.rule_" + i + "_last");
                        }
                    }
                    boolean wanted = correlation.type() != Correlation.Type.ABSENCE || i == 0;
                    conditions.add("params.rule_" + i + (wanted ? " > 0" : " == 0"));
                }
                script = String.join(" && ", conditions);
            }
        }
        if (namesWaitingMailboxes(rule)) {
            // the twin of the ES|QL column: the mailbox (owner, else acting user) of each event the run judges
            ObjectNode column = innermost.putObject(COLUMN_AGG_PREFIX + MAILBOX_COLUMN);
            column.set("filter", due(EsDsl.rule(rules.get(0)), Schedules.absenceDue(rule)));
            ObjectNode terms = column.putObject("aggs").putObject("values").putObject("terms");
            terms.put("size", 1000);
            ObjectNode mailbox = terms.putObject("script");
            mailbox.put("lang", "painless");
            mailbox.put("source", "def out = new ArrayList(); for (def f : params.fields) { if (doc.containsKey(f) && doc[f].size() > 0)"
                    + " { out.addAll(doc[f]); break; } } return out;");
            mailbox.putObject("params").putArray("fields").add(MAILBOX_OWNER).add(ACTING_USER);
        }
        ObjectNode selector = innermost.putObject("fires").putObject("bucket_selector");
        selector.set("buckets_path", paths);
        selector.put("script", script);
        describe.put("reading", correlation.type().sigmaName() + " per " + names(correlation.groupBy()) + " over a "
                + correlation.timespan() + " window: every innermost bucket left after the bucket_selector fires"
                + (namesWaitingMailboxes(rule) ? "; its " + COLUMN_AGG_PREFIX + MAILBOX_COLUMN + " terms are the alert's " + MAILBOX_COLUMN
                        + " and user.name (the mailboxes of the events judged)" : ""));
    }

    /** An absence rule's first condition limited to the events due in the run, in date math from {@code now}. */
    private static ObjectNode due(ObjectNode condition, Schedules.AbsenceDue window) {
        ObjectNode bool = Json.MAPPER.createObjectNode();
        ArrayNode filter = bool.putObject("bool").putArray("filter");
        filter.add(condition);
        ObjectNode range = filter.addObject().putObject("range").putObject("@timestamp");
        range.put("gte", "now-" + window.startMinutes() + "m");
        range.put("lt", "now-" + window.endMinutes() + "m");
        return bool;
    }

    /** Nested terms aggregations, one level per field; returns the innermost level's {@code aggs}. */
    private static ObjectNode terms(ObjectNode request, List<FieldRef> fields) {
        ObjectNode aggs = request.putObject("aggs");
        for (FieldRef field : fields) {
            ObjectNode level = aggs.putObject("by_" + field.canonical());
            ObjectNode terms = level.putObject("terms");
            terms.put("field", Targets.ecs(field));
            terms.put("size", 10000);
            aggs = level.putObject("aggs");
        }
        request.put("size", 0);
        return aggs;
    }

    private static List<DetectionRule> bases(Rule rule) {
        return rule instanceof CorrelationRule correlation ? correlation.correlation().rules() : List.of((DetectionRule) rule);
    }

    private static String join(List<String> queries, String separator) {
        return queries.size() == 1 ? queries.get(0) : queries.stream().map(q -> "(" + q + ")").collect(Collectors.joining(separator));
    }

    private static String names(List<FieldRef> fields) {
        return fields.stream().map(Targets::ecs).collect(Collectors.joining(", "));
    }

    private static String tryCompile(java.util.function.Supplier<String> compile) {
        try {
            return compile.get();
        } catch (CompileException e) {
            return null;
        }
    }
}
