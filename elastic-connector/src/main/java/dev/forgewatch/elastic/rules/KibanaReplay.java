package dev.forgewatch.elastic.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.detections.compile.Schedules;
import dev.forgewatch.detections.compile.Targets;
import dev.forgewatch.detections.compile.elastic.ElasticQueries;
import dev.forgewatch.detections.condition.FieldRef;
import dev.forgewatch.detections.rule.Correlation;
import dev.forgewatch.detections.rule.CorrelationRule;
import dev.forgewatch.detections.rule.DetectionRule;
import dev.forgewatch.detections.rule.NewTerms;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.Suppression;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a compiled rule on a cluster as Kibana's detection engine would have run it on its
 * schedule ({@link Schedules}) from the moment it was enabled until {@code end}, using only the
 * query DSL form of the rule, which Elasticsearch 7.10 runs too:
 * <ul>
 * <li>query rules: every matching event is an alert (overlapping runs de-duplicate by event id), folded
 *     per group for the rule's alert suppression, an alert opening a suppression window of its duration;</li>
 * <li>new_terms: each run looks at its interval, and a combination of the terms is new when its first
 *     appearance in the history window reaching back from the run is inside that interval;</li>
 * <li>correlations (threshold, cardinality, and the EQL/ES|QL rules' DSL twins): each run looks back
 *     the timespan; a group is alerted by the first run whose buckets it survives. Absence runs judge
 *     the events that became due in their interval, one timespan after them.</li>
 * </ul>
 * Only runs whose interval holds at least one of the rule's events are searched: with nothing new, a
 * run of a counting or sequence rule cannot raise a group the run before did not.
 */
public final class KibanaReplay {
    private final RuleSearches searches;

    public KibanaReplay(RuleSearches searches) {
        this.searches = searches;
    }

    /**
     * One alert: the end of the run that raised it, the group's values (suppression fields, new terms or
     * correlation group, in the rule's order; empty for an unsuppressed query rule), for query rules the
     * alerted event, and the values of the Kibana rule's extra columns (an absence's related.user).
     */
    public record Alert(Instant runEnd, List<String> group, String eventId, Map<String, List<String>> columns) {
        public Alert {
            group = List.copyOf(group);
            columns = Map.copyOf(columns);
        }

        public Alert(Instant runEnd, List<String> group, String eventId) {
            this(runEnd, group, eventId, Map.of());
        }
    }

    /** The alerts, and whether a search hit its size limit (the count is then a lower bound). */
    public record Replay(List<Alert> alerts, boolean truncated) {
        public Replay {
            alerts = List.copyOf(alerts);
        }
    }

    /**
     * @param enabled when the rule was switched on: its first run looks at the interval ending one interval later
     * @param ids     restrict every search to these event ids (a test fixture's events), or null for all
     */
    public Replay replay(Rule rule, Instant enabled, Instant end, List<String> ids) throws IOException {
        ObjectNode body = (ObjectNode) ElasticQueries.searchRequest(rule).get("body");
        if (rule instanceof DetectionRule detection && detection.newTerms() == null) {
            return queryRule(detection, body, enabled, end, ids);
        }
        Schedules schedule = Schedules.of(rule);
        Duration interval = Duration.ofMinutes(schedule.intervalMinutes());
        // an absence run judges the events one timespan older than its interval (Schedules.absenceDue)
        Duration judgedAfter = rule instanceof CorrelationRule correlation && correlation.correlation().type() == Correlation.Type.ABSENCE
                ? Duration.ofMinutes(Schedules.absenceDue(correlation).endMinutes()) : Duration.ZERO;
        List<Instant> runEnds = activeRuns(body, interval, enabled, end, ids).stream().map(runEnd -> runEnd.plus(judgedAfter)).toList();
        List<RuleSearches.Window> windows = new ArrayList<>();
        NewTerms newTerms = rule instanceof DetectionRule detection ? detection.newTerms() : null;
        Duration lookBack = newTerms != null ? newTerms.history().duration() : Duration.ofMinutes(schedule.lookbackMinutes());
        for (Instant runEnd : runEnds) {
            windows.add(new RuleSearches.Window(body, runEnd.minus(lookBack), runEnd, ids, List.of()));
        }
        List<RuleSearches.Answer> answers = searches.run(windows);
        Map<List<String>, Alert> alerts = new LinkedHashMap<>();
        for (int i = 0; i < runEnds.size(); i++) {
            Instant runEnd = runEnds.get(i);
            Instant runStart = max(runEnd.minus(interval), enabled);
            for (RuleSearches.Group group : answers.get(i).groups()) {
                boolean raised = newTerms == null || !group.firstSeen().isBefore(runStart);
                if (raised && (newTerms != null || !alerts.containsKey(group.keys()))) {
                    Map<String, List<String>> columns = rule instanceof CorrelationRule correlation && correlation.correlation().coverage() != null
                            ? gated(correlation, group, answers.get(i)) : group.columns();
                    alerts.put(newTerms == null ? group.keys() : withTime(group.keys(), runEnd), new Alert(runEnd, group.keys(), null, columns));
                }
            }
        }
        return new Replay(new ArrayList<>(alerts.values()), false);
    }

    /**
     * An absence's coverage gate, as its ES|QL rule applies it ({@link ElasticQueries#coverageGap} over the DSL twin's
     * coverage aggregations): proven, the row names its mailboxes; a gap, the row names none (they move to
     * {@value ElasticQueries#COVERAGE_MAILBOXES}) and says why.
     */
    private static Map<String, List<String>> gated(CorrelationRule rule, RuleSearches.Group group, RuleSearches.Answer answer) {
        com.fasterxml.jackson.databind.JsonNode waiting = group.coverage().get("waiting");
        com.fasterxml.jackson.databind.JsonNode companions = answer.coverage().get("companions");
        // every waiting event's issue time, earliest first: the gate's checks in the engine's order (category, data begun
        // by the earliest, each one's hours)
        java.util.TreeSet<Instant> issuedTimes = new java.util.TreeSet<>();
        waiting.path("issued_times").path("buckets").forEach(b -> issuedTimes.add(Instant.ofEpochMilli(b.path("key").asLong())));
        if (issuedTimes.isEmpty()) {
            com.fasterxml.jackson.databind.JsonNode issuedAt = waiting.path("issued").path("value");
            issuedTimes.add(Instant.ofEpochMilli((issuedAt.isNumber() ? issuedAt : waiting.path("time").path("value")).asLong()));
        }
        java.util.Set<Long> buckets = new java.util.HashSet<>();
        companions.path("buckets").path("buckets").forEach(b -> buckets.add(Math.floorDiv(b.path("key").asLong(), 1000L)));
        com.fasterxml.jackson.databind.JsonNode first = companions.path("first").path("value");
        java.util.Set<String> categories = new java.util.TreeSet<>();
        companions.path("categories").path("buckets").forEach(b -> categories.add(b.path("key").asText()));
        String gap = null;
        for (Instant issued : issuedTimes) {
            gap = ElasticQueries.coverageGap(rule.correlation().coverage(), issued, waiting.path("app_only").path("doc_count").asLong() > 0,
                    buckets, first.isNumber() ? Instant.ofEpochMilli(first.asLong()) : null, categories);
            if (gap != null) {
                break;
            }
        }
        Map<String, List<String>> columns = new LinkedHashMap<>(group.columns());
        columns.put(ElasticQueries.COVERAGE_STATUS, List.of(gap == null ? ElasticQueries.COVERAGE_PROVEN : ElasticQueries.COVERAGE_GAP));
        if (gap != null) {
            columns.put(ElasticQueries.COVERAGE_REASON, List.of(gap));
            List<String> mailboxes = columns.remove(ElasticQueries.MAILBOX_COLUMN);
            columns.put(ElasticQueries.COVERAGE_MAILBOXES, mailboxes == null ? List.of() : mailboxes);
        }
        return columns;
    }

    private Replay queryRule(DetectionRule rule, ObjectNode body, Instant enabled, Instant end, List<String> ids) throws IOException {
        Suppression suppression = rule.suppression();
        List<String> fields = groupBy(rule).stream().map(Targets::ecs).toList();
        RuleSearches.Answer answer = searches.run(new RuleSearches.Window(body, enabled, end, ids, fields));
        List<Alert> alerts = new ArrayList<>();
        Map<List<String>, Instant> opened = new LinkedHashMap<>();
        for (RuleSearches.Hit hit : answer.hits()) {
            List<String> group = fields.stream().map(field -> hit.fields().getOrDefault(field, "")).toList();
            if (suppression != null) {
                Instant open = opened.get(group);
                if (open != null && hit.timestamp().isBefore(open.plus(suppression.window().duration()))) {
                    continue;
                }
                opened.put(group, hit.timestamp());
            }
            alerts.add(new Alert(hit.timestamp(), group, hit.id()));
        }
        return new Replay(alerts, answer.truncated());
    }

    /** Ends of the runs whose interval holds one of the rule's events, on the schedule that starts at {@code enabled}. */
    private List<Instant> activeRuns(ObjectNode body, Duration interval, Instant enabled, Instant end, List<String> ids)
            throws IOException {
        ObjectNode histogram = Json.MAPPER.createObjectNode();
        histogram.set("query", body.get("query"));
        histogram.put("size", 0);
        ObjectNode dates = histogram.putObject("aggs").putObject("by_interval").putObject("date_histogram");
        dates.put("field", "@timestamp");
        dates.put("fixed_interval", interval.toMinutes() + "m");
        dates.put("offset", Math.floorMod(enabled.toEpochMilli(), interval.toMillis()) + "ms");
        dates.put("min_doc_count", 1);
        dates.put("format", "strict_date_optional_time");
        List<Instant> ends = new ArrayList<>();
        for (RuleSearches.Group bucket : searches.run(new RuleSearches.Window(histogram, enabled, end, ids, List.of())).groups()) {
            ends.add(Instant.parse(bucket.keys().get(0)).plus(interval));
        }
        return ends;
    }

    private static List<String> withTime(List<String> keys, Instant time) {
        List<String> keyed = new ArrayList<>(keys);
        keyed.add(time.toString());
        return keyed;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * When a rule replayed over data starting at {@code dataStart} is switched on: at once, except a
     * first-seen rule, which learns for its baseline first, as the engine does.
     */
    public static Instant enabled(Rule rule, Instant dataStart) {
        return rule instanceof DetectionRule detection && detection.newTerms() != null
                ? dataStart.plus(detection.newTerms().baseline().duration()) : dataStart;
    }

    /** The fields a rule's alerts are grouped by, in {@link Alert#group()} order. */
    public static List<FieldRef> groupBy(Rule rule) {
        if (rule instanceof CorrelationRule correlation) {
            return correlation.correlation().groupBy();
        }
        DetectionRule detection = (DetectionRule) rule;
        return detection.newTerms() != null ? detection.newTerms().fields()
                : detection.suppression() != null ? detection.suppression().groupBy() : List.of();
    }
}
