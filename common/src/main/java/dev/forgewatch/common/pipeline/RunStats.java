package dev.forgewatch.common.pipeline;

import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.ingest.InputFormat;
import java.util.EnumMap;
import java.util.Map;

/** Counters of one run (single-threaded); {@link #summary()} takes an immutable snapshot. */
public final class RunStats {
    private long files;
    private long recordsRead;
    private long quarantined;
    private long recordsLost;
    private long unreadablePaths;
    private long bytesRead;
    private final Map<InputFormat, Long> filesByFormat = new EnumMap<>(InputFormat.class);
    private final Map<SourceKind, Long> eventsByKind = new EnumMap<>(SourceKind.class);

    /**
     * The counts at one moment. {@code recordsRead} counts every record and malformed piece seen;
     * each became events or one quarantine entry, and each file that could not be read at all is
     * one more quarantine entry, as is each path below an input folder that could not be read
     * ({@code unreadablePaths} counts those). {@code recordsLost} estimates the input records behind
     * the quarantine entries (one per bad record, none for text that held none, more for a region
     * skipped whole).
     */
    public record Summary(long files, long recordsRead, long events, long quarantined, long bytesRead,
                          Map<InputFormat, Long> filesByFormat, Map<SourceKind, Long> eventsByKind, long recordsLost,
                          long unreadablePaths) {
        public Summary {
            filesByFormat = Map.copyOf(filesByFormat);
            eventsByKind = Map.copyOf(eventsByKind);
        }

        /** Counts where every quarantine entry stood for one record and every path could be read. */
        public Summary(long files, long recordsRead, long events, long quarantined, long bytesRead,
                       Map<InputFormat, Long> filesByFormat, Map<SourceKind, Long> eventsByKind) {
            this(files, recordsRead, events, quarantined, bytesRead, filesByFormat, eventsByKind, quarantined, 0);
        }
    }

    void file(InputFormat format) {
        files++;
        filesByFormat.merge(format, 1L, Long::sum);
    }

    void record() {
        recordsRead++;
    }

    void event(SourceKind kind) {
        eventsByKind.merge(kind, 1L, Long::sum);
    }

    void quarantined(long records) {
        quarantined++;
        recordsLost += records;
    }

    void unreadable() {
        unreadablePaths++;
    }

    void bytes(long count) {
        bytesRead += count;
    }

    public long recordsRead() {
        return recordsRead;
    }

    public Summary summary() {
        long events = eventsByKind.values().stream().mapToLong(Long::longValue).sum();
        return new Summary(files, recordsRead, events, quarantined, bytesRead, filesByFormat, eventsByKind, recordsLost,
                unreadablePaths);
    }
}
