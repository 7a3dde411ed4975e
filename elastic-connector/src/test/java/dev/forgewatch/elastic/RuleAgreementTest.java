package dev.forgewatch.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import dev.forgewatch.common.pipeline.EventReader;
import dev.forgewatch.common.pipeline.InputFiles;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.pipeline.RunStats;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.elastic.assets.ClusterAssets;
import dev.forgewatch.elastic.assets.ClusterProfile;
import dev.forgewatch.elastic.assets.EcsTemplates;
import dev.forgewatch.elastic.install.ClientAssetStore;
import dev.forgewatch.elastic.install.Installer;
import dev.forgewatch.elastic.rules.RuleRunner;
import dev.forgewatch.elastic.ship.BulkShipper;
import dev.forgewatch.elastic.ship.ShipOptions;
import dev.forgewatch.elastic.testing.Clusters;
import dev.forgewatch.elastic.testing.EsNode;
import dev.forgewatch.elastic.testing.EsNodeExtension;
import dev.forgewatch.elastic.testing.ExampleRules;
import dev.forgewatch.elastic.testing.RawRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agreement harness: a rule's compiled query, run on the real node the way Kibana runs it, must
 * match what the in-process evaluation matches on the same events. Until the detections module's rule
 * pack is merged it runs the stand-in rules of {@link ExampleRules} over a week of the sample tenant's
 * Exchange records; the EQL rule cannot run on the OSS 7.10 node and is pinned by the golden NDJSON.
 */
@ExtendWith(EsNodeExtension.class)
class RuleAgreementTest {
    private static final FieldCatalog CATALOG = FieldCatalog.standard();
    private static final String INDEX = "logs-forgewatch.*-agreement";
    private static final List<CanonicalEvent> EVENTS = new ArrayList<>();

    @BeforeAll
    static void indexFixtures(EsNode node, ElasticsearchClient es) throws Exception {
        Clusters.wipeForgeWatch(node);
        new Installer(new ClientAssetStore(es)).install("test", ClusterAssets.of(CATALOG, ClusterProfile.OSS_7_10, 0), false);
        List<java.nio.file.Path> week = InputFiles.expand(List.of(RawRecords.SAMPLES.resolve("management-api/Audit.Exchange")))
                .stream().filter(p -> p.getFileName().toString().compareTo("2023-05-25") < 0).toList();
        new EventReader(new InputOpener(IngestLimits.DEFAULT, LineParser.NONE), new Normalizer(CATALOG, TokenObserver.NONE),
                QuarantineSink.DISCARD, new RunStats(), ProgressListener.NONE).read(week, EVENTS::add);
        BulkShipper shipper = new BulkShipper(es, new EcsMapper(CATALOG),
                ShipOptions.DEFAULT.withNamespace("agreement"), millis -> { });
        for (CanonicalEvent event : EVENTS) {
            shipper.add(event);
        }
        shipper.flush();
        assertThat(shipper.report().failed()).isZero();
        es.indices().refresh(r -> r.index(INDEX));
    }

    @Test
    void queryRuleHitsTheSameEvents(ElasticsearchClient es) throws Exception {
        ExampleRules.Example example = ExampleRules.SYNC;
        Set<String> expected = EVENTS.stream().filter(example.condition()).map(CanonicalEvent::id)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(expected).isNotEmpty();
        assertThat(new RuleRunner(es).run(example.rule(), INDEX, null).eventIds()).isEqualTo(expected);
    }

    @Test
    void thresholdRuleFindsTheSameGroups(ElasticsearchClient es) throws Exception {
        ExampleRules.Example example = ExampleRules.MANY_MAILBOXES;
        String field = example.rule().groupBy().get(0);
        Function<CanonicalEvent, String> key = event -> event.text(CATALOG.bySigmaName("AppId").name());
        assertThat(field).isEqualTo(CATALOG.bySigmaName("AppId").ecs());
        Map<String, Long> counts = EVENTS.stream().filter(example.condition()).filter(e -> key.apply(e) != null)
                .collect(Collectors.groupingBy(key, Collectors.counting()));
        Set<String> expected = counts.entrySet().stream().filter(e -> e.getValue() >= example.rule().threshold())
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        assertThat(expected).isNotEmpty();
        assertThat(new RuleRunner(es).run(example.rule(), INDEX, null).groups()).isEqualTo(expected);
    }

    @Test
    void newTermsRuleFindsTheSameNewTerms(ElasticsearchClient es) throws Exception {
        ExampleRules.Example example = ExampleRules.NEW_APP;
        Instant windowStart = Instant.parse("2023-05-22T00:00:00Z");
        Function<CanonicalEvent, String> key = event -> event.text(CATALOG.bySigmaName("AppId").name());
        Map<String, Instant> firstSeen = EVENTS.stream().filter(example.condition()).filter(e -> key.apply(e) != null)
                .collect(Collectors.toMap(key, CanonicalEvent::timestamp, (a, b) -> a.isBefore(b) ? a : b));
        Set<String> expected = firstSeen.entrySet().stream().filter(e -> !e.getValue().isBefore(windowStart))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        // the sample's planted intruder application, first seen on 24 May
        assertThat(expected).containsExactly("078b57c5-5bd1-4f6f-901b-83a901e75f36");
        assertThat(new RuleRunner(es).run(example.rule(), INDEX, windowStart).groups()).isEqualTo(expected);
    }

    @Test
    void eqlRulesAreNotRunOnTheOssNode() {
        assertThat(ExampleRules.EQL.rule().type().runsOnTestNode()).isFalse();
        assertThat(EcsTemplates.dataStream("audit", "agreement")).matches(INDEX.replace(".", "\\.").replace("*", ".*"));
    }
}
