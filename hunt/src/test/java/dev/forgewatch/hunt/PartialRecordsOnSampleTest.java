package dev.forgewatch.hunt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.pipeline.EventReader;
import dev.forgewatch.common.pipeline.InputFiles;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.pipeline.RunStats;
import dev.forgewatch.common.quarantine.QuarantineRecord;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.RawRecord;
import dev.forgewatch.common.ingest.RecordReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hunt's lean normalizer has its NDJSON records read with only the members it looks at (and
 * takes a record whole when it needs all of it). On the whole sample tenant, every source and the
 * damaged files included, that must give the very events and quarantine entries a normalizer reading
 * whole records gives.
 */
class PartialRecordsOnSampleTest {
    private static final Path SAMPLE = Path.of("..", "samples", "data");

    private record Outcome(List<String> events, List<QuarantineRecord> quarantined, RunStats stats) {
    }

    private static Outcome read(Normalizer normalizer, Path input) throws IOException {
        List<String> events = new ArrayList<>();
        List<QuarantineRecord> quarantined = new ArrayList<>();
        QuarantineSink sink = QuarantineSink.into(quarantined);
        RunStats stats = new RunStats();
        new EventReader(Intake.standard().opener(), normalizer, sink, stats, ProgressListener.NONE)
                .read(InputFiles.expand(List.of(input)), event -> events.add(describe(event)));
        return new Outcome(events, quarantined, stats);
    }

    /** Everything of an event but its raw bag (which only the full normalizer keeps). */
    private static String describe(CanonicalEvent event) {
        return event.kind() + " " + event.id() + " " + event.timestamp() + " " + event.origin() + " " + event.fields();
    }

    private static void assertSame(Outcome lean, Outcome whole) {
        assertThat(lean.events()).containsExactlyElementsOf(whole.events());
        assertThat(lean.quarantined()).containsExactlyElementsOf(whole.quarantined());
        assertThat(lean.stats().summary()).isEqualTo(whole.stats().summary());
    }

    @Test
    void leanReadingOfPartialRecordsGivesTheEventsAndQuarantineOfWholeRecords() throws IOException {
        Outcome lean = read(Intake.standard().leanNormalizer(), SAMPLE);
        Outcome whole = read(Intake.standard().normalizer(), SAMPLE);

        assertThat(lean.events()).hasSizeGreaterThan(40_000);
        assertThat(lean.quarantined()).isNotEmpty();
        assertSame(lean, whole);
    }

    /** The sample's audit exports are JSON documents (read whole); here every record of the tenant is one NDJSON line. */
    @Test
    void everyRecordOfTheSampleAsNdjsonGivesTheSameEvents(@TempDir Path work) throws IOException {
        Path ndjson = work.resolve("tenant.ndjson");
        long records = 0;
        try (Writer out = Files.newBufferedWriter(ndjson, StandardCharsets.UTF_8)) {
            for (Path file : InputFiles.expand(List.of(SAMPLE))) {
                InputOpener.Opened opened = Intake.standard().opener().open(file);
                if (opened.reader() == null) {
                    continue;
                }
                try (RecordReader reader = opened.reader()) {
                    for (RawRecord record = reader.next(); record != null; record = reader.next()) {
                        if (record instanceof RawRecord.Json json) {
                            out.write(json.node().toString());
                            out.write('\n');
                            records++;
                        }
                    }
                }
            }
            // shapes the tenant lacks: a repeated member, a literal dotted key, an envelope without an id
            out.write("{\"CreationTime\":\"2023-06-01T10:00:00\",\"Id\":\"dup-1\",\"Operation\":\"MailItemsAccessed\","
                    + "\"RecordType\":50,\"UserId\":\"a@x.example\",\"UserId\":\"b@x.example\",\"Unused\":{\"deep\":[1,2,{\"x\":null}]},"
                    + "\"AppAccessContext.ClientAppId\":\"literal-app\",\"Folders\":[{\"FolderItems\":[{},{\"InternetMessageId\":\"<m@x>\"}]},3]}\n");
            out.write("{\"time\":\"2023-06-01T10:00:00Z\",\"category\":\"SignInLogs\",\"tenantId\":\"t-1\","
                    + "\"properties\":{\"userPrincipalName\":\"a@x.example\",\"appId\":\"app-1\",\"ipAddress\":\"192.0.2.1\"}}\n");
        }
        assertThat(records).isGreaterThan(40_000);

        Outcome lean = read(Intake.standard().leanNormalizer(), ndjson);
        Outcome whole = read(Intake.standard().normalizer(), ndjson);
        assertThat(lean.events()).hasSizeGreaterThan(40_000);
        assertThat(lean.events()).anyMatch(event -> event.startsWith("AUDIT dup-1 ") && event.contains("b@x.example")
                && event.contains("literal-app") && event.contains("<m@x>"));
        assertThat(lean.events()).anyMatch(event -> event.startsWith("SIGNIN signin-"));
        assertSame(lean, whole);
    }
}
