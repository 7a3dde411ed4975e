package dev.forgewatch.collector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.collector.graph.SignInApi;
import dev.forgewatch.collector.graph.SignInCategory;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Collects one category of Entra ID sign-ins ({@link SignInCategory}: interactive,
 * non-interactive, service principal, managed identity) from Graph in fixed windows of {@code createdDateTime}, up to the settle
 * time before now (sign-ins reach Graph with a delay). A window is the unit of durability: the
 * cursor moves past it only when the file holding it is published, so a crash repeats at most the
 * windows of one unpublished file.
 */
final class SignInStream {
    private final SignInCategory category;
    private final SignInApi api;
    private final StreamSink sink;
    private final CollectListener listener;

    SignInStream(SignInCategory category, SignInApi api, StreamSink sink, CollectListener listener) {
        this.category = category;
        this.api = api;
        this.sink = sink;
        this.listener = listener;
    }

    StreamResult run(Instant now, Duration window, Duration settle) throws IOException {
        Instant earliest = now.minus(CollectorConfig.SIGNIN_RETENTION);
        Instant start = sink.checkpoint().cursor();
        if (start.isBefore(earliest)) {
            listener.warning(category.stream() + ": sign-ins between " + start + " and " + earliest + " are past Entra's 30-day retention: a coverage gap");
            start = earliest;
        }
        Instant end = now.minus(settle);
        long pages = 0;
        Instant done = null;
        for (Instant from = start; from.isBefore(end); from = done) {
            Instant to = from.plus(window).isBefore(end) ? from.plus(window) : end;
            long[] windowPages = {0};
            api.signIns(category, from, to, page -> {
                windowPages[0]++;
                for (JsonNode record : page) {
                    sink.write(record);
                }
            });
            pages += windowPages[0];
            listener.window(category.stream(), from, to, (int) windowPages[0]);
            sink.unitDone(null, null);
            done = to;
            if (sink.full()) {
                sink.commit(done);
            }
        }
        sink.commit(done);
        return new StreamResult(category.stream(), start, end, pages, 0, pages, sink.records(), sink.duplicates(), sink.files(), 0);
    }
}
