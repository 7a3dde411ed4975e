package dev.forgewatch.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.forgewatch.collector.activity.ActivityApi;
import dev.forgewatch.collector.activity.ActivityException;
import dev.forgewatch.collector.activity.ContentBlob;
import dev.forgewatch.collector.coverage.CoverageTally;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects one content type: from the checkpoint's cursor (or the look-back on a first run) to now,
 * in windows of at most 24 hours of content creation time; in each window, every listed blob not yet
 * written, oldest first. A window counts as complete once its end is older than the settle time;
 * until then its blobs are remembered by content id so the next run does not fetch them again.
 */
final class ActivityStream {
    static final Duration MAX_WINDOW = Duration.ofHours(24);
    /** Stay clear of the 7-day edge: a window starting exactly there can be refused by the time it is sent. */
    static final Duration EDGE = Duration.ofMinutes(10);
    /** Codes meaning "this blob is gone", where waiting will not help. */
    private static final Set<String> GONE = Set.of("AF20050", "AF20051", "AF20052");

    private final String contentType;
    private final ActivityApi api;
    private final StreamSink sink;
    private final CoverageTally coverage;
    private final CollectListener listener;

    ActivityStream(String contentType, ActivityApi api, StreamSink sink, CoverageTally coverage, CollectListener listener) {
        this.contentType = contentType;
        this.api = api;
        this.sink = sink;
        this.coverage = coverage;
        this.listener = listener;
    }

    StreamResult run(Instant now, Duration settle) throws IOException {
        Instant earliest = now.minus(CollectorConfig.ACTIVITY_RETENTION).plus(EDGE);
        Instant start = sink.checkpoint().cursor();
        if (start.isBefore(earliest)) {
            listener.warning(contentType + ": content created between " + start + " and " + earliest
                    + " has expired (the API keeps 7 days) and cannot be collected any more: a coverage gap");
            start = earliest;
        }
        long listed = 0;
        long skipped = 0;
        long written = 0;
        long expired = 0;
        Instant complete = null;
        for (Instant from = start; from.isBefore(now); ) {
            Instant to = from.plus(MAX_WINDOW).isBefore(now) ? from.plus(MAX_WINDOW) : now;
            Map<String, ContentBlob> blobs = new LinkedHashMap<>();
            api.listContent(contentType, from, to, blob -> blobs.putIfAbsent(blob.contentId(), blob));
            List<ContentBlob> ordered = new ArrayList<>(blobs.values());
            ordered.sort(Comparator.comparing(ContentBlob::contentCreated).thenComparing(ContentBlob::contentId));
            listener.window(contentType, from, to, ordered.size());
            listed += ordered.size();
            for (ContentBlob blob : ordered) {
                if (sink.checkpoint().seen(blob.contentId())) {
                    skipped++;
                    continue;
                }
                ArrayNode records;
                try {
                    records = api.fetch(blob);
                } catch (ActivityException e) {
                    if (!GONE.contains(e.code())) {
                        throw e;
                    }
                    listener.warning(contentType + ": blob " + blob.contentId() + " created " + blob.contentCreated()
                            + " is gone (" + e.code() + "); its records cannot be collected");
                    expired++;
                    sink.unitDone(blob.contentId(), blob.contentCreated());
                    continue;
                }
                long before = sink.duplicates();
                long count = 0;
                for (JsonNode record : records) {
                    if (sink.write(record)) {
                        count++;
                        coverage.observe(record);
                    }
                }
                written++;
                sink.unitDone(blob.contentId(), blob.contentCreated());
                listener.blob(contentType, blob.contentId(), count, sink.duplicates() - before);
                if (sink.full()) {
                    sink.commit(complete);
                }
            }
            if (!to.isAfter(now.minus(settle))) {
                complete = to;
            }
            from = to;
        }
        sink.commit(complete);
        return new StreamResult(contentType, start, now, listed, skipped, written, sink.records(), sink.duplicates(),
                sink.files(), expired);
    }
}
