package dev.forgewatch.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.forgewatch.common.delivery.Checkpoint;
import dev.forgewatch.common.delivery.ShipRun;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import dev.forgewatch.common.pipeline.InputFiles;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.elastic.client.ClusterTarget;
import dev.forgewatch.elastic.client.ElasticClients;
import dev.forgewatch.elastic.ship.BulkShipper;
import dev.forgewatch.elastic.ship.ShipOptions;
import dev.forgewatch.elastic.testing.Clusters;
import dev.forgewatch.elastic.testing.EsNode;
import dev.forgewatch.elastic.testing.EsNodeExtension;
import dev.forgewatch.elastic.testing.FaultInjectingProxy;
import dev.forgewatch.elastic.testing.RawRecords;
import dev.forgewatch.esnode.Es7CompatCallback;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Shipping the sample tenant's records into the real node: idempotence, checkpoints, 429 retries. */
@ExtendWith(EsNodeExtension.class)
class BulkShipperTest {
    private static final FieldCatalog CATALOG = FieldCatalog.standard();
    /** About a thousand records: the first six daily content blobs of Entra logons. */
    private static final List<Path> INPUT = firstDays(6);
    private static final ShipOptions OPTIONS = ShipOptions.DEFAULT.withBatchDocs(400);

    private final List<Long> pauses = new ArrayList<>();

    private static List<Path> firstDays(int days) {
        try {
            return InputFiles.expand(List.of(RawRecords.SAMPLES.resolve("management-api/Audit.AzureActiveDirectory")))
                    .subList(0, days);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeEach
    void installed(EsNode node, ElasticsearchClient es) throws Exception {
        Clusters.installFresh(node, es);
    }

    private ShipRun.Result ship(ElasticsearchClient es, Checkpoint checkpoint) throws Exception {
        BulkShipper shipper = new BulkShipper(es, new EcsMapper(CATALOG), OPTIONS, d -> pauses.add(d.toMillis()));
        return new ShipRun(new InputOpener(IngestLimits.DEFAULT, LineParser.NONE),
                new Normalizer(CATALOG, TokenObserver.NONE), QuarantineSink.DISCARD, shipper, checkpoint)
                .ship(INPUT);
    }


    @Test
    void shippingTwiceNeverDuplicates(EsNode node, ElasticsearchClient es) throws Exception {
        ShipRun.Result first = ship(es, Checkpoint.none());
        long events = first.read().events();
        assertThat(events).isGreaterThan(800);
        assertThat(first.shipped().confirmed()).isEqualTo(events);
        assertThat(Clusters.documents(node)).isEqualTo(events);

        ShipRun.Result second = ship(es, Checkpoint.none());
        assertThat(second.shipped().confirmed()).isZero();
        assertThat(second.shipped().alreadyPresent()).isEqualTo(events);
        assertThat(second.shipped().failed()).isZero();
        assertThat(Clusters.documents(node)).isEqualTo(events);
        // documents are found by their stable event id
        String someId = RawRecords.read(List.of(INPUT.get(0))).get(0).record().path("Id").asText();
        assertThat(Json.MAPPER.readTree(node.request("GET", "/logs-forgewatch.*/_search?q=_id:" + someId, null))
                .path("hits").path("total").path("value").asLong()).isEqualTo(1);
    }

    @Test
    void aCheckpointSkipsFinishedFiles(EsNode node, ElasticsearchClient es, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("ship.checkpoint");
        ShipRun.Result first = ship(es, Checkpoint.open(file));
        int files = INPUT.size();
        assertThat(first.filesSkipped()).isZero();
        ShipRun.Result resumed = ship(es, Checkpoint.open(file));
        assertThat(resumed.filesSkipped()).isEqualTo(files);
        assertThat(resumed.shipped().sent()).isZero();
        assertThat(Clusters.documents(node)).isEqualTo(first.read().events());
    }

    @Test
    void retries429ItemsAloneAndReportsOtherItemErrors(EsNode node) throws Exception {
        // in the first two bulk calls: every 5th item is throttled (429); item 3 of the first call fails for good (400)
        int[] calls = {0};
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(node.url(), 2,
                i -> i % 5 == 0 ? 429 : i == 3 ? 400 : 0)) {
            ElasticsearchClient viaProxy = ElasticClients.create(ClusterTarget.plain(proxy.url()), new Es7CompatCallback());
            try {
                ShipRun.Result result = ship(viaProxy, Checkpoint.none());
                long events = result.read().events();
                // the second faulty call is the retry of the first one's 429s; 429s are retried until they pass
                assertThat(proxy.injected(429)).isGreaterThan(10);
                assertThat(result.shipped().retried()).isEqualTo(proxy.injected(429));
                assertThat(result.shipped().failed()).isEqualTo(proxy.injected(400)).isEqualTo(2);
                assertThat(result.shipped().errors()).allSatisfy(error -> {
                    assertThat(error.status()).isEqualTo(400);
                    assertThat(error.type()).isEqualTo("mapper_parsing_exception");
                });
                assertThat(result.shipped().confirmed()).isEqualTo(events - 2);
                assertThat(Clusters.documents(node)).isEqualTo(events - 2);
                assertThat(pauses).containsExactly(250L, 500L);
                calls[0] = proxy.bulkCalls();
            } finally {
                viaProxy._transport().close();
            }
        }
        assertThat(calls[0]).isGreaterThan(2);
    }
}
