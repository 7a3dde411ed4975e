package dev.forgewatch.collector.checkpoint;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How far one stream (a content type, or the Graph sign-ins) has been collected.
 *
 * @param cursor             start of the first window not yet known complete; the next run lists from here
 * @param lastContentCreated creation time of the newest blob written (Activity API streams)
 * @param seen               content id to creation time of blobs already written, for blobs created
 *                           at or after {@code cursor} (the windows that will be listed again)
 * @param pending            an output file being published: written and forced, maybe not yet renamed.
 *                           On load it counts as written exactly when its final file exists
 * @param totals             running totals over all runs
 */
public record Checkpoint(String stream, Instant cursor, Instant lastContentCreated, Map<String, Instant> seen,
                         Pending pending, Totals totals) {
    public Checkpoint {
        Objects.requireNonNull(stream, "stream");
        seen = Map.copyOf(seen);
        Objects.requireNonNull(totals, "totals");
    }

    /** What a publish adds once its file is in place. */
    public record Pending(String file, Map<String, Instant> contentIds, Instant cursor, long blobs, long records) {
        public Pending {
            Objects.requireNonNull(file, "file");
            contentIds = Map.copyOf(contentIds);
        }
    }

    /** Running totals over every run, for the summary and for tests. */
    public record Totals(long blobs, long records, long files) {
        public static final Totals ZERO = new Totals(0, 0, 0);
    }

    public static Checkpoint fresh(String stream, Instant cursor) {
        return new Checkpoint(stream, cursor, null, Map.of(), null, Totals.ZERO);
    }

    public boolean seen(String contentId) {
        return seen.containsKey(contentId);
    }

    public Checkpoint withPending(Pending next) {
        return new Checkpoint(stream, cursor, lastContentCreated, seen, next, totals);
    }

    /** Folds a pending publish in: its file is in place. */
    public Checkpoint commitPending() {
        if (pending == null) {
            return this;
        }
        return advance(pending.contentIds(), pending.cursor(), pending.blobs(), pending.records(), 1);
    }

    /** Drops a pending publish: its file never made it, so its blobs will be fetched again. */
    public Checkpoint dropPending() {
        return new Checkpoint(stream, cursor, lastContentCreated, seen, null, totals);
    }

    /**
     * Records blobs as written (a blob may hold no records and so need no file), moves the cursor
     * forward if given, and forgets ids of blobs created before the cursor: those windows are never
     * listed again.
     */
    public Checkpoint advance(Map<String, Instant> contentIds, Instant newCursor, long blobs, long records, long files) {
        Instant nextCursor = newCursor != null && (cursor == null || newCursor.isAfter(cursor)) ? newCursor : cursor;
        Map<String, Instant> nextSeen = new TreeMap<>(seen);
        nextSeen.putAll(contentIds);
        if (nextCursor != null) {
            nextSeen.values().removeIf(created -> created.isBefore(nextCursor));
        }
        Instant newest = lastContentCreated;
        for (Instant created : contentIds.values()) {
            if (newest == null || created.isAfter(newest)) {
                newest = created;
            }
        }
        return new Checkpoint(stream, nextCursor, newest, nextSeen, null,
                new Totals(totals.blobs() + blobs, totals.records() + records, totals.files() + files));
    }
}
