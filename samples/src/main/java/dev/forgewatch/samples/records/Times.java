package dev.forgewatch.samples.records;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The timestamp spellings of each source, all UTC. */
public final class Times {
    /** Unified Audit Log CreationTime: UTC without a zone designator, whole seconds. */
    private static final DateTimeFormatter AUDIT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    /** Graph signIn createdDateTime. */
    private static final DateTimeFormatter GRAPH = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    /** Azure Monitor export: seven fractional digits. */
    private static final DateTimeFormatter MONITOR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS").withZone(ZoneOffset.UTC);

    private Times() {
    }

    public static String audit(Instant time) {
        return AUDIT.format(time);
    }

    public static String graph(Instant time) {
        return GRAPH.format(time);
    }

    public static String monitor(Instant time) {
        return MONITOR.format(time) + "Z";
    }

    /** The Monitor export repeats the time inside properties with an explicit offset. */
    public static String monitorWithOffset(Instant time) {
        return MONITOR.format(time) + "+00:00";
    }
}
