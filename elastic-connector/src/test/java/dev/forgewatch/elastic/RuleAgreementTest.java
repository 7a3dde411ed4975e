package dev.forgewatch.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.compile.elastic.ElasticQueries;
import dev.forgewatch.detections.compile.elastic.KibanaRules;
import dev.forgewatch.detections.condition.FieldRef;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.pack.RuleTestCase;
import dev.forgewatch.detections.pack.RuleTests;
import dev.forgewatch.detections.rule.CorrelationRule;
import dev.forgewatch.detections.rule.DetectionRule;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.elastic.rules.KibanaReplay;
import dev.forgewatch.elastic.rules.RuleSearches;
import dev.forgewatch.elastic.ship.BulkShipper;
import dev.forgewatch.elastic.ship.ShipOptions;
import dev.forgewatch.elastic.testing.Clusters;
import dev.forgewatch.elastic.testing.EsNode;
import dev.forgewatch.elastic.testing.EsNodeExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every rule of the shipped pack, on every one of its fixtures, on a real Elasticsearch node: the
 * rule's compiled query DSL, replayed on Kibana's schedule ({@link KibanaReplay}), must raise the same
 * alerts as the in-process engine raises findings. Query rules agree on the very events; new_terms
 * rules on the new combinations; correlations on the groups that fire.
 *
 * <p>Kibana runs temporal_ordered rules as EQL and unordered temporal/absence rules as ES|QL, which the
 * OSS 7.10 node lacks: for those, the DSL twin of the rule is what runs here, and the EQL/ES|QL text is
 * pinned by the detections module's golden files ({@link #kibanaOnlyLanguagesAreListed}).
 */
@ExtendWith(EsNodeExtension.class)
class RuleAgreementTest {
    private static final FieldCatalog CATALOG = FieldCatalog.standard();
    private static final String INDEX = "logs-forgewatch.*-agreement";
    private static final RulePack PACK = RulePack.standard();
    private static RuleSearches searches;

    @BeforeAll
    static void indexEveryFixture(EsNode node, ElasticsearchClient es) throws Exception {
        Clusters.installFresh(node, es);
        BulkShipper shipper = new BulkShipper(es, new EcsMapper(CATALOG), ShipOptions.DEFAULT.withNamespace("agreement"), millis -> { });
        Map<String, CanonicalEvent> unique = new HashMap<>();
        PACK.tests().forEach(testCase -> testCase.events().forEach(event -> unique.putIfAbsent(event.id(), event)));
        for (CanonicalEvent event : unique.values()) {
            shipper.add(event);
        }
        shipper.flush();
        assertThat(shipper.report().failed()).isZero();
        es.indices().refresh(r -> r.index(INDEX));
        searches = new RuleSearches(node.lowLevel(), INDEX);
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureAgreesWithTheEngine() {
        assertThat(PACK.tests()).hasSizeGreaterThan(PACK.rules().alerting().size());
        return PACK.tests().stream().map(testCase -> DynamicTest.dynamicTest(
                testCase.rule().name() + ": " + testCase.name(), () -> agree(testCase)));
    }

    private static void agree(RuleTestCase testCase) throws Exception {
        Rule rule = testCase.rule();
        String what = rule.name() + " / " + testCase.name();
        List<Finding> findings = RuleTests.run(PACK.rules(), testCase).findings();
        List<CanonicalEvent> events = new ArrayList<>(testCase.events());
        events.sort(Comparator.comparing(CanonicalEvent::timestamp));
        Instant first = events.get(0).timestamp();
        Instant enabled = KibanaReplay.enabled(rule, first);
        Instant end = events.get(events.size() - 1).timestamp().plusMillis(1);
        KibanaReplay.Replay replay = new KibanaReplay(searches).replay(rule, enabled, end,
                events.stream().map(CanonicalEvent::id).toList());
        assertThat(replay.truncated()).isFalse();
        Map<String, CanonicalEvent> byId = new HashMap<>();
        events.forEach(event -> byId.put(event.id(), event));
        List<FieldRef> groupBy = KibanaReplay.groupBy(rule);

        if (rule instanceof DetectionRule detection && detection.newTerms() == null) {
            assertThat(replay.alerts()).extracting(KibanaReplay.Alert::eventId)
                    .as(what + ": the events Elasticsearch alerts on").containsExactlyInAnyOrderElementsOf(
                            findings.stream().map(finding -> finding.eventIds().get(0)).toList());
        } else {
            List<List<String>> engineGroups = findings.stream().map(finding -> group(byId.get(finding.eventIds().get(0)), groupBy))
                    .distinct().toList();
            List<List<String>> elasticGroups = replay.alerts().stream().map(KibanaReplay.Alert::group).distinct().toList();
            assertThat(elasticGroups).as(what + ": the groups Elasticsearch alerts on").containsExactlyInAnyOrderElementsOf(engineGroups);
            if (rule instanceof DetectionRule) {
                assertThat(replay.alerts()).as(what + ": new_terms alerts").hasSameSizeAs(findings);
            }
            if (rule instanceof CorrelationRule correlation && correlation.correlation().coverage() != null) {
                // the coverage gate: a group the engine reports as a coverage gap is a gap alert (low, no mailbox) here too
                Map<List<String>, String> engineCoverage = new HashMap<>();
                findings.forEach(finding -> engineCoverage.put(group(byId.get(finding.eventIds().get(0)), groupBy),
                        finding.ruleId().equals(rule.info().id() + ":coverage-gap") ? ElasticQueries.COVERAGE_GAP : ElasticQueries.COVERAGE_PROVEN));
                Map<List<String>, String> elasticCoverage = new HashMap<>();
                replay.alerts().forEach(alert -> elasticCoverage.put(alert.group(),
                        alert.columns().getOrDefault(ElasticQueries.COVERAGE_STATUS, List.of("")).get(0)));
                assertThat(elasticCoverage).as(what + ": proven or coverage gap, per group").isEqualTo(engineCoverage);
            }
        }
        assertThat(findings).as(what + ": the fixture's expected findings").hasSize(testCase.expectedFindings());
    }

    private static List<String> group(CanonicalEvent event, List<FieldRef> fields) {
        return fields.stream().map(field -> event.text(field.canonical())).toList();
    }

    @Test
    void kibanaOnlyLanguagesAreListed() {
        List<String> kibanaOnly = PACK.rules().alerting().stream()
                .filter(rule -> List.of("eql", "esql").contains(KibanaRules.rule(rule).path("type").asText()))
                .map(Rule::name).sorted().toList();
        // every temporal_ordered rule is EQL and every temporal/absence rule ES|QL in Kibana
        assertThat(kibanaOnly).containsExactlyElementsOf(PACK.rules().alerting().stream()
                .filter(rule -> rule instanceof CorrelationRule correlation && !correlation.correlation().type().counts())
                .map(Rule::name).sorted().toList());
        assertThat(kibanaOnly).isNotEmpty();
    }
}
