package dev.forgewatch.collector;

/**
 * Test seam: called at each step where a crash matters, so a test can kill the run exactly there
 * (halt the JVM, or throw an {@link Error} that nothing in the collector catches).
 */
@FunctionalInterface
public interface FaultHook {
    FaultHook NONE = (point, stream, count) -> {
    };

    enum Point {
        /** A blob's (or a Graph window's) records are in the open temp file; {@code count} = units so far this run. */
        UNIT_WRITTEN,
        /** The temp file is complete and forced, not yet announced in the checkpoint. */
        FILE_PREPARED,
        /** The checkpoint names the file as pending; it still has its temp name. */
        PENDING_SAVED,
        /** The file has its final name; the checkpoint still says pending. */
        FILE_PUBLISHED
    }

    void reached(Point point, String stream, long count);
}
