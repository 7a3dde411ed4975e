package dev.forgewatch.common.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.ingest.Excerpts;
import dev.forgewatch.common.ingest.InputFormat;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.RawRecord;
import dev.forgewatch.common.ingest.RecordReader;
import dev.forgewatch.common.normalize.Normalization;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.quarantine.QuarantineRecord;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.common.secret.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads input files into canonical events: open, detect, stream records, normalize. Whatever cannot
 * become an event goes to quarantine with its reason; an I/O failure inside one file quarantines
 * the rest of that file and the run goes on with the next. Each file is read and parsed on one
 * thread and normalized on another, ahead of the caller ({@link ReadAhead}), whose thread counts,
 * quarantines and hands on the events; their order is unchanged.
 */
public final class EventReader {
    private static final int PROGRESS_EVERY = 4096;

    private final InputOpener opener;
    private final Normalizer normalizer;
    private final QuarantineSink quarantine;
    private final RunStats stats;
    private final ProgressListener progress;

    public EventReader(InputOpener opener, Normalizer normalizer, QuarantineSink quarantine, RunStats stats,
                       ProgressListener progress) {
        this.opener = opener;
        this.normalizer = normalizer;
        this.quarantine = quarantine;
        this.stats = stats;
        this.progress = progress;
    }

    /** Takes each event with the vendor record it was normalized from (null unless records were asked for). */
    @FunctionalInterface
    public interface RecordEvents {
        void accept(CanonicalEvent event, JsonNode record) throws IOException;
    }

    /** A path below an input folder that could not be read: one quarantine entry naming the cause. */
    public void skipped(InputFiles.Skipped path) throws IOException {
        stats.unreadable();
        quarantine(new QuarantineRecord(new SourceRef(path.path().toString(), 0), QuarantineRecord.STAGE_READ,
                "cannot read: " + path.reason() + "; skipped", "", RawRecord.Malformed.UNKNOWN_OFFSET, 0));
    }

    /** Reads every file in order, handing each event to {@code out}. */
    public void read(List<Path> files, Consumer<CanonicalEvent> out) throws IOException {
        read(files, false, (event, record) -> out.accept(event));
    }

    /**
     * Reads every file in order, handing each event to {@code out}; with {@code withRecords}, also the
     * vendor record it came from (a copy taken before normalizing, which consumes the record), for
     * consumers that ship the record itself. A failure of {@code out} ends the read.
     */
    public void read(List<Path> files, boolean withRecords, RecordEvents out) throws IOException {
        long total = 0;
        for (Path file : files) {
            total += Files.size(file);
        }
        long before = 0;
        for (Path file : files) {
            long size = Files.size(file);
            readFile(file, withRecords, out, before, total);
            before += size;
            stats.bytes(size);
            progress.progress(before, total, stats.recordsRead());
        }
    }

    private void readFile(Path file, boolean withRecords, RecordEvents out, long before, long total) throws IOException {
        String name = file.toString();
        InputOpener.Opened opened;
        try {
            // Events alone need only the members the normalizer reads; a consumer of records needs them whole.
            opened = opener.open(file, withRecords ? null : normalizer.membersRead());
        } catch (IOException e) {
            stats.file(InputFormat.BINARY);
            quarantine(new QuarantineRecord(new SourceRef(name, 0), QuarantineRecord.STAGE_READ,
                    "cannot open: " + describe(e), "", RawRecord.Malformed.UNKNOWN_OFFSET, 0));
            return;
        }
        stats.file(opened.format());
        if (opened.format() == InputFormat.BINARY) {
            quarantine(new QuarantineRecord(new SourceRef(name, 0), QuarantineRecord.STAGE_READ,
                    "binary content: not JSON, NDJSON, an audit CSV export or a text log", "", RawRecord.Malformed.UNKNOWN_OFFSET, 0));
            return;
        }
        if (opened.reader() == null) {
            return; // empty file: nothing to read, nothing lost
        }
        long lastLine = 0;
        try (RecordReader records = opened.reader();
             ReadAhead<RawRecord> parsed = new ReadAhead<>(records::next, records::bytesRead, "parse " + file.getFileName());
             ReadAhead<Read> reads = new ReadAhead<>(() -> normalize(parsed.next(), withRecords), parsed::position,
                     "normalize " + file.getFileName())) {
            Read read;
            while (true) {
                try {
                    read = reads.next();
                } catch (IOException e) {
                    quarantine(new QuarantineRecord(new SourceRef(name, lastLine + 1), QuarantineRecord.STAGE_READ,
                            "read failed after line " + lastLine + ": " + describe(e) + "; the rest of the file is not read", "",
                            RawRecord.Malformed.UNKNOWN_OFFSET, 0));
                    return;
                }
                if (read == null) {
                    return;
                }
                lastLine = read.record().origin().line();
                stats.record();
                handle(read, out);
                if (stats.recordsRead() % PROGRESS_EVERY == 0) {
                    progress.progress(before + reads.position(), total, stats.recordsRead());
                }
            }
        }
    }

    /**
     * A record as the normalizing thread hands it on: normalized, unless it was malformed (then null),
     * with a copy of the vendor record when asked for.
     */
    private record Read(RawRecord record, Normalization normalization, JsonNode copy) {
    }

    /** Runs on the normalizing thread: the normalizer is used there only, one file after the other. */
    private Read normalize(RawRecord record, boolean withRecords) {
        if (record instanceof RawRecord.Slots slots) {
            // read without a tree: normalized from its slots, or taken whole where the normalizer needs all of it
            Normalization normalization = normalizer.normalize(slots.values(), slots.origin());
            if (normalization != null) {
                return new Read(slots, normalization, null);
            }
            RawRecord.Json whole = slots.whole();
            return new Read(whole, normalizer.normalize(whole.node(), whole.origin()), null);
        }
        if (!(record instanceof RawRecord.Json json)) {
            return record == null ? null : new Read(record, null, null);
        }
        JsonNode copy = withRecords ? json.node().deepCopy() : null;
        if (json.partial()) {
            Normalization normalization = normalizer.normalize(json.node(), json.origin(), true);
            if (normalization != null) {
                return new Read(json, normalization, null);
            }
            json = json.whole(); // the normalizer needs all of it, and so may the quarantine
        }
        return new Read(json, normalizer.normalize(json.node(), json.origin()), copy);
    }

    private void handle(Read read, RecordEvents out) throws IOException {
        if (read.record() instanceof RawRecord.Malformed malformed) {
            quarantine(QuarantineRecord.unreadable(malformed));
            return;
        }
        if (read.normalization() instanceof Normalization.Rejected rejected) {
            RawRecord.Json json = (RawRecord.Json) read.record(); // rejected: always a whole record
            quarantine(new QuarantineRecord(json.origin(), QuarantineRecord.STAGE_NORMALIZE, rejected.reason(),
                    Excerpts.of(json.node().toString())));
            return;
        }
        for (CanonicalEvent event : ((Normalization.Accepted) read.normalization()).events()) {
            stats.event(event.kind());
            out.accept(event, read.copy());
        }
    }

    private void quarantine(QuarantineRecord record) throws IOException {
        stats.quarantined(record.records());
        quarantine.accept(record);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return Redactor.redact(e.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }
}
