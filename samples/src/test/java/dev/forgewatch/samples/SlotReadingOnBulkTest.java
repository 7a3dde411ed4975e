package dev.forgewatch.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.RawRecord;
import dev.forgewatch.common.ingest.RecordReader;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.pipeline.EventReader;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.pipeline.RunStats;
import dev.forgewatch.common.quarantine.QuarantineRecord;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.token.TokenInspection;
import dev.forgewatch.token.extract.AccessLogParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's data (generated bulk NDJSON, the bench's seed): the hunt's lean normalizer, filling
 * events from records read into slots, gives exactly the events and quarantine of the full normalizer
 * reading whole records, and most records do take the slots.
 */
class SlotReadingOnBulkTest {
    private static final int RECORDS = 30_000;

    @TempDir
    Path temp;

    private record Outcome(List<String> events, List<QuarantineRecord> quarantined, RunStats.Summary summary) {
    }

    private static InputOpener opener() {
        return new InputOpener(IngestLimits.DEFAULT, new AccessLogParser());
    }

    private static Outcome read(Normalizer normalizer, Path file) throws IOException {
        List<String> events = new ArrayList<>();
        List<QuarantineRecord> quarantined = new ArrayList<>();
        RunStats stats = new RunStats();
        new EventReader(opener(), normalizer, QuarantineSink.into(quarantined), stats, ProgressListener.NONE)
                .read(List.of(file), event -> events.add(describe(event)));
        return new Outcome(events, quarantined, stats.summary());
    }

    /** Everything of an event but its raw bag (which only the full normalizer keeps). */
    private static String describe(CanonicalEvent event) {
        return event.kind() + " " + event.id() + " " + event.timestamp() + " " + event.origin() + " " + event.fields();
    }

    @Test
    void eventsFilledFromSlotsAreThoseOfWholeRecords() throws IOException {
        Path file = temp.resolve("bulk.ndjson.gz");
        SampleGenerator.generateBulk(file, SampleGenerator.DEFAULT_SEED, RECORDS);

        Outcome lean = read(Normalizer.lean(FieldCatalog.standard(), TokenInspection.standard()), file);
        Outcome whole = read(new Normalizer(FieldCatalog.standard(), TokenInspection.standard()), file);

        assertThat(lean.events()).hasSize(RECORDS);
        assertThat(lean.events()).containsExactlyElementsOf(whole.events());
        assertThat(lean.quarantined()).containsExactlyElementsOf(whole.quarantined());
        assertThat(lean.summary()).isEqualTo(whole.summary());

        // audit records and Graph sign-ins take the slots; wrapped sign-ins and app logs the older ways
        Normalizer normalizer = Normalizer.lean(FieldCatalog.standard(), TokenInspection.standard());
        long filledFromSlots = 0;
        try (RecordReader reader = opener().open(file, normalizer.membersRead()).reader()) {
            for (RawRecord record = reader.next(); record != null; record = reader.next()) {
                if (record instanceof RawRecord.Slots slots && normalizer.normalize(slots.values(), slots.origin()) != null) {
                    filledFromSlots++;
                }
            }
        }
        assertThat(filledFromSlots).isGreaterThan(RECORDS * 3L / 5); // the app records are read whole
    }
}
