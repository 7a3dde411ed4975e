package dev.forgewatch.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.MemberTree;
import dev.forgewatch.common.ingest.RawRecord;
import dev.forgewatch.common.ingest.RecordReader;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.pipeline.EventReader;
import dev.forgewatch.common.pipeline.InputFiles;
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
 * The shipped sample and the benchmark's bulk records read as UTF-8 bytes (the readers' default for
 * NDJSON) give exactly what reading them as decoded text gives: each record (its kind, line, tree,
 * text, values as the lean normalizer fills an event from them, quarantine reason and excerpt), and
 * the events, quarantine and counts of a whole read, with the hunt's lean normalizer and the full one.
 */
class ByteReadingOnSamplesTest {
    private static final int RECORDS = 30_000;

    @TempDir
    Path temp;

    private static final InputOpener BYTES = new InputOpener(IngestLimits.DEFAULT, new AccessLogParser());
    private static final InputOpener TEXT = BYTES.decodingText();

    private record Outcome(List<String> events, List<QuarantineRecord> quarantined, RunStats.Summary summary) {
    }

    private static Outcome read(InputOpener opener, Normalizer normalizer, List<Path> files) throws IOException {
        List<String> events = new ArrayList<>();
        List<QuarantineRecord> quarantined = new ArrayList<>();
        RunStats stats = new RunStats();
        new EventReader(opener, normalizer, QuarantineSink.into(quarantined), stats, ProgressListener.NONE)
                .read(files, event -> events.add(describe(event)));
        return new Outcome(events, quarantined, stats.summary());
    }

    private static String describe(CanonicalEvent event) {
        return event.kind() + " " + event.id() + " " + event.timestamp() + " " + event.origin() + " " + event.fields() + " " + event.raw();
    }

    /** Each record of each file, as far as a reader's user sees it. */
    private static List<String> records(InputOpener opener, Normalizer lean, List<Path> files) throws IOException {
        MemberTree members = lean.membersRead();
        List<String> records = new ArrayList<>();
        for (Path file : files) {
            InputOpener.Opened opened = opener.open(file, members);
            records.add(file + " " + opened.format());
            if (opened.reader() == null) {
                continue;
            }
            try (RecordReader reader = opened.reader()) {
                for (RawRecord record = reader.next(); record != null; record = reader.next()) {
                    if (record instanceof RawRecord.Slots slots) {
                        records.add("slots " + slots.origin() + " " + slots.text() + " " + slots.whole().node() + " "
                                + lean.normalize(slots.values(), slots.origin()));
                    } else if (record instanceof RawRecord.Json json) {
                        records.add("json " + json.origin() + " " + json.node() + " " + json.text() + " " + json.whole().node());
                    } else {
                        records.add(record.toString());
                    }
                }
            }
        }
        return records;
    }

    private static void same(List<Path> files) throws IOException {
        Normalizer lean = Normalizer.lean(FieldCatalog.standard(), TokenInspection.standard());
        List<String> fromBytes = records(BYTES, lean, files);
        List<String> fromText = records(TEXT, lean, files);
        for (int i = 0; i < Math.min(fromBytes.size(), fromText.size()); i++) {
            assertThat(fromBytes.get(i)).as("record " + i).isEqualTo(fromText.get(i));
        }
        assertThat(fromBytes).hasSameSizeAs(fromText);

        for (Normalizer normalizer : List.of(lean, new Normalizer(FieldCatalog.standard(), TokenInspection.standard()))) {
            Outcome bytes = read(BYTES, normalizer, files);
            Outcome text = read(TEXT, normalizer, files);
            assertThat(bytes.events()).containsExactlyElementsOf(text.events());
            assertThat(bytes.quarantined()).containsExactlyElementsOf(text.quarantined());
            assertThat(bytes.summary()).isEqualTo(text.summary());
        }
    }

    @Test
    void theShippedSampleReadsTheSameFromBytes() throws IOException {
        // the damaged files too: quarantined pieces must be the same
        List<Path> files = InputFiles.expand(List.of(SampleReading.SHIPPED)).stream()
                .filter(file -> !file.getFileName().toString().equals(SampleGenerator.EXPECTED_FILE))
                .toList();
        assertThat(files).hasSizeGreaterThan(100);
        same(files);
    }

    @Test
    void bulkRecordsReadTheSameFromBytes() throws IOException {
        Path file = temp.resolve("bulk.ndjson.gz");
        SampleGenerator.generateBulk(file, SampleGenerator.DEFAULT_SEED, RECORDS);
        same(List.of(file));
    }
}
