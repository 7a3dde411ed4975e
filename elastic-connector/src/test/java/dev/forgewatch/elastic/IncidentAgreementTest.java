package dev.forgewatch.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.delivery.Checkpoint;
import dev.forgewatch.common.delivery.ShipRun;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.pipeline.InputFiles;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.detections.compile.Schedules;
import dev.forgewatch.detections.compile.Targets;
import dev.forgewatch.detections.compile.elastic.ElasticQueries;
import dev.forgewatch.detections.compile.elastic.IncidentRule;
import dev.forgewatch.detections.compile.elastic.KibanaRules;
import dev.forgewatch.detections.incident.Incident;
import dev.forgewatch.detections.incident.Verdict;
import dev.forgewatch.detections.rule.Correlation;
import dev.forgewatch.detections.rule.CorrelationRule;
import dev.forgewatch.detections.rule.DetectionRule;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleSet;
import dev.forgewatch.elastic.rules.KibanaReplay;
import dev.forgewatch.elastic.rules.RuleSearches;
import dev.forgewatch.elastic.ship.BulkShipper;
import dev.forgewatch.elastic.ship.ShipOptions;
import dev.forgewatch.elastic.testing.Clusters;
import dev.forgewatch.elastic.testing.EsNode;
import dev.forgewatch.elastic.testing.EsNodeExtension;
import dev.forgewatch.hunt.HuntRun;
import dev.forgewatch.hunt.HuntSetup;
import dev.forgewatch.hunt.Intake;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.elasticsearch.client.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: the Elastic incident rule and the offline incident model agree on the sample tenant. The
 * sample is shipped to the real node, every rule of the pack is replayed on its Kibana schedule
 * ({@link KibanaReplay}), each replayed alert is written to {@code .alerts-security.alerts-default} as
 * Kibana's alert schema has it (rule id, risk score, severity, workflow status; the source event's ECS
 * fields for query and new_terms rules; the threshold result for threshold rules; the row's columns for
 * ES|QL rules; the shared fields for EQL sequences), into an index mapped like Kibana's (only the alert
 * fields the rule reads, {@code dynamic: false}). Then the incident rule's query DSL twin runs on its
 * hourly schedule over those alerts, and the worst verdict per mailbox must equal the hunt's.
 */
@ExtendWith(EsNodeExtension.class)
class IncidentAgreementTest {
    private static final Path SAMPLE = Path.of("..", "samples", "data");
    private static final String NAMESPACE = "incidents";
    private static final String EVENTS = "logs-forgewatch.*-" + NAMESPACE;
    /** Searches per _msearch and documents per _bulk: small requests keep the test node's breaker quiet. */
    private static final int BATCH = 20;
    private static final int BULK = 500;

    @Test
    void theIncidentRuleOverReplayedAlertsGivesTheHuntsVerdicts(EsNode node, ElasticsearchClient es, @TempDir Path temp)
            throws Exception {
        HuntSetup setup = HuntSetup.standard();
        RuleSet pack = setup.rules();
        HuntRun.Result hunt = new HuntRun(setup, temp, 50_000)
                .run(InputFiles.expand(List.of(SAMPLE)), QuarantineSink.DISCARD, ProgressListener.NONE);
        Map<String, Verdict> offline = new TreeMap<>();
        for (Incident incident : hunt.incidents().incidents()) {
            offline.merge(incident.mailbox(), incident.verdict(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        assertThat(offline).as("the sample has intruded mailboxes").containsValue(Verdict.COMPROMISED);

        Clusters.installFresh(node, es);
        try {
            Intake intake = Intake.standard();
            BulkShipper shipper = new BulkShipper(es, new EcsMapper(intake.catalog()), ShipOptions.DEFAULT.withNamespace(NAMESPACE),
                    millis -> { });
            ShipRun.Result shipped = new ShipRun(intake.opener(), intake.normalizer(), QuarantineSink.DISCARD, shipper, Checkpoint.none())
                    .ship(InputFiles.expand(List.of(SAMPLE)));
            assertThat(shipped.shipped().failed()).isZero();
            node.request("POST", "/" + EVENTS + "/_refresh", null);

            JsonNode span = Json.MAPPER.readTree(node.request("POST", "/" + EVENTS + "/_search",
                    "{\"size\":0,\"aggs\":{\"first\":{\"min\":{\"field\":\"@timestamp\"}},\"last\":{\"max\":{\"field\":\"@timestamp\"}}}}"));
            Instant first = Instant.ofEpochMilli(span.path("aggregations").path("first").path("value").asLong());
            Instant end = Instant.ofEpochMilli(span.path("aggregations").path("last").path("value").asLong() + 1);

            IncidentRule incidentRule = new IncidentRule(pack, setup.policy());
            createAlertsIndex(node);
            List<ObjectNode> alerts = replayAlerts(node, pack, first, end);
            assertThat(alerts).isNotEmpty();
            coverageAgrees(node, pack, hunt, alerts);
            index(node, alerts);

            Map<String, Verdict> elastic = replayIncidentRule(node, incidentRule, alerts, first);
            // the quiet intrusion, which only token provenance gives away: its Kibana alerts (keyed by UniqueTokenId)
            // name the mailbox in related.user, so the incident rule reaches the hunt's verdict there too
            String quiet = Json.YAML.readTree(SAMPLE.resolve("EXPECTED.yaml").toFile()).at("/quietIntrusion/mailbox").asText();
            assertThat(offline.get(quiet)).isEqualTo(Verdict.COMPROMISED);
            assertThat(elastic).as("worst verdict per mailbox: the incident rule over Kibana alerts vs the hunt").isEqualTo(offline);
        } finally {
            node.request("DELETE", "/" + EVENTS + "," + IncidentRule.ALERTS_INDEX + "?ignore_unavailable=true", null);
        }
    }

    /**
     * The provenance rule's coverage gate on the sample (its missing sign-in export hour, its tokens issued before the
     * sign-in data begins): per group (token id; session and address), the first alert is proven or a gap as the hunt's
     * first finding for it says, and gaps exist.
     */
    private static void coverageAgrees(EsNode node, RuleSet pack, HuntRun.Result hunt, List<ObjectNode> alerts) throws IOException {
        for (Rule rule : pack.alerting()) {
            if (!(rule instanceof CorrelationRule correlation) || correlation.correlation().coverage() == null) {
                continue;
            }
            // the group: every group-by field's value (the token id; the session and the address)
            List<dev.forgewatch.detections.condition.FieldRef> groupBy = correlation.correlation().groupBy();
            Map<String, String> offline = new TreeMap<>();
            Map<String, dev.forgewatch.detections.Finding> firstFinding = new TreeMap<>();
            hunt.findings().stream().filter(f -> f.ruleId().equals(rule.info().id()) || f.ruleId().equals(rule.info().id() + ":coverage-gap"))
                    .sorted(java.util.Comparator.comparing(dev.forgewatch.detections.Finding::timestamp))
                    .forEach(f -> {
                        String key = String.join(" ", groupBy.stream().map(field -> String.valueOf(f.evidence().get(field.canonical()))).toList());
                        offline.putIfAbsent(key, f.ruleId().equals(rule.info().id()) ? ElasticQueries.COVERAGE_PROVEN : ElasticQueries.COVERAGE_GAP);
                        firstFinding.putIfAbsent(key, f);
                    });
            Map<String, String> elastic = new TreeMap<>();
            alerts.stream().filter(a -> a.path("kibana.alert.rule.rule_id").asText().equals(rule.info().id()))
                    .forEach(a -> elastic.putIfAbsent(String.join(" ", groupBy.stream().map(field -> a.path(Targets.ecs(field)).asText()).toList()),
                            a.path(ElasticQueries.COVERAGE_STATUS).path(0).asText()));
            // a run judges the events due in its interval against its whole look-back, up to one interval past the timespan
            // on either side: a group the hunt reports as a gap (accusing nobody) may raise nothing in Kibana, only where
            // such a run saw a companion of the group that the hunt's timespan left out; never an accusation
            for (String key : new java.util.TreeSet<>(offline.keySet())) {
                if (!elastic.containsKey(key) && offline.get(key).equals(ElasticQueries.COVERAGE_GAP)) {
                    assertThat(companionsInRunSlack(node, correlation, groupBy, firstFinding.get(key)))
                            .as(rule.name() + ": hunt gap " + key + " without a Kibana alert has a companion within the runs' slack").isPositive();
                    offline.remove(key);
                }
            }
            assertThat(elastic).as(rule.name() + ": proven or coverage gap per group (" + groupBy.stream().map(Targets::ecs).toList()
                    + "), Kibana replay vs hunt").isEqualTo(offline);
            assertThat(elastic).as("the sample's export gap gives coverage-gap alerts").containsValue(ElasticQueries.COVERAGE_GAP);
        }
    }

    /**
     * Companion events of a finding's group (the absence's second rule, same group-by values) more than the timespan but
     * within the timespan plus one run interval from the finding's events: what a Kibana run's look-back holds and the
     * hunt's timespan does not.
     */
    private static long companionsInRunSlack(EsNode node, CorrelationRule rule, List<dev.forgewatch.detections.condition.FieldRef> groupBy,
            dev.forgewatch.detections.Finding finding) throws IOException {
        Duration timespan = rule.correlation().timespan().duration();
        Duration slack = timespan.plus(Duration.ofMinutes(Schedules.of(rule).intervalMinutes()));
        ObjectNode times = Json.MAPPER.createObjectNode();
        times.put("size", 0);
        times.putObject("query").putObject("ids").set("values", Json.MAPPER.valueToTree(finding.eventIds()));
        times.putObject("aggs").putObject("first").putObject("min").put("field", "@timestamp");
        ((ObjectNode) times.get("aggs")).putObject("last").putObject("max").put("field", "@timestamp");
        JsonNode span = Json.MAPPER.readTree(node.request("POST", "/" + EVENTS + "/_search", times.toString())).path("aggregations");
        Instant first = Instant.ofEpochMilli(span.path("first").path("value").asLong());
        Instant last = Instant.ofEpochMilli(span.path("last").path("value").asLong());
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("size", 0);
        body.put("track_total_hits", true);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.add(dev.forgewatch.detections.compile.elastic.EsDsl.rule(rule.correlation().rules().get(1)));
        for (dev.forgewatch.detections.condition.FieldRef field : groupBy) {
            filter.addObject().putObject("term").put(Targets.ecs(field), String.valueOf(finding.evidence().get(field.canonical())));
        }
        ObjectNode range = filter.addObject().putObject("range").putObject("@timestamp");
        range.put("gte", first.minus(slack).toString());
        range.put("lte", last.plus(slack).toString());
        ArrayNode not = ((ObjectNode) body.path("query").path("bool")).putArray("must_not");
        ObjectNode within = not.addObject().putObject("range").putObject("@timestamp");
        within.put("gte", first.minus(timespan).toString());
        within.put("lte", first.plus(timespan).toString());
        return Json.MAPPER.readTree(node.request("POST", "/" + EVENTS + "/_search", body.toString())).path("hits").path("total").path("value").asLong();
    }

    /** The alerts index as Kibana maps what the incident rule reads (KibanaAssetsTest's list); nothing else is searchable. */
    private static void createAlertsIndex(EsNode node) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("settings").put("number_of_replicas", 0);
        ObjectNode mappings = body.putObject("mappings");
        mappings.put("dynamic", false);
        ObjectNode properties = mappings.putObject("properties");
        KibanaAssetsTest.ALERT_FIELD_TYPES.forEach((field, type) -> properties.putObject(field).put("type", type));
        node.request("PUT", "/" + IncidentRule.ALERTS_INDEX, body.toString());
    }

    /** Every rule replayed on its schedule over the sample, each alert as Kibana writes it. */
    private static List<ObjectNode> replayAlerts(EsNode node, RuleSet pack, Instant first, Instant end) throws IOException {
        KibanaReplay replay = new KibanaReplay(new RuleSearches(node.lowLevel(), EVENTS));
        List<ObjectNode> alerts = new ArrayList<>();
        for (Rule rule : pack.alerting()) {
            KibanaReplay.Replay result = replay.replay(rule, KibanaReplay.enabled(rule, first), end, null);
            assertThat(result.truncated()).as(rule.name()).isFalse();
            ObjectNode kibana = KibanaRules.rule(rule);
            List<String> groupFields = KibanaReplay.groupBy(rule).stream().map(Targets::ecs).toList();
            Map<String, JsonNode> sources = rule instanceof DetectionRule detection && detection.newTerms() == null
                    ? sources(node, result.alerts().stream().map(KibanaReplay.Alert::eventId).toList()) : Map.of();
            for (KibanaReplay.Alert alert : result.alerts()) {
                ObjectNode doc = Json.MAPPER.createObjectNode();
                doc.put("@timestamp", alert.runEnd().toString());
                doc.put("kibana.alert.rule.rule_id", kibana.path("rule_id").asText());
                doc.put("kibana.alert.rule.name", kibana.path("name").asText());
                doc.set("kibana.alert.rule.tags", kibana.path("tags"));
                doc.put("kibana.alert.risk_score", kibana.path("risk_score").asInt());
                doc.put("kibana.alert.severity", kibana.path("severity").asText());
                doc.put("kibana.alert.workflow_status", "open");
                if (rule instanceof DetectionRule detection) {
                    // query and new_terms alerts copy their source event's ECS fields
                    JsonNode source = detection.newTerms() == null ? sources.get(alert.eventId())
                            : firstEventOfNewTerms(node, detection, groupFields, alert);
                    copyUsers(source, doc);
                } else {
                    correlationFields((CorrelationRule) rule, groupFields, alert, doc);
                }
                // the rule's severity_mapping over the alert's fields (an absence's coverage gap is low)
                for (JsonNode mapping : kibana.path("severity_mapping")) {
                    JsonNode value = doc.path(mapping.path("field").asText());
                    if (value.isArray() && value.toString().contains("\"" + mapping.path("value").asText() + "\"")) {
                        doc.put("kibana.alert.severity", mapping.path("severity").asText());
                    }
                }
                alerts.add(doc);
            }
        }
        return alerts;
    }

    private static void copyUsers(JsonNode source, ObjectNode doc) {
        if (source == null) {
            return;
        }
        JsonNode user = source.path("user").path("name");
        if (user.isTextual()) {
            doc.put("user.name", user.asText());
        }
        JsonNode related = source.path("related").path("user");
        if (!related.isMissingNode()) {
            doc.set("related.user", related);
        }
    }

    /** What a correlation's alert holds: the threshold result, the ES|QL row's columns, or an EQL sequence's shared fields. */
    private static void correlationFields(CorrelationRule rule, List<String> fields, KibanaReplay.Alert alert, ObjectNode doc) {
        List<String> group = alert.group();
        Correlation.Type type = rule.correlation().type();
        if (type == Correlation.Type.EVENT_COUNT || type == Correlation.Type.VALUE_COUNT) {
            ArrayNode terms = doc.putArray("kibana.alert.threshold_result.terms");
            for (int i = 0; i < fields.size(); i++) {
                terms.addObject().put("field", fields.get(i)).put("value", group.get(i));
            }
            return;
        }
        for (int i = 0; i < fields.size(); i++) {
            doc.put(fields.get(i), group.get(i));
        }
        if (type != Correlation.Type.TEMPORAL_ORDERED) {
            // the ES|QL rule's own related.user column (ElasticQueries.esql), when grouped by mailbox or user
            String esql = ElasticQueries.esql(rule);
            int at = esql.indexOf("| EVAL related.user = ");
            if (at >= 0 && !ElasticQueries.namesWaitingMailboxes(rule)) {
                String column = esql.substring(at + "| EVAL related.user = ".length()).strip();
                doc.put("related.user", group.get(fields.indexOf(column)));
            }
            // the columns the row computes (an absence's mailboxes: related.user, and user.name as the same values)
            alert.columns().forEach((column, values) -> {
                ArrayNode array = doc.putArray(column);
                values.forEach(array::add);
            });
            if (ElasticQueries.namesWaitingMailboxes(rule)) {
                assertThat(esql).contains(ElasticQueries.MAILBOX_COLUMN + " = VALUES(").contains("user.name = " + ElasticQueries.MAILBOX_COLUMN);
                boolean gap = alert.columns().getOrDefault(ElasticQueries.COVERAGE_STATUS, List.of()).contains(ElasticQueries.COVERAGE_GAP);
                assertThat(alert.columns()).as(rule.name() + ": an absence alert names the mailboxes it judged, a coverage gap none")
                        .containsKey(gap ? ElasticQueries.COVERAGE_MAILBOXES : ElasticQueries.MAILBOX_COLUMN)
                        .doesNotContainKey(gap ? ElasticQueries.MAILBOX_COLUMN : ElasticQueries.COVERAGE_MAILBOXES);
                if (!gap) {
                    doc.set("user.name", doc.get(ElasticQueries.MAILBOX_COLUMN));
                }
            }
        }
    }

    /** The source events of query-rule alerts, by id: their user fields. */
    private static Map<String, JsonNode> sources(EsNode node, List<String> ids) throws IOException {
        Map<String, JsonNode> out = new HashMap<>();
        for (int start = 0; start < ids.size(); start += BULK) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("size", BULK);
            body.putArray("_source").add("user.name").add("related.user");
            ArrayNode values = body.putObject("query").putObject("ids").putArray("values");
            ids.subList(start, Math.min(ids.size(), start + BULK)).forEach(values::add);
            for (JsonNode hit : Json.MAPPER.readTree(node.request("POST", "/" + EVENTS + "/_search", body.toString())).path("hits").path("hits")) {
                out.put(hit.path("_id").asText(), hit.path("_source"));
            }
        }
        return out;
    }

    /** A new_terms alert's source: the first event of the new combination in the run's interval. */
    private static JsonNode firstEventOfNewTerms(EsNode node, DetectionRule rule, List<String> fields, KibanaReplay.Alert alert)
            throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("size", 1);
        body.putArray("_source").add("user.name").add("related.user");
        body.putArray("sort").addObject().put("@timestamp", "asc");
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.add(((ObjectNode) ElasticQueries.searchRequest(rule).path("body")).path("query"));
        for (int i = 0; i < fields.size(); i++) {
            filter.addObject().putObject("term").put(fields.get(i), alert.group().get(i));
        }
        Duration interval = Duration.ofMinutes(Schedules.of(rule).intervalMinutes());
        ObjectNode range = filter.addObject().putObject("range").putObject("@timestamp");
        range.put("gte", alert.runEnd().minus(interval).minus(Duration.ofMinutes(1)).toString());
        range.put("lt", alert.runEnd().toString());
        JsonNode hits = Json.MAPPER.readTree(node.request("POST", "/" + EVENTS + "/_search", body.toString())).path("hits").path("hits");
        return hits.isEmpty() ? null : hits.get(0).path("_source");
    }

    private static void index(EsNode node, List<ObjectNode> alerts) throws IOException {
        for (int start = 0; start < alerts.size(); start += BULK) {
            StringBuilder ndjson = new StringBuilder();
            for (ObjectNode alert : alerts.subList(start, Math.min(alerts.size(), start + BULK))) {
                ndjson.append("{\"index\":{}}\n").append(alert).append('\n');
            }
            Request request = new Request("POST", "/" + IncidentRule.ALERTS_INDEX + "/_bulk?refresh=true");
            request.setEntity(new StringEntity(ndjson.toString(), ContentType.create("application/x-ndjson", StandardCharsets.UTF_8)));
            JsonNode answer = Json.MAPPER.readTree(node.lowLevel().performRequest(request).getEntity().getContent());
            assertThat(answer.path("errors").asBoolean()).as(answer.toString()).isFalse();
        }
    }

    /**
     * The incident rule on its schedule (hourly from when the data starts, looking back its window plus an
     * hour): the runs whose hour holds an alert, each through the DSL twin; the worst verdict per mailbox.
     */
    private static Map<String, Verdict> replayIncidentRule(EsNode node, IncidentRule rule, List<ObjectNode> alerts, Instant enabled)
            throws IOException {
        Duration interval = Duration.ofMinutes(Long.parseLong(IncidentRule.INTERVAL_MINUTES));
        Duration lookBack = rule.policy().window().duration().plus(interval);
        Set<Instant> runEnds = new TreeSet<>();
        for (ObjectNode alert : alerts) {
            Instant time = Instant.parse(alert.path("@timestamp").asText());
            long runs = Duration.between(enabled, time).toMillis() / interval.toMillis() + 1;
            runEnds.add(enabled.plus(interval.multipliedBy(runs)));
        }
        List<Instant> ends = new ArrayList<>(runEnds);
        Map<String, Verdict> worst = new TreeMap<>();
        for (int start = 0; start < ends.size(); start += BATCH) {
            List<Instant> batch = ends.subList(start, Math.min(ends.size(), start + BATCH));
            StringBuilder ndjson = new StringBuilder();
            for (Instant end : batch) {
                ndjson.append("{\"index\":\"").append(IncidentRule.ALERTS_INDEX).append("\"}\n")
                        .append(rule.searchRequest(end.minus(lookBack).toString(), end.toString())).append('\n');
            }
            Request request = new Request("POST", "/_msearch");
            request.setEntity(new StringEntity(ndjson.toString(), ContentType.create("application/x-ndjson", StandardCharsets.UTF_8)));
            JsonNode responses = Json.MAPPER.readTree(node.lowLevel().performRequest(request).getEntity().getContent()).path("responses");
            for (JsonNode response : responses) {
                assertThat(response.has("error")).as(response.toString()).isFalse();
                for (JsonNode mailbox : response.path("aggregations").path("by_mailbox").path("buckets")) {
                    Map<String, Integer> risk = new HashMap<>();
                    Set<String> critical = new TreeSet<>();
                    for (JsonNode byRule : mailbox.path("by_rule").path("buckets")) {
                        risk.put(byRule.path("key").asText(), (int) byRule.path("risk").path("value").asDouble());
                        if (byRule.path("critical").path("doc_count").asLong() > 0) {
                            critical.add(byRule.path("key").asText());
                        }
                    }
                    Verdict verdict = rule.verdict(risk, critical);
                    if (verdict != null) {
                        worst.merge(mailbox.path("key").asText(), verdict, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                    }
                }
            }
        }
        return worst;
    }
}
