package dev.forgewatch.common.delivery;

import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.pipeline.EventReader;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.pipeline.RunStats;
import dev.forgewatch.common.quarantine.QuarantineSink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one checkpointed delivery loop, for every SIEM: input files read through common's
 * {@link EventReader} (what cannot be read is quarantined with its reason and counted), their events
 * handed to a {@link ShipSink}, file by file. With a checkpoint that {@linkplain Checkpoint#remembers
 * remembers}, each file is recorded once the SIEM confirmed every one of its events, and a file an
 * earlier run recorded is skipped; a file with an event refused or unconfirmed is not recorded, so a
 * rerun sends it again (events keep their ids: nothing is stored twice).
 */
public final class ShipRun {
    private final InputOpener opener;
    private final Normalizer normalizer;
    private final QuarantineSink quarantine;
    private final ShipSink sink;
    private final Checkpoint checkpoint;
    private final ProgressListener progress;

    public ShipRun(InputOpener opener, Normalizer normalizer, QuarantineSink quarantine, ShipSink sink, Checkpoint checkpoint) {
        this(opener, normalizer, quarantine, sink, checkpoint, ProgressListener.NONE);
    }

    public ShipRun(InputOpener opener, Normalizer normalizer, QuarantineSink quarantine, ShipSink sink, Checkpoint checkpoint,
                   ProgressListener progress) {
        this.opener = opener;
        this.normalizer = normalizer;
        this.quarantine = quarantine;
        this.sink = sink;
        this.checkpoint = checkpoint;
        this.progress = progress;
    }

    /**
     * What a run read, skipped and left unrecorded, next to the sink's report.
     *
     * @param filesUnrecorded files read and sent but not recorded in the checkpoint: an event of theirs was
     *                        refused or is unconfirmed (0 without a checkpoint)
     */
    public record Result(RunStats.Summary read, int filesSkipped, int filesUnrecorded, ShipReport shipped) {
    }

    public Result ship(List<Path> files) throws IOException, InterruptedException {
        RunStats stats = new RunStats();
        EventReader reader = new EventReader(opener, normalizer, quarantine, stats, progress);
        int skipped = 0;
        int unrecorded = 0;
        for (Path file : files) {
            if (checkpoint.isDone(file)) {
                skipped++;
                continue;
            }
            ShipReport before = sink.report();
            reader.read(List.of(file), sink.wantsRecords(), (event, record) -> {
                try {
                    sink.send(event, record, file);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while shipping " + file.getFileName());
                }
            });
            if (checkpoint.remembers()) {
                // the wait for the SIEM's word on this file's events is why a checkpoint is not the default
                sink.confirm();
                if (confirmedSince(before, sink.report())) {
                    checkpoint.markDone(file);
                } else {
                    unrecorded++;
                }
            }
        }
        sink.confirm();
        return new Result(stats.summary(), skipped, unrecorded, sink.report());
    }

    /** Every event sent since {@code before} is stored, and the SIEM said so. */
    private static boolean confirmedSince(ShipReport before, ShipReport after) {
        return after.acknowledged() && after.failed() == before.failed() && after.unconfirmed() == 0;
    }
}
