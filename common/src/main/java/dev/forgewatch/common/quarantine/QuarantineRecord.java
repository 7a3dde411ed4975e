package dev.forgewatch.common.quarantine;

import dev.forgewatch.common.event.SourceRef;
import java.util.Objects;

/**
 * A record that could not become an event, with where it was and why. The excerpt is short and
 * redacted: a quarantine file never holds a token.
 *
 * @param stage {@code read} (not parseable as a record) or {@code normalize} (a record, but not a valid one)
 */
public record QuarantineRecord(SourceRef origin, String stage, String reason, String excerpt) {
    public static final String STAGE_READ = "read";
    public static final String STAGE_NORMALIZE = "normalize";

    public QuarantineRecord {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reason, "reason");
        excerpt = excerpt == null ? "" : excerpt;
    }
}
