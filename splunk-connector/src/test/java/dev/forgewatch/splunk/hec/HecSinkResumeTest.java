package dev.forgewatch.splunk.hec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.delivery.Checkpoint;
import dev.forgewatch.common.delivery.ShipReport;
import dev.forgewatch.common.delivery.ShipRun;
import dev.forgewatch.common.http.HttpTransport;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import dev.forgewatch.common.pipeline.InputFiles;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.common.secret.Secret;
import dev.forgewatch.common.testing.ChildJvm;
import dev.forgewatch.common.testing.EventCounts;
import dev.forgewatch.common.tls.TlsOptions;
import dev.forgewatch.splunk.app.HecFields;
import dev.forgewatch.splunk.http.SplunkHttp;
import dev.forgewatch.splunk.testing.FakeHec;
import dev.forgewatch.splunk.testing.FakeHec.Fault;
import dev.forgewatch.splunk.testing.HecShipChild;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A HEC shipper JVM killed mid-file, then run again with its checkpoint: the acknowledged file is not
 * sent again, nothing is lost, and the only copies are of the interrupted file's batch that Splunk
 * held when the shipper died (same forgewatch_event_id, so forgewatch_dedup drops them).
 */
class HecSinkResumeTest {
    private static final String TOKEN = "11111111-2222-3333-4444-555555555555";
    private static final FieldCatalog CATALOG = FieldCatalog.standard();

    @TempDir
    Path dir;

    private static List<Path> input() throws IOException {
        return InputFiles.expand(List.of(Path.of("..", "samples", "data", "management-api", "Audit.Exchange")))
                .subList(0, 2).stream().map(path -> path.toAbsolutePath().normalize()).toList();
    }

    @Test
    void aKilledShipperResumesFromItsCheckpointLosingNothingAndCopyingOnlyTheBatchInFlight() throws Exception {
        List<Path> input = input();
        long firstFile = EventCounts.in(input.get(0));
        long secondFile = EventCounts.in(input.get(1));
        int batch = HecShipChild.SETTINGS.maxBatchEvents();
        assertThat(secondFile).isGreaterThan(2L * batch);
        Path checkpoint = dir.resolve("hec.checkpoint");
        try (FakeHec hec = FakeHec.start(TOKEN, true)) {
            // every batch of the first file goes through; the second batch of the second file is held
            int heldRequest = (int) ((firstFile + batch - 1) / batch) + 2;
            Fault[] script = new Fault[heldRequest];
            Arrays.fill(script, Fault.NONE);
            script[heldRequest - 1] = Fault.HOLD_AFTER_INDEXING;
            hec.faults(script);
            List<String> arguments = new ArrayList<>(List.of(hec.url().toString(), checkpoint.toString()));
            input.forEach(file -> arguments.add(file.toString()));
            Process child = ChildJvm.start(HecShipChild.class, arguments, Map.of(HecShipChild.TOKEN_ENV, TOKEN),
                    dir.resolve("child.log"));
            try {
                assertThat(hec.awaitHeld(120)).as("the child shipper reached request %d; its log: %s", heldRequest,
                        dir.resolve("child.log")).isTrue();
            } finally {
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                hec.release();
            }
            String first = input.get(0).getFileName().toString();
            String second = input.get(1).getFileName().toString();
            assertThat(idsBySource(hec).get(first)).hasSize((int) firstFile).doesNotHaveDuplicates();

            HttpTransport http = SplunkHttp.transport(TlsOptions.VERIFY, Duration.ofSeconds(5), Duration.ofSeconds(10));
            HecShipper shipper = new HecShipper(new HecClient(http, hec.url(), Secret.of(TOKEN), "7e1d2c3b-4a5f-4e6d-8c7b-9a0b1c2d3e4f"),
                    HecShipChild.SETTINGS, duration -> { });
            ShipRun.Result resumed = new ShipRun(new InputOpener(IngestLimits.DEFAULT, LineParser.NONE),
                    new Normalizer(CATALOG, TokenObserver.NONE), QuarantineSink.DISCARD,
                    new HecSink(shipper, new HecEvents(new EcsMapper(CATALOG)), null, null), Checkpoint.open(checkpoint)).ship(input);
            ShipReport report = shipper.finish();

            assertThat(resumed.filesSkipped()).isEqualTo(1);
            assertThat(resumed.shipped().sent()).isEqualTo(secondFile);
            assertThat(report.confirmed()).isEqualTo(secondFile);
            Map<String, List<String>> ids = idsBySource(hec);
            assertThat(ids.get(first)).hasSize((int) firstFile).doesNotHaveDuplicates();
            List<String> secondIds = ids.get(second);
            assertThat(secondIds.stream().distinct().count()).isEqualTo(secondFile);
            Map<String, Long> copies = secondIds.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(copies.values().stream().filter(n -> n > 1).count()).isEqualTo(batch);
            assertThat(copies.values()).allMatch(n -> n <= 2);
        }
    }

    private static Map<String, List<String>> idsBySource(FakeHec hec) {
        return hec.indexed().stream().collect(Collectors.groupingBy(event -> event.path("source").asText(),
                Collectors.mapping(event -> event.path("fields").path(HecFields.EVENT_ID).asText(), Collectors.toList())));
    }
}
