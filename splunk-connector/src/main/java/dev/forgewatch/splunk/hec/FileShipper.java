package dev.forgewatch.splunk.hec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.delivery.Checkpoint;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.ingest.Excerpts;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.ingest.InputFormat;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.RawRecord;
import dev.forgewatch.common.ingest.RecordReader;
import dev.forgewatch.common.normalize.Normalization;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.quarantine.QuarantineRecord;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.common.secret.Redactor;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads exported logs as the hunt does (format detection, .gz, quarantine for what cannot be read)
 * and ships each record through {@link HecEvents}. The shipper needs the vendor record itself, which
 * the hunt's reader does not hand out, so this keeps its own loop over the same readers.
 */
public final class FileShipper {
    private final InputOpener opener;
    private final Normalizer normalizer;
    private final HecEvents events;
    private final QuarantineSink quarantine;

    public FileShipper(InputOpener opener, Normalizer normalizer, HecEvents events, QuarantineSink quarantine) {
        this.opener = opener;
        this.normalizer = normalizer;
        this.events = events;
        this.quarantine = quarantine;
    }

    /**
     * What was read: records, events shipped, events of kinds that are not shipped, records
     * quarantined, and files skipped because the checkpoint says an earlier run finished them.
     */
    public record Counts(long records, long shipped, long notShipped, long quarantined, long filesSkipped) {
        static final Counts NONE = new Counts(0, 0, 0, 0, 0);

        public Counts plus(Counts other) {
            return new Counts(records + other.records, shipped + other.shipped, notShipped + other.notShipped,
                    quarantined + other.quarantined, filesSkipped + other.filesSkipped);
        }
    }

    /**
     * Ships the files in order. With a checkpoint that {@linkplain Checkpoint#remembers remembers},
     * each file is recorded once HEC acknowledged all its events, and files recorded by an earlier run
     * are skipped (that wait per file is why a checkpoint is not the default).
     */
    public Counts ship(List<Path> files, HecShipper shipper, String host, String index, Checkpoint checkpoint)
            throws IOException, InterruptedException {
        Counts total = Counts.NONE;
        for (Path file : files) {
            if (checkpoint.isDone(file)) {
                total = total.plus(new Counts(0, 0, 0, 0, 1));
                continue;
            }
            total = total.plus(shipFile(file, shipper, host, index));
            if (checkpoint.remembers()) {
                shipper.drain();
                checkpoint.markDone(file);
            }
        }
        return total;
    }

    private Counts shipFile(Path file, HecShipper shipper, String host, String index)
            throws IOException, InterruptedException {
        String name = file.toString();
        String source = file.getFileName().toString();
        InputOpener.Opened opened = opener.open(file);
        if (opened.format() == InputFormat.BINARY) {
            quarantine.accept(new QuarantineRecord(new SourceRef(name, 0), QuarantineRecord.STAGE_READ,
                    "binary content: not JSON, NDJSON, an audit CSV export or a text log", ""));
            return new Counts(0, 0, 0, 1, 0);
        }
        long records = 0;
        long shipped = 0;
        long notShipped = 0;
        long quarantined = 0;
        if (opened.reader() == null) {
            return Counts.NONE;
        }
        try (RecordReader reader = opened.reader()) {
            long lastLine = 0;
            while (true) {
                RawRecord record;
                try {
                    record = reader.next();
                } catch (IOException e) {
                    quarantined++;
                    quarantine.accept(new QuarantineRecord(new SourceRef(name, lastLine + 1), QuarantineRecord.STAGE_READ,
                            "read failed after line " + lastLine + ": " + Redactor.redact(String.valueOf(e.getMessage()))
                                    + "; the rest of the file is not read", ""));
                    break;
                }
                if (record == null) {
                    break;
                }
                lastLine = record.origin().line();
                records++;
                if (record instanceof RawRecord.Malformed malformed) {
                    quarantined++;
                    quarantine.accept(new QuarantineRecord(malformed.origin(), QuarantineRecord.STAGE_READ,
                            malformed.reason(), malformed.excerpt()));
                    continue;
                }
                JsonNode raw = ((RawRecord.Json) record).node();
                // The normalizer takes ownership of the node it is given; the shipped record is a copy.
                Normalization result = normalizer.normalize(raw.deepCopy(), record.origin());
                if (result instanceof Normalization.Rejected rejected) {
                    quarantined++;
                    quarantine.accept(new QuarantineRecord(record.origin(), QuarantineRecord.STAGE_NORMALIZE,
                            rejected.reason(), Excerpts.of(raw.toString())));
                    continue;
                }
                for (CanonicalEvent event : ((Normalization.Accepted) result).events()) {
                    Optional<HecEvent> hec = events.of(event, raw, source);
                    if (hec.isPresent()) {
                        shipper.send(hec.get().withDestination(host, index));
                        shipped++;
                    } else {
                        notShipped++;
                    }
                }
            }
        }
        return new Counts(records, shipped, notShipped, quarantined, 0);
    }

    /** Ships a findings file as {@code forgewatch hunt --format ndjson} writes it, one finding per line. */
    public Counts shipFindings(Path file, HecShipper shipper, String host, String index)
            throws IOException, InterruptedException {
        long records = 0;
        long quarantined = 0;
        String source = file.getFileName().toString();
        try (BufferedReader lines = Files.newBufferedReader(file)) {
            long lineNumber = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                records++;
                try {
                    shipper.send(HecEvents.finding(Json.MAPPER.readTree(line), source)
                            .withDestination(host, index));
                } catch (IllegalArgumentException | JsonProcessingException e) {
                    quarantined++;
                    quarantine.accept(new QuarantineRecord(new SourceRef(file.toString(), lineNumber),
                            QuarantineRecord.STAGE_READ, "not a finding document: " + e.getMessage(), Excerpts.of(line)));
                }
            }
        }
        return new Counts(records, records - quarantined, 0, quarantined, 0);
    }
}
