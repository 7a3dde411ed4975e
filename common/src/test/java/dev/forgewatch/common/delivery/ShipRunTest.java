package dev.forgewatch.common.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.common.testing.TestRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one delivery loop against a sink that confirms, refuses or cannot say, as a SIEM would. */
class ShipRunTest {
    @TempDir
    Path dir;

    /** Confirms every event except the refused ids, when asked; records what it was given. */
    private static final class RecordingSink implements ShipSink {
        final Set<String> refuse;
        final boolean wantsRecords;
        final List<JsonNode> records = new ArrayList<>();
        final List<String> files = new ArrayList<>();
        long sent;
        long confirmed;
        long failed;
        long queued;

        RecordingSink(Set<String> refuse, boolean wantsRecords) {
            this.refuse = refuse;
            this.wantsRecords = wantsRecords;
        }

        @Override
        public boolean wantsRecords() {
            return wantsRecords;
        }

        @Override
        public void send(CanonicalEvent event, JsonNode record, Path file) {
            sent++;
            records.add(record);
            files.add(file.getFileName().toString());
            if (refuse.contains(event.id())) {
                failed++;
            } else {
                queued++;
            }
        }

        @Override
        public void confirm() {
            confirmed += queued;
            queued = 0;
        }

        @Override
        public ShipReport report() {
            return new ShipReport(sent, confirmed, 0, failed, 0, sent, 0, 0, true, List.of());
        }
    }

    private ShipRun run(ShipSink sink, Checkpoint checkpoint) {
        return new ShipRun(new InputOpener(IngestLimits.DEFAULT, LineParser.NONE),
                new Normalizer(FieldCatalog.standard(), TokenObserver.NONE), QuarantineSink.DISCARD, sink, checkpoint);
    }

    private Path file(String name, JsonNode record) throws Exception {
        return Files.writeString(dir.resolve(name), record + "\n");
    }

    @Test
    void aFileIsRecordedOnlyWhenEveryEventOfItWasConfirmed() throws Exception {
        JsonNode good = TestRecords.json("mailitemsaccessed-bind.json");
        JsonNode refused = good.deepCopy();
        ((ObjectNode) refused).put("Id", "refused-by-the-siem");
        List<Path> files = List.of(file("a.ndjson", good), file("b.ndjson", refused));
        Path checkpointFile = dir.resolve("ship.checkpoint");

        ShipRun.Result first = run(new RecordingSink(Set.of("refused-by-the-siem"), false), Checkpoint.open(checkpointFile))
                .ship(files);

        assertThat(first.filesSkipped()).isZero();
        assertThat(first.filesUnrecorded()).isEqualTo(1);
        assertThat(first.shipped().allConfirmed()).isFalse();
        Checkpoint checkpoint = Checkpoint.open(checkpointFile);
        assertThat(checkpoint.isDone(files.get(0))).isTrue();
        assertThat(checkpoint.isDone(files.get(1))).as("a refused event keeps its file for the next run").isFalse();

        RecordingSink again = new RecordingSink(Set.of(), false);
        ShipRun.Result second = run(again, Checkpoint.open(checkpointFile)).ship(files);
        assertThat(second.filesSkipped()).isEqualTo(1);
        assertThat(again.files).containsExactly("b.ndjson");
        assertThat(second.shipped().allConfirmed()).isTrue();
        assertThat(Checkpoint.open(checkpointFile).isDone(files.get(1))).isTrue();
    }

    @Test
    void aSinkThatShipsRecordsGetsEachEventsVendorRecordUnchanged() throws Exception {
        JsonNode audit = TestRecords.json("mailitemsaccessed-bind.json");
        RecordingSink withRecords = new RecordingSink(Set.of(), true);
        RecordingSink without = new RecordingSink(Set.of(), false);
        List<Path> files = List.of(file("audit.ndjson", audit));

        ShipRun.Result result = run(withRecords, Checkpoint.none()).ship(files);
        run(without, Checkpoint.none()).ship(files);

        assertThat(result.read().events()).isEqualTo(withRecords.sent).isPositive();
        assertThat(withRecords.records).allSatisfy(record -> assertThat(record).isEqualTo(audit));
        assertThat(without.records).containsOnlyNulls();
        assertThat(result.shipped().confirmed()).isEqualTo(withRecords.sent);
        assertThat(result.filesUnrecorded()).as("nothing to record without a checkpoint").isZero();
    }
}
