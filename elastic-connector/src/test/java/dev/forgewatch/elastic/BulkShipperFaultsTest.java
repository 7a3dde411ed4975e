package dev.forgewatch.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.forgewatch.common.delivery.Checkpoint;
import dev.forgewatch.common.delivery.ShipRun;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import dev.forgewatch.common.pipeline.InputFiles;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.common.testing.ChildJvm;
import dev.forgewatch.common.testing.EventCounts;
import dev.forgewatch.elastic.client.ClusterTarget;
import dev.forgewatch.elastic.client.ElasticClients;
import dev.forgewatch.elastic.ship.BulkShipper;
import dev.forgewatch.elastic.ship.ShipOptions;
import dev.forgewatch.elastic.testing.Clusters;
import dev.forgewatch.elastic.testing.EsNode;
import dev.forgewatch.elastic.testing.EsNodeExtension;
import dev.forgewatch.elastic.testing.FaultInjectingProxy;
import dev.forgewatch.elastic.testing.FaultInjectingProxy.Whole;
import dev.forgewatch.elastic.testing.ShipChild;
import dev.forgewatch.esnode.Es7CompatCallback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-request faults between the shipper and the real node: 503/429 storms, a connection cut after
 * the node indexed a batch, a slow answer, a storm that outlasts the retries, and a shipper killed
 * mid-run. Every case ends with the exact number of documents in the node: nothing lost, nothing twice.
 */
@ExtendWith(EsNodeExtension.class)
class BulkShipperFaultsTest {
    private static final FieldCatalog CATALOG = FieldCatalog.standard();
    /** Two daily content blobs of Exchange audit records (~1,400 each); batches of 100 make many bulk calls a file. */
    private static final List<Path> INPUT = firstDays(2);
    private static final int BATCH_DOCS = 100;

    private final List<Long> pauses = new ArrayList<>();

    @TempDir
    Path dir;

    private static List<Path> firstDays(int days) {
        try {
            return InputFiles.expand(List.of(Path.of("..", "samples", "data", "management-api", "Audit.Exchange")))
                    .subList(0, days).stream().map(path -> path.toAbsolutePath().normalize()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void installed(EsNode node, ElasticsearchClient es) throws Exception {
        Clusters.installFresh(node, es);
    }

    private ShipRun.Result ship(String url, Checkpoint checkpoint) throws Exception {
        ElasticsearchClient client = ElasticClients.create(ClusterTarget.plain(url), new Es7CompatCallback());
        try {
            BulkShipper shipper = new BulkShipper(client, new EcsMapper(CATALOG), ShipOptions.DEFAULT.withBatchDocs(BATCH_DOCS),
                    d -> pauses.add(d.toMillis()));
            return new ShipRun(new InputOpener(IngestLimits.DEFAULT, LineParser.NONE),
                    new Normalizer(CATALOG, TokenObserver.NONE), QuarantineSink.DISCARD, shipper, checkpoint).ship(INPUT);
        } finally {
            client._transport().close();
        }
    }

    private ShipRun.Result shipThrough(EsNode node, IntFunction<Whole> faults, Checkpoint checkpoint) throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.wholeRequests(node.url(), faults)) {
            return ship(proxy.url(), checkpoint);
        }
    }


    @Test
    void aStormOf503sAnd429sIsRiddenOutWithEveryDocumentIndexedOnce(EsNode node) throws Exception {
        // the first five bulk calls are refused outright, alternately 503 and 429; the sixth gets through
        ShipRun.Result result = shipThrough(node, call -> call > 5 ? Whole.FORWARD : call % 2 == 1 ? Whole.ANSWER_503
                : Whole.ANSWER_429, Checkpoint.none());

        long events = result.read().events();
        assertThat(events).isGreaterThan(2L * BATCH_DOCS);
        assertThat(result.shipped().confirmed()).isEqualTo(events);
        assertThat(result.shipped().failed()).isZero();
        assertThat(result.shipped().retried()).isEqualTo(5L * BATCH_DOCS);
        assertThat(pauses).containsExactly(250L, 500L, 1000L, 2000L, 4000L);
        assertThat(Clusters.documents(node)).isEqualTo(events);
    }

    @Test
    void aConnectionCutAfterTheNodeIndexedABatchLeavesNoDuplicates(EsNode node) throws Exception {
        ShipRun.Result result = shipThrough(node, call -> call == 2 ? Whole.RESET_AFTER_FORWARDING : Whole.FORWARD,
                Checkpoint.none());

        long events = result.read().events();
        // the second batch was indexed, its answer lost, and sent again: the node says 409 for each
        assertThat(result.shipped().alreadyPresent()).isEqualTo(BATCH_DOCS);
        assertThat(result.shipped().confirmed()).isEqualTo(events - BATCH_DOCS);
        assertThat(result.shipped().failed()).isZero();
        assertThat(pauses).containsExactly(250L);
        assertThat(Clusters.documents(node)).isEqualTo(events);
    }

    @Test
    void aSlowAnswerIsWaitedForAndNotSentTwice(EsNode node) throws Exception {
        ShipRun.Result result = shipThrough(node, call -> call == 1 ? Whole.SLOW_ANSWER : Whole.FORWARD, Checkpoint.none());

        long events = result.read().events();
        assertThat(result.shipped().confirmed()).isEqualTo(events);
        assertThat(result.shipped().alreadyPresent()).isZero();
        assertThat(result.shipped().retried()).isZero();
        assertThat(pauses).isEmpty();
        assertThat(Clusters.documents(node)).isEqualTo(events);
    }

    @Test
    void aStormThatOutlastsTheRetriesFailsClearlyAndTheRerunCompletesTheFile(EsNode node) throws Exception {
        Path checkpointFile = dir.resolve("ship.checkpoint");
        assertThatThrownBy(() -> shipThrough(node, call -> Whole.ANSWER_503, Checkpoint.open(checkpointFile)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("bulk request still failing after 6 retries: ")
                .hasMessageContaining("503");
        assertThat(Clusters.documents(node)).isZero();
        assertThat(Checkpoint.open(checkpointFile).isDone(INPUT.get(0))).isFalse();

        ShipRun.Result rerun = ship(node.url(), Checkpoint.open(checkpointFile));
        assertThat(rerun.filesSkipped()).isZero();
        assertThat(rerun.shipped().confirmed()).isEqualTo(rerun.read().events());
        assertThat(Clusters.documents(node)).isEqualTo(rerun.read().events());
    }

    @Test
    void aShipperKilledWhileTheNodeIndexesResumesFromItsCheckpointWithNothingLostOrTwice(EsNode node) throws Exception {
        long firstFile = EventCounts.in(INPUT.get(0));
        long secondFile = EventCounts.in(INPUT.get(1));
        assertThat(secondFile).isGreaterThan(2L * BATCH_DOCS);
        // the second bulk call of the second file: forwarded, indexed, and the shipper killed before it hears back
        int killedAtCall = (int) ((firstFile + BATCH_DOCS - 1) / BATCH_DOCS) + 2;
        Path checkpointFile = dir.resolve("ship.checkpoint");
        try (FaultInjectingProxy proxy = FaultInjectingProxy.wholeRequests(node.url(),
                call -> call == killedAtCall ? Whole.HOLD_AFTER_FORWARDING : Whole.FORWARD)) {
            List<String> arguments = new ArrayList<>(List.of(proxy.url(), checkpointFile.toString(), Integer.toString(BATCH_DOCS)));
            INPUT.forEach(path -> arguments.add(path.toString()));
            Process child = ChildJvm.start(ShipChild.class, arguments, Map.of(), dir.resolve("child.log"));
            try {
                assertThat(proxy.awaitHeld(120)).as("the child shipper reached bulk call %d; its log: %s", killedAtCall,
                        dir.resolve("child.log")).isTrue();
            } finally {
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        long indexedBeforeKill = Clusters.documents(node);
        assertThat(indexedBeforeKill).isEqualTo(firstFile + 2L * BATCH_DOCS);

        ShipRun.Result resumed = ship(node.url(), Checkpoint.open(checkpointFile));

        assertThat(resumed.filesSkipped()).isEqualTo(1);
        assertThat(resumed.shipped().alreadyPresent()).isEqualTo(2L * BATCH_DOCS);
        assertThat(resumed.shipped().confirmed()).isEqualTo(secondFile - 2L * BATCH_DOCS);
        assertThat(resumed.shipped().failed()).isZero();
        assertThat(Clusters.documents(node)).isEqualTo(firstFile + secondFile);
    }
}
