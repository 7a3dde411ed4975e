package dev.forgewatch.samples.out;

import dev.forgewatch.samples.sim.Activity;
import java.io.IOException;
import java.io.Writer;
import java.util.Comparator;

/**
 * Where an activity goes: a file (relative to the sample folder, before any .gz), its format, and
 * the order of records in it (each source has its own habit).
 */
public record Route(String path, Format format, Comparator<Activity> order) {
    /** Time order, as Azure Monitor exports. */
    public static final Comparator<Activity> OLDEST_FIRST = Comparator.comparing(Activity::time);
    /** Newest first, as Graph lists sign-ins and Purview exports search results. */
    public static final Comparator<Activity> NEWEST_FIRST = OLDEST_FIRST.reversed();
    /** Content blobs come in the batches the service wrote them: a mailbox's records together. */
    public static final Comparator<Activity> BY_MAILBOX = Comparator
            .comparing((Activity activity) -> ((Activity.AuditRecord) activity).record().path("UserId").asText())
            .thenComparing(Activity::time);

    /** Opens the file's record writer over the file's character stream. */
    @FunctionalInterface
    public interface Format {
        RecordWriter open(Writer out) throws IOException;
    }
}
