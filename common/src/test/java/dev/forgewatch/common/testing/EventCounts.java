package dev.forgewatch.common.testing;

import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import dev.forgewatch.common.pipeline.EventReader;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.pipeline.RunStats;
import dev.forgewatch.common.quarantine.QuarantineSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** How many canonical events a file makes, read the way the shippers read it (no token inspection). */
public final class EventCounts {
    private EventCounts() {
    }

    public static long in(Path file) throws IOException {
        long[] events = {0};
        new EventReader(new InputOpener(IngestLimits.DEFAULT, LineParser.NONE),
                new Normalizer(FieldCatalog.standard(), TokenObserver.NONE), QuarantineSink.DISCARD, new RunStats(),
                ProgressListener.NONE).read(List.of(file), event -> events[0]++);
        return events[0];
    }
}
