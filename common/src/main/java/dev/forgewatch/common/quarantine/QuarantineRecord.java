package dev.forgewatch.common.quarantine;

import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.ingest.RawRecord;
import java.util.Objects;

/**
 * A record that could not become an event, with where it was and why. The excerpt is short and
 * redacted: a quarantine file never holds a token.
 *
 * @param stage   {@code read} (not parseable as a record) or {@code normalize} (a record, but not a valid one)
 * @param offset  byte offset of the bad input in its file when the reader knows it, else -1
 * @param records how many input records this entry stands for (estimated from the input's
 *                structure): 1 for one bad record, 0 for text between records that held none, more
 *                for a region skipped whole
 */
public record QuarantineRecord(SourceRef origin, String stage, String reason, String excerpt, long offset, long records) {
    public static final String STAGE_READ = "read";
    public static final String STAGE_NORMALIZE = "normalize";

    public QuarantineRecord {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reason, "reason");
        excerpt = excerpt == null ? "" : excerpt;
    }

    /** One bad record, at an offset not known. */
    public QuarantineRecord(SourceRef origin, String stage, String reason, String excerpt) {
        this(origin, stage, reason, excerpt, RawRecord.Malformed.UNKNOWN_OFFSET, 1);
    }

    /** Input a reader could not read as a record. */
    public static QuarantineRecord unreadable(RawRecord.Malformed malformed) {
        return new QuarantineRecord(malformed.origin(), STAGE_READ, malformed.reason(), malformed.excerpt(),
                malformed.offset(), malformed.records());
    }
}
