package dev.forgewatch.common.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputFormat;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import dev.forgewatch.common.quarantine.NdjsonQuarantineWriter;
import dev.forgewatch.common.quarantine.QuarantineRecord;
import dev.forgewatch.common.quarantine.QuarantineSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventReaderTest {
    @TempDir
    Path dir;

    private final List<QuarantineRecord> quarantined = new ArrayList<>();
    private final QuarantineSink sink = QuarantineSink.into(quarantined);

    private RunStats.Summary read(List<Path> files, List<CanonicalEvent> events) throws IOException {
        RunStats stats = new RunStats();
        FieldCatalog catalog = FieldCatalog.standard();
        new EventReader(new InputOpener(IngestLimits.DEFAULT, LineParser.NONE), new Normalizer(catalog, TokenObserver.NONE),
                sink, stats, ProgressListener.NONE).read(files, events::add);
        return stats.summary();
    }

    private Path file(String name, String content) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, content, StandardCharsets.UTF_8);
        return path;
    }

    @Test
    void badInputIsQuarantinedWithReasonAndCountedAndTheRunGoesOn() throws IOException {
        Path audit = file("audit.ndjson", """
                {"CreationTime":"2023-06-12T10:00:00","Id":"a-1","Operation":"MailItemsAccessed","RecordType":50,"UserId":"u@fabrikam.example"}
                {"CreationTime":"2023-06-12T10:00:00","Id":"a-2","Operation":"MailItemsAccessed","RecordType":"fifty"}
                not json at all
                {"CreationTime":"2023-06-12T11:00:00","Id":"a-3","Operation":"Send","RecordType":2}
                """);
        Path truncated = file("cut.json", "[{\"CreationTime\":\"2023-06-12T12:00:00\",\"Id\":\"b-1\",\"Operation\":\"Send\",\"RecordType\":2},\n{\"Crea");
        Path binary = dir.resolve("image.log");
        Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0});
        Path signins = file("signins.json", """
                {"value":[{"id":"s-1","createdDateTime":"2023-06-12T09:59:00Z","userPrincipalName":"u@fabrikam.example",
                "ipAddress":"203.0.113.5","status":{"errorCode":0}}]}""");
        Path empty = file("empty.json", "");
        List<CanonicalEvent> events = new ArrayList<>();

        RunStats.Summary summary = read(List.of(audit, truncated, binary, signins, empty), events);

        assertThat(events).extracting(CanonicalEvent::id).containsExactly("a-1", "a-3", "b-1", "s-1");
        assertThat(summary.files()).isEqualTo(5);
        assertThat(summary.recordsRead()).isEqualTo(7);
        assertThat(summary.events()).isEqualTo(4);
        assertThat(summary.quarantined()).isEqualTo(4);
        assertThat(summary.eventsByKind()).containsEntry(SourceKind.AUDIT, 3L).containsEntry(SourceKind.SIGNIN, 1L);
        assertThat(summary.filesByFormat()).containsEntry(InputFormat.NDJSON, 1L).containsEntry(InputFormat.BINARY, 1L)
                .containsEntry(InputFormat.EMPTY, 1L).containsEntry(InputFormat.JSON_DOCUMENT, 2L);
        assertThat(quarantined).extracting(q -> q.origin().toString() + " " + q.stage())
                .containsExactly(audit + ":2 normalize", audit + ":3 read", truncated + ":2 read", binary + " read");
        assertThat(quarantined.get(0).reason()).isEqualTo("field RecordType (record_type): expected a whole number, got \"fifty\"");
        assertThat(quarantined.get(0).excerpt()).contains("\"RecordType\":\"fifty\"");
        assertThat(quarantined.get(3).reason()).startsWith("binary content");
    }

    @Test
    void aGzipCutShortKeepsEveryWholeRecordBeforeTheCutQuarantinesTheRestAndReadsTheNextFile() throws IOException {
        // random ids keep the gzip large (so the cut lies far past the format peek and spans many read-ahead batches)
        Random random = new Random(7);
        StringBuilder ndjson = new StringBuilder();
        for (int i = 1; i <= 20_000; i++) {
            ndjson.append("{\"CreationTime\":\"2023-06-12T10:00:00\",\"Id\":\"").append(new UUID(random.nextLong(), random.nextLong()))
                    .append("\",\"Operation\":\"MailItemsAccessed\",\"RecordType\":50,\"UserId\":\"u").append(i)
                    .append("@fabrikam.example\"}\n");
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(ndjson.toString().getBytes(StandardCharsets.UTF_8));
        }
        Path cut = dir.resolve("a-cut.ndjson.gz");
        Files.write(cut, Arrays.copyOf(gz.toByteArray(), gz.size() / 2));
        Path next = file("b-next.ndjson", """
                {"CreationTime":"2023-06-12T11:00:00","Id":"after-the-cut","Operation":"Send","RecordType":2}
                """);
        List<CanonicalEvent> events = new ArrayList<>();

        RunStats.Summary summary = read(List.of(cut, next), events);

        assertThat(quarantined).hasSize(1);
        QuarantineRecord failure = quarantined.get(0);
        long lastWholeLine = failure.origin().line() - 1;
        assertThat(lastWholeLine).isBetween(1_000L, 19_000L);
        assertThat(failure.stage()).isEqualTo(QuarantineRecord.STAGE_READ);
        assertThat(failure.reason()).isEqualTo("read failed after line " + lastWholeLine
                + ": EOFException: Unexpected end of ZLIB input stream; the rest of the file is not read");
        // every line before the cut became an event, in file order, then the next file
        assertThat(events).hasSize((int) lastWholeLine + 1);
        for (int i = 0; i < lastWholeLine; i++) {
            assertThat(events.get(i).origin().line()).isEqualTo(i + 1L);
            assertThat(events.get(i).get("user_id")).isEqualTo("u" + (i + 1) + "@fabrikam.example");
        }
        assertThat(events.get(events.size() - 1).id()).isEqualTo("after-the-cut");
        assertThat(summary.recordsRead()).isEqualTo(lastWholeLine + 1);
        assertThat(summary.quarantined()).isEqualTo(1);
    }

    @Test
    void quarantineFileIsNdjsonWithFileLineStageReasonAndExcerpt() throws IOException {
        StringWriter out = new StringWriter();
        try (NdjsonQuarantineWriter writer = new NdjsonQuarantineWriter(out)) {
            writer.accept(new QuarantineRecord(new dev.forgewatch.common.event.SourceRef("x.ndjson", 12), "read",
                    "malformed JSON: Unexpected end-of-input", "{\"a\":"));
        }
        assertThat(out.toString()).isEqualTo("{\"file\":\"x.ndjson\",\"line\":12,\"stage\":\"read\","
                + "\"reason\":\"malformed JSON: Unexpected end-of-input\",\"excerpt\":\"{\\\"a\\\":\"}\n");
    }

    @Test
    void directoriesExpandToLogExportsInNameOrderSkippingOtherFiles() throws IOException {
        Files.createDirectories(dir.resolve("exports/sub"));
        file("exports/b.json", "[]");
        file("exports/a.ndjson.gz", "");
        file("exports/sub/c.csv", "");
        file("exports/README.md", "# notes");
        file("exports/.hidden.json", "[]");
        Files.createDirectories(dir.resolve("exports/.state"));
        file("exports/.state/partial.ndjson", "{}");
        file("exports/image.png", "");

        List<Path> files = InputFiles.expand(List.of(dir.resolve("exports")));

        assertThat(files).extracting(p -> dir.resolve("exports").relativize(p).toString())
                .containsExactly("a.ndjson.gz", "b.json", "sub/c.csv");
    }

    @Test
    void aMissingPathIsAnError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> InputFiles.expand(List.of(dir.resolve("missing"))))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }
}
