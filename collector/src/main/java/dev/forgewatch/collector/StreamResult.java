package dev.forgewatch.collector;

import java.time.Instant;

/**
 * What one stream did in one run.
 *
 * @param skipped    blobs listed again but already written by an earlier run (content id dedupe)
 * @param duplicates records dropped because their Id was already written (record id dedupe)
 * @param expired    blobs that had expired (or vanished) before they could be fetched
 */
public record StreamResult(String stream, Instant from, Instant to, long listed, long skipped, long written,
                           long records, long duplicates, long files, long expired) {
}
