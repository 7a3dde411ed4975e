package dev.forgewatch.samples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.json.Json;
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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads sample files the way {@code forgewatch hunt} does: InputOpener, Normalizer with token inspection, quarantine. */
final class SampleReading {
    /** The shipped sample, relative to the module folder (where Maven runs the tests). */
    static final Path SHIPPED = Path.of("data");

    record Result(List<CanonicalEvent> events, List<QuarantineRecord> quarantined, RunStats.Summary summary) {
    }

    private static Result shipped;

    private SampleReading() {
    }

    /** The shipped sample's log files read once per test run (several test classes look at them). */
    static synchronized Result shipped() {
        if (shipped == null) {
            shipped = read(logFiles(SHIPPED));
        }
        return shipped;
    }

    static Result read(List<Path> files) {
        List<CanonicalEvent> events = new ArrayList<>();
        List<QuarantineRecord> quarantined = new ArrayList<>();
        QuarantineSink sink = QuarantineSink.into(quarantined);
        RunStats stats = new RunStats();
        EventReader reader = new EventReader(new InputOpener(IngestLimits.DEFAULT, new AccessLogParser()),
                new Normalizer(FieldCatalog.standard(), TokenInspection.standard()), sink, stats, ProgressListener.NONE);
        try {
            reader.read(files, events::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(events, quarantined, stats.summary());
    }

    /** The log files of a generated sample folder, without the damaged ones and the answer key. */
    static List<Path> logFiles(Path sample) {
        try {
            return InputFiles.expand(List.of(sample)).stream()
                    .filter(file -> !sample.relativize(file).toString().replace('\\', '/').startsWith("damaged/"))
                    .filter(file -> !file.getFileName().toString().equals(SampleGenerator.EXPECTED_FILE))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode expected(Path sample) {
        try {
            return Json.YAML.readTree(sample.resolve(SampleGenerator.EXPECTED_FILE).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file's content, decompressed when it is gzip. */
    static byte[] content(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length > 1 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
                try (InputStream gzip = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
                    return gzip.readAllBytes();
                }
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
