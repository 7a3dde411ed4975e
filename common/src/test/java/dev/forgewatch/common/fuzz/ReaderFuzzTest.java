package dev.forgewatch.common.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import dev.forgewatch.common.pipeline.EventReader;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.pipeline.RunStats;
import dev.forgewatch.common.quarantine.QuarantineRecord;
import dev.forgewatch.common.quarantine.QuarantineSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever bytes a file holds, reading it never throws and every record read is accounted for:
 * it became an event or a quarantine record with a reason.
 */
class ReaderFuzzTest {
    private static Path dir;
    private static final FieldCatalog CATALOG = FieldCatalog.standard();

    @BeforeContainer
    static void createDir() throws IOException {
        dir = Files.createTempDirectory("forgewatch-fuzz");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    private static final String[] FRAGMENTS = {
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\n", "\r\n", " ", "null", "true", "1e999", "-0", "\"CreationTime\"",
        "\"2023-06-12T10:00:00\"", "\"Operation\"", "\"MailItemsAccessed\"", "\"RecordType\"", "50", "\"fifty\"",
        "\"Id\"", "\"x-1\"", "\"value\"", "\"records\"", "\"properties\"", "\"category\"", "\"SignInLogs\"",
        "\"createdDateTime\"", "\"ipAddress\"", "\"userPrincipalName\"", "\"status\"", "\"OperationProperties\"",
        "[{\"Name\":\"MailAccessType\",\"Value\":\"Bind\"}]", "\"ClientIP\"", "\"[::1]:443\"", "AuditData", "RecordId",
        "\"\"", "\u00e9", "\ud83d\ude00", "\u0000", "eyJhbGciOiJub25lIn0.eyJ4IjoxfQ.", "\t"
    };

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.of(FRAGMENTS).list().ofMaxSize(80).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    }

    private static final class Recorder implements QuarantineSink {
        final List<QuarantineRecord> records = new ArrayList<>();

        @Override
        public void accept(QuarantineRecord record) {
            records.add(record);
        }

        @Override
        public void close() {
        }
    }

    private static void assertAccountedFor(Path file) throws IOException {
        RunStats stats = new RunStats();
        Recorder quarantine = new Recorder();
        List<CanonicalEvent> events = new ArrayList<>();
        new EventReader(new InputOpener(new IngestLimits(4096, 1 << 20), LineParser.NONE),
                new Normalizer(CATALOG, TokenObserver.NONE), quarantine, stats, ProgressListener.NONE)
                .read(List.of(file), events::add);
        RunStats.Summary summary = stats.summary();
        assertThat(summary.events()).isEqualTo(events.size());
        assertThat(summary.quarantined()).isEqualTo(quarantine.records.size());
        // Each record read is one event (no token observer here) or one quarantine record; a file-level
        // failure (cannot open, binary, read error) is one more quarantine record beyond the records.
        assertThat(summary.events() + summary.quarantined()).isBetween(summary.recordsRead(), summary.recordsRead() + 1);
        for (QuarantineRecord record : quarantine.records) {
            assertThat(record.reason()).isNotBlank();
            assertThat(record.excerpt()).doesNotContain("eyJhbGciOiJub25lIn0.eyJ4IjoxfQ.");
        }
    }

    private static Path write(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    @Property(tries = 300, seed = "202612041")
    void jsonLikeTextIsAlwaysAccountedFor(@ForAll("jsonish") String text) throws IOException {
        assertAccountedFor(write("fuzz.json", text.getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 200, seed = "202612042")
    void ndjsonLinesOfJunkAreAccountedForOneByOne(@ForAll("jsonish") String a, @ForAll("jsonish") String b) throws IOException {
        String content = "{\"CreationTime\":\"2023-06-12T10:00:00\",\"Operation\":\"Send\",\"RecordType\":2}\n" + a.replace('\n', ' ')
                + "\n" + b.replace('\n', ' ') + "\n";
        assertAccountedFor(write("fuzz.ndjson", content.getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 200, seed = "202612043")
    void csvExportsWithJunkAuditDataAreAccountedFor(@ForAll("jsonish") String auditData) throws IOException {
        String content = "RecordId,CreationDate,RecordType,Operation,UserId,AuditData\r\n1,2023,50,MailItemsAccessed,u,\""
                + auditData.replace("\"", "\"\"") + "\"\r\n2,2023,50,x,u," + auditData + "\r\n";
        assertAccountedFor(write("fuzz.csv", content.getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 200, seed = "202612044")
    void arbitraryBytesAreAccountedFor(@ForAll("bytes") byte[] content) throws IOException {
        assertAccountedFor(write("fuzz.log", content));
    }

    @Property(tries = 100, seed = "202612045")
    void gzippedJunkIsAccountedFor(@ForAll("jsonish") String text, @ForAll boolean truncate) throws IOException {
        Path file = dir.resolve("fuzz.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        if (truncate) {
            byte[] whole = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(whole, Math.max(2, whole.length - 9)));
        }
        assertAccountedFor(file);
    }
}
