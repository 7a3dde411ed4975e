package dev.forgewatch.elastic.ship;

import dev.forgewatch.common.delivery.Checkpoint;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.pipeline.EventReader;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.pipeline.RunStats;
import dev.forgewatch.common.quarantine.QuarantineSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads input files through common's reader and normalizer and ships their events, file by file,
 * recording finished files in the checkpoint.
 */
public final class ShipRun {
    private final InputOpener opener;
    private final Normalizer normalizer;
    private final QuarantineSink quarantine;
    private final BulkShipper shipper;
    private final Checkpoint checkpoint;

    public ShipRun(InputOpener opener, Normalizer normalizer, QuarantineSink quarantine, BulkShipper shipper,
                   Checkpoint checkpoint) {
        this.opener = opener;
        this.normalizer = normalizer;
        this.quarantine = quarantine;
        this.shipper = shipper;
        this.checkpoint = checkpoint;
    }

    /** What a run read and skipped, next to the shipper's report. */
    public record Result(RunStats.Summary read, int filesSkipped, ShipReport shipped) {
    }

    public Result ship(List<Path> files) throws IOException, InterruptedException {
        RunStats stats = new RunStats();
        EventReader reader = new EventReader(opener, normalizer, quarantine, stats, ProgressListener.NONE);
        int skipped = 0;
        for (Path file : files) {
            if (checkpoint.isDone(file)) {
                skipped++;
                continue;
            }
            try {
                reader.read(List.of(file), event -> {
                    try {
                        shipper.add(event);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            shipper.flush();
            checkpoint.markDone(file);
        }
        return new Result(stats.summary(), skipped, shipper.report());
    }
}
