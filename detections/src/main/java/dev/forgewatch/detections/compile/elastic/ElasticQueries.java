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

    /** The Lucene query of a rule's events, or null when Lucene cannot express it (a two-field comparison). */
    public static String lucene(Rule rule) {
        return tryCompile(() -> join(bases(rule).stream().map(Lucene::rule).toList(), " OR "));
    }

    /** EQL: a sequence for temporal_ordered, else {@code any where} over the rule's events; null when EQL cannot say it. */
    public static String eql(Rule rule) {
        if (rule instanceof CorrelationRule correlation && correlation.correlation().type() == Correlation.Type.TEMPORAL_ORDERED) {
            return tryCompile(() -> KibanaRules.eqlSequence(correlation));
        }
        return tryCompile(() -> "any where " + join(bases(rule).stream().map(Eql::condition).toList(), " or "));
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
        if (correlation.coverage() != null) {
            return gatedAbsence(correlationRule, flags);
        }
        return "FROM " + Targets.INDEX_PATTERN
                + "\n| EVAL " + String.join(", ", flags)
                + "\n| WHERE " + java.util.stream.IntStream.range(0, rules.size()).mapToObj(i -> "fw_rule_" + i).collect(Collectors.joining(" OR "))
                + (waited ? "\n| EVAL fw_mailbox = CASE(fw_rule_0, COALESCE(" + Esql.name(MAILBOX_OWNER) + ", " + Esql.name(ACTING_USER) + "))" : "")
                + "\n| STATS " + String.join(", ", sums) + ", first_seen = MIN(`@timestamp`), last_seen = MAX(`@timestamp`)"
                + (waited ? ", " + MAILBOX_COLUMN + " = VALUES(fw_mailbox)" : "") + " BY " + groupBy
                + "\n| WHERE " + keep
                + (waited ? "\n| EVAL user.name = " + MAILBOX_COLUMN : mailboxColumn(correlationRule));
    }

    /** The ES|QL row's (and the replayed alert's) coverage verdict: {@value #COVERAGE_PROVEN} or {@value #COVERAGE_GAP}. */
    public static final String COVERAGE_STATUS = "forgewatch.coverage.status";
    /** Why coverage is not proven: {@code category}, {@code before-data} or {@code hour} (null when proven). */
    public static final String COVERAGE_REASON = "forgewatch.coverage.gap";
    /** The mailboxes a coverage-gap row was about (kept out of related.user: a gap accuses nobody). */
    public static final String COVERAGE_MAILBOXES = "forgewatch.coverage.mailboxes";
    public static final String COVERAGE_PROVEN = "proven";
    public static final String COVERAGE_GAP = "gap";
    private static final String CATEGORY = dev.forgewatch.common.mapping.FieldCatalog.standard()
            .field(dev.forgewatch.common.event.Fields.SIGNIN_CATEGORY).ecs();
    private static final String USER_TYPE = dev.forgewatch.common.mapping.FieldCatalog.standard().field("user_type").ecs();

    /**
     * An absence with a coverage gate (the provenance rule) in ES|QL, without joins (none before 8.18): every row is
     * grouped, through a multi-valued key and MV_EXPAND, under its group (the token id), under the hour buckets it
     * proves or needs (a companion's own hour; a waiting event's hours from {@code issued} to {@code issued +
     * tolerance}) and under {@code *} (first companion, companion categories); a second STATS brings each hour's and
     * {@code *}'s answer back to the groups waiting on them. Every group whose absence holds is a row: {@value
     * #COVERAGE_STATUS} {@code proven} (the accusation, naming its mailboxes in related.user and user.name) or {@code gap}
     * with the reason in {@value #COVERAGE_REASON} (related.user empty: it accuses nobody; the mailboxes in {@value
     * #COVERAGE_MAILBOXES}); the Kibana rule maps a gap to severity low ({@link KibanaRules}). The same checks as the
     * engine's, in the engine's order: the category that could issue the token was supplied (when any category is
     * known), the companion data had begun by {@code issued + tolerance}, every bucket held a companion; within the
     * run's look-back rather than the whole stream.
     */
    private static String gatedAbsence(CorrelationRule rule, List<String> flags) {
        Correlation correlation = rule.correlation();
        dev.forgewatch.detections.rule.Coverage coverage = correlation.coverage();
        List<FieldRef> groupBy = correlation.groupBy();
        // the group as one text key: the field itself, or the fields' values joined by a space (the pack's group-by fields
        // are ids and addresses, which hold none); the second STATS splits it back into its fields
        String group = groupBy.size() == 1 ? Esql.name(Targets.ecs(groupBy.get(0)))
                : "CONCAT(" + groupBy.stream().map(f -> "TO_STRING(" + Esql.name(Targets.ecs(f)) + ")").collect(Collectors.joining(", \" \", ")) + ")";
        String groupColumns = groupBy.stream().map(f -> Esql.name(Targets.ecs(f))).collect(Collectors.joining(", "));
        String issued = coverage.issued() == null ? null : Esql.name(Targets.ecs(coverage.issued()));
        long window = coverage.window().minutes();
        long tolerance = coverage.tolerance().minutes();
        String at = "`@timestamp`";
        String bucket = "TO_STRING(DATE_TRUNC(" + window + " minutes, ";
        List<String> q = new ArrayList<>();
        q.add("FROM " + Targets.INDEX_PATTERN);
        q.add("EVAL " + String.join(", ", flags));
        q.add("WHERE fw_rule_0 OR fw_rule_1");
        q.add("EVAL fw_mailbox = CASE(fw_rule_0, COALESCE(" + Esql.name(MAILBOX_OWNER) + ", " + Esql.name(ACTING_USER) + ")), fw_issued = CASE(fw_rule_0, "
                + (issued == null ? at : "COALESCE(" + issued + ", " + at + ")") + "), fw_app_only = CASE(fw_rule_0 AND " + Esql.name(USER_TYPE) + " == 5, 1, 0), fw_cat_user = CASE(fw_rule_1 AND "
                + Esql.name(CATEGORY) + " IN (" + quotedList(dev.forgewatch.detections.rule.Coverage.USER_CATEGORIES) + "), 1, 0), fw_cat_app = CASE(fw_rule_1 AND " + Esql.name(CATEGORY) + " IN ("
                + quotedList(dev.forgewatch.detections.rule.Coverage.APP_CATEGORIES) + "), 1, 0), fw_cat_any = CASE(fw_rule_1 AND " + Esql.name(CATEGORY) + " IS NOT NULL, 1, 0)");
        // keys: the group; "h:<bucket>" for each bucket a companion proves or a waiting event needs; "*" for the whole look-back
        StringBuilder needed = new StringBuilder();
        for (long offset : coverage.offsetsMinutes()) {
            needed.append("\"|h:\", ").append(bucket).append("fw_issued").append(offset == 0 ? "" : (offset > 0 ? " + " : " - ") + Math.abs(offset) + " minutes")
                    .append(")), ");
        }
        q.add("EVAL fw_key = SPLIT(CASE(fw_rule_1, CONCAT(" + group + ", \"|h:\", " + bucket + at + ")), \"|*\"), CONCAT(" + group
                + ", " + needed + "\"|*\")), \"|\")");
        q.add("MV_EXPAND fw_key");
        q.add("STATS fw_count_0 = SUM(CASE(fw_rule_0, 1, 0)), fw_count_1 = SUM(CASE(fw_rule_1, 1, 0)), fw_first = MIN(" + at + "), fw_last = MAX(" + at
                + "), fw_mailboxes = VALUES(fw_mailbox), fw_issued_at = MIN(fw_issued), fw_app = MAX(fw_app_only), fw_first_companion = MIN(CASE(fw_rule_1, "
                + at + ")), fw_user_log = MAX(fw_cat_user), fw_app_log = MAX(fw_cat_app), fw_any_log = MAX(fw_cat_any), fw_waiting = VALUES(CASE(fw_rule_0, "
                + group + ")) BY fw_key");
        q.add("EVAL fw_kind = CASE(fw_key == \"*\", 2, STARTS_WITH(fw_key, \"h:\"), 1, 0)");
        q.add("EVAL fw_group = CASE(fw_kind == 0, fw_key, fw_waiting)");
        q.add("MV_EXPAND fw_group");
        q.add("WHERE fw_group IS NOT NULL");
        if (groupBy.size() == 1) {
            q.add("EVAL " + group + " = fw_group");
        } else {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < groupBy.size(); i++) {
                String part = "MV_SLICE(fw_parts, " + i + ", " + i + ")";
                parts.add(Esql.name(Targets.ecs(groupBy.get(i))) + " = "
                        + (groupBy.get(i).type() == dev.forgewatch.common.mapping.FieldType.IP ? "TO_IP(" + part + ")" : part));
            }
            q.add("EVAL fw_parts = SPLIT(fw_group, \" \")");
            q.add("EVAL " + String.join(", ", parts));
        }
        q.add("STATS fw_count_0 = SUM(CASE(fw_kind == 0, fw_count_0, 0)), fw_count_1 = SUM(CASE(fw_kind == 0, fw_count_1, 0)),"
                + " first_seen = MIN(CASE(fw_kind == 0, fw_first)), last_seen = MAX(CASE(fw_kind == 0, fw_last)),"
                + " " + MAILBOX_COLUMN + " = VALUES(CASE(fw_kind == 0, fw_mailboxes)), fw_issued = MIN(CASE(fw_kind == 0, fw_issued_at)),"
                + " fw_app = MAX(CASE(fw_kind == 0, fw_app, 0)), fw_missing = SUM(CASE(fw_kind == 1 AND fw_count_1 == 0, 1, 0)),"
                + " fw_first_companion = MIN(CASE(fw_kind == 2, fw_first_companion)), fw_user_log = MAX(CASE(fw_kind == 2, fw_user_log, 0)),"
                + " fw_app_log = MAX(CASE(fw_kind == 2, fw_app_log, 0)), fw_any_log = MAX(CASE(fw_kind == 2, fw_any_log, 0)) BY " + groupColumns);
        q.add("WHERE fw_count_0 > 0 AND fw_count_1 == 0");
        q.add("EVAL " + COVERAGE_REASON + " = CASE(fw_any_log == 1 AND ((fw_app == 1 AND fw_app_log == 0) OR (fw_app == 0 AND fw_user_log == 0)), \"category\","
                + " fw_first_companion IS NULL OR fw_first_companion > fw_issued + " + tolerance + " minutes, \"before-data\", fw_missing > 0, \"hour\")");
        q.add("EVAL " + COVERAGE_STATUS + " = CASE(" + COVERAGE_REASON + " IS NULL, \"" + COVERAGE_PROVEN + "\", \"" + COVERAGE_GAP + "\"), "
                + COVERAGE_MAILBOXES + " = " + MAILBOX_COLUMN + (issued == null ? "" : ", " + issued + " = fw_issued"));
        q.add("EVAL " + MAILBOX_COLUMN + " = CASE(" + COVERAGE_REASON + " IS NULL, " + MAILBOX_COLUMN + "), user.name = " + MAILBOX_COLUMN);
        q.add("KEEP " + groupColumns + ", " + MAILBOX_COLUMN + ", user.name, " + (issued == null ? "" : issued + ", ") + "first_seen, last_seen, fw_count_0, " + COVERAGE_STATUS + ", "
                + COVERAGE_REASON + ", " + COVERAGE_MAILBOXES);
        return String.join("\n| ", q);
    }

    private static String quotedList(List<String> values) {
        return values.stream().map(Esql::quoted).collect(Collectors.joining(", "));
    }

    /**
     * The twin of the ES|QL gate, reading the DSL search's coverage aggregations: why the group's companion log is not
     * proven present, or null when it is. {@code issued} the group's issue time (else its first waiting event's time),
     * {@code appOnly} whether it is app-only access, {@code buckets} the epoch seconds of the window buckets that held a
     * companion, {@code firstCompanion} the first companion in the look-back (null: none), {@code categories} the
     * companion categories seen.
     */
    public static String coverageGap(dev.forgewatch.detections.rule.Coverage coverage, java.time.Instant issued, boolean appOnly,
            java.util.Set<Long> buckets, java.time.Instant firstCompanion, java.util.Set<String> categories) {
        java.time.Instant to = issued.plus(coverage.tolerance().duration());
        if (!categories.isEmpty() && (appOnly ? dev.forgewatch.detections.rule.Coverage.APP_CATEGORIES : dev.forgewatch.detections.rule.Coverage.USER_CATEGORIES).stream().noneMatch(categories::contains)) {
            return "category";
        }
        if (firstCompanion == null || firstCompanion.isAfter(to)) {
            return "before-data";
        }
        long size = coverage.window().duration().getSeconds();
        for (long offset : coverage.offsetsMinutes()) {
            if (!buckets.contains(Math.floorDiv(issued.plusSeconds(offset * 60).getEpochSecond(), size) * size)) {
                return "hour";
            }
        }
        return null;
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
        if (correlation.coverage() != null) {
            coverageAggs(request, innermost, rule);
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
                        + " and user.name (the mailboxes of the events judged)" : "")
                + (correlation.coverage() != null ? "; coverage gate (ElasticQueries.coverageGap): the group's " + COVERAGE_AGG_PREFIX
                        + "waiting issue time and app_only count against the " + COVERAGE_AGG_PREFIX + "companions buckets, first and categories;"
                        + " a gap is a low alert that names no mailbox" : ""));
    }

    /** The DSL aggregations {@link #coverageGap} reads: per group the waiting events' issue time and kind, over the look-back the companions. */
    private static void coverageAggs(ObjectNode request, ObjectNode innermost, CorrelationRule rule) {
        dev.forgewatch.detections.rule.Coverage coverage = rule.correlation().coverage();
        ObjectNode waiting = innermost.putObject(COVERAGE_AGG_PREFIX + "waiting");
        waiting.set("filter", due(EsDsl.rule(rule.correlation().rules().get(0)), Schedules.absenceDue(rule)));
        ObjectNode aggs = waiting.putObject("aggs");
        if (coverage.issued() != null) {
            aggs.putObject("issued").putObject("min").put("field", Targets.ecs(coverage.issued()));
        }
        aggs.putObject("time").putObject("min").put("field", "@timestamp");
        // every waiting event's issue time (else its own time), as epoch millis: the gate holds for each (a group keyed by
        // session and address holds several tokens), as the engine, ES|QL and SPL check it
        ObjectNode times = aggs.putObject("issued_times").putObject("terms");
        times.put("size", 1000);
        ObjectNode script = times.putObject("script");
        script.put("lang", "painless");
        if (coverage.issued() == null) {
            script.put("source", "return doc['@timestamp'].value.toInstant().toEpochMilli();");
        } else {
            script.put("source", "def t = doc.containsKey(params.issued) && doc[params.issued].size() > 0 ? doc[params.issued].value : doc['@timestamp'].value;"
                    + " return t.toInstant().toEpochMilli();");
            script.putObject("params").put("issued", Targets.ecs(coverage.issued()));
        }
        aggs.putObject("app_only").putObject("filter").putObject("term").put(USER_TYPE, 5);
        ObjectNode companions = ((ObjectNode) request.get("aggs")).putObject(COVERAGE_AGG_PREFIX + "companions");
        companions.set("filter", EsDsl.rule(rule.correlation().rules().get(1)));
        ObjectNode inner = companions.putObject("aggs");
        ObjectNode buckets = inner.putObject("buckets").putObject("date_histogram");
        buckets.put("field", "@timestamp");
        buckets.put("fixed_interval", coverage.window().minutes() + "m");
        buckets.put("min_doc_count", 1);
        inner.putObject("first").putObject("min").put("field", "@timestamp");
        inner.putObject("categories").putObject("terms").put("field", CATEGORY).put("size", 100);
    }

    /** Aggregations of {@link #searchRequest} that carry an absence's coverage proof ({@code coverage:waiting}, {@code coverage:companions}). */
    public static final String COVERAGE_AGG_PREFIX = "coverage:";

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
