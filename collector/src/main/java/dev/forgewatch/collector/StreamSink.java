package dev.forgewatch.collector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.collector.checkpoint.Checkpoint;
import dev.forgewatch.collector.checkpoint.CheckpointStore;
import dev.forgewatch.collector.output.NdjsonOutput;
import dev.forgewatch.collector.output.RecentIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one stream's records go, and the protocol that keeps output and checkpoint in step:
 * <ol>
 * <li>records of whole units (blobs, Graph windows) are appended to a hidden temp file;</li>
 * <li>to commit, the file is finished and forced, then the checkpoint is saved naming it as
 *     <em>pending</em> with the units it holds;</li>
 * <li>the file is renamed to its final name, then the checkpoint is saved with the units folded in.</li>
 * </ol>
 * After a crash at any point, {@link #open} settles a pending file by looking for its final name:
 * there, its units count as written; missing, they are fetched again. Either way no record is lost
 * or written twice.
 */
final class StreamSink {
    /** Ids read back from the newest published files at start, so duplicates across a restart are caught too. */
    static final int RECENT_FROM_FILES = 500_000;
    private final String stream;
    private final NdjsonOutput output;
    private final CheckpointStore store;
    private final RecentIds recent;
    private final FaultHook faults;
    private final CollectListener listener;
    private Checkpoint checkpoint;

    private final Map<String, Instant> unitIds = new LinkedHashMap<>();
    private long unitBlobs;
    private long unitRecords;
    private long units;
    private long files;
    private long records;
    private long duplicates;

    private StreamSink(String stream, NdjsonOutput output, CheckpointStore store, Checkpoint checkpoint, RecentIds recent,
                       FaultHook faults, CollectListener listener) {
        this.stream = stream;
        this.output = output;
        this.store = store;
        this.checkpoint = checkpoint;
        this.recent = recent;
        this.faults = faults;
        this.listener = listener;
    }

    /** Loads the stream's checkpoint (or starts one at {@code firstCursor}) and settles what a crash left behind. */
    static StreamSink open(String stream, NdjsonOutput output, CheckpointStore store, Instant firstCursor, RecentIds recent,
                           FaultHook faults, CollectListener listener) throws IOException {
        Checkpoint checkpoint = store.load(stream).orElse(Checkpoint.fresh(stream, firstCursor));
        if (checkpoint.pending() != null) {
            boolean published = Files.exists(output.dir().resolve(checkpoint.pending().file()));
            checkpoint = published ? checkpoint.commitPending() : checkpoint.dropPending();
            store.save(checkpoint);
        }
        output.removeStaleTemps();
        output.recentIds(RECENT_FROM_FILES, recent::add);
        return new StreamSink(stream, output, store, checkpoint, recent, faults, listener);
    }

    Checkpoint checkpoint() {
        return checkpoint;
    }

    /** Writes a raw record unless its id (see {@link NdjsonOutput#idOf}) was written recently. */
    boolean write(JsonNode record) throws IOException {
        if (!recent.add(NdjsonOutput.idOf(record))) {
            duplicates++;
            return false;
        }
        output.write(record);
        unitRecords++;
        records++;
        return true;
    }

    /** A whole unit is in the open file (or had no new records). */
    void unitDone(String contentId, Instant contentCreated) {
        if (contentId != null) {
            unitIds.put(contentId, contentCreated);
            unitBlobs++;
        }
        units++;
        faults.reached(FaultHook.Point.UNIT_WRITTEN, stream, units);
    }

    boolean full() {
        return output.full();
    }

    /** Makes everything written so far durable and moves the cursor to {@code cursor} (null: keep it). */
    void commit(Instant cursor) throws IOException {
        if (output.isOpen()) {
            NdjsonOutput.Prepared prepared = output.prepare();
            faults.reached(FaultHook.Point.FILE_PREPARED, stream, units);
            checkpoint = checkpoint.withPending(new Checkpoint.Pending(prepared.target().getFileName().toString(), unitIds, cursor,
                    unitBlobs, unitRecords));
            store.save(checkpoint);
            faults.reached(FaultHook.Point.PENDING_SAVED, stream, units);
            output.publish(prepared);
            faults.reached(FaultHook.Point.FILE_PUBLISHED, stream, units);
            checkpoint = checkpoint.commitPending();
            files++;
            listener.published(stream, prepared.target(), prepared.records());
        } else if (!unitIds.isEmpty() || (cursor != null && !cursor.equals(checkpoint.cursor()))) {
            checkpoint = checkpoint.advance(unitIds, cursor, unitBlobs, 0, 0);
        } else {
            return;
        }
        store.save(checkpoint);
        unitIds.clear();
        unitBlobs = 0;
        unitRecords = 0;
    }

    /** Leaves an unfinished file as a crash would; its units were never checkpointed. */
    void abandon() {
        output.abandon();
    }

    long files() {
        return files;
    }

    long records() {
        return records;
    }

    long duplicates() {
        return duplicates;
    }

    Path dir() {
        return output.dir();
    }
}
