package dev.forgewatch.collector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.collector.activity.ActivityApi;
import dev.forgewatch.collector.activity.ActivityException;
import dev.forgewatch.collector.activity.ContentBlob;
import dev.forgewatch.collector.activity.Subscription;
import dev.forgewatch.collector.auth.TokenProvider;
import dev.forgewatch.collector.checkpoint.CheckpointStore;
import dev.forgewatch.collector.coverage.CoverageReport;
import dev.forgewatch.collector.coverage.CoverageTally;
import dev.forgewatch.collector.graph.SignInApi;
import dev.forgewatch.collector.graph.SignInCategory;
import dev.forgewatch.collector.http.ApiClient;
import dev.forgewatch.collector.http.RetryListener;
import dev.forgewatch.collector.output.NdjsonOutput;
import dev.forgewatch.collector.output.RecentIds;
import dev.forgewatch.common.http.HttpTransport;
import dev.forgewatch.common.retry.RetryPolicy;
import dev.forgewatch.common.retry.Sleeper;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A collection run: token, subscriptions, then each content type and each sign-in category in turn, each
 * into its own folder of the output directory with its own checkpoint. Stops at the first error
 * that retrying did not cure; what was published before it stays published and checkpointed.
 */
public final class Collector {
    /** Record ids remembered per stream for duplicate removal (about 32 bytes each). */
    static final int RECENT_IDS = 1_000_000;
    static final int COVERAGE_MAILBOXES = 200_000;
    static final int COVERAGE_THROTTLED = 10_000;

    /** The parts of a run that tests replace: time, waiting, randomness, and crash points. */
    public record Runtime(Clock clock, Sleeper sleeper, Random random, CollectListener listener, FaultHook faults) {
        public static Runtime standard(CollectListener listener) {
            return new Runtime(Clock.systemUTC(), Sleeper.REAL, new Random(), listener, FaultHook.NONE);
        }
    }

    private final CollectorConfig config;
    private final Runtime runtime;
    private final ActivityApi activity;
    private final SignInApi signIns;
    private final AtomicLong throttledRetries = new AtomicLong();
    private final AtomicLong otherRetries = new AtomicLong();

    public Collector(CollectorConfig config, Runtime runtime) throws IOException, GeneralSecurityException {
        this.config = config;
        this.runtime = runtime;
        HttpTransport http = ApiClient.transport(config.tls().sslContext(), Duration.ofSeconds(20), config.requestTimeout());
        RetryPolicy policy = new RetryPolicy(config.maxAttempts(), Duration.ofSeconds(1), Duration.ofMinutes(1),
                Duration.ofMinutes(10), runtime.random());
        RetryListener retries = (what, reason, wait, throttled) -> {
            (throttled ? throttledRetries : otherRetries).incrementAndGet();
            runtime.listener().retrying(what, reason, wait, throttled);
        };
        ApiClient client = new ApiClient(http, policy, runtime.sleeper(), runtime.clock(), retries);
        TokenProvider tokens = new TokenProvider(client, config.authority(), config.tenantId(), config.clientId(),
                config.credential(), runtime.clock());
        this.activity = new ActivityApi(client, tokens, config.manageApi(), config.manageResource(), config.tenantId(),
                config.publisherId());
        this.signIns = new SignInApi(client, tokens, config.graphApi(), config.graphResource());
    }

    /**
     * Makes sure every configured content type has an enabled subscription: starts the missing ones
     * when allowed, else stops with the AF20022 advice. Returns the subscriptions as listed after.
     */
    public List<Subscription> ensureSubscriptions() throws IOException {
        Map<String, Subscription> listed = new LinkedHashMap<>();
        for (Subscription subscription : activity.listSubscriptions()) {
            listed.put(subscription.contentType(), subscription);
        }
        List<String> missing = new ArrayList<>();
        for (String type : config.contentTypes()) {
            Subscription subscription = listed.get(type);
            if (subscription != null && subscription.enabled()) {
                continue;
            }
            if (!config.startSubscriptions()) {
                missing.add(type + (subscription == null ? "" : " (" + subscription.status() + ")"));
                continue;
            }
            Subscription started = activity.start(type);
            listed.put(type, started);
            runtime.listener().warning("started the " + type + " subscription; its first content can take up to 12 hours to appear");
        }
        if (!missing.isEmpty()) {
            throw new ActivityException(400, "AF20022", "no enabled subscription for " + String.join(", ", missing));
        }
        return List.copyOf(listed.values());
    }

    /** Collects every configured stream up to now. */
    public CollectSummary collect() throws IOException {
        Instant now = runtime.clock().instant();
        List<StreamResult> results = new ArrayList<>();
        CoverageTally coverage = new CoverageTally(COVERAGE_MAILBOXES, COVERAGE_THROTTLED);
        if (!config.contentTypes().isEmpty()) {
            ensureSubscriptions();
        }
        CheckpointStore store = new CheckpointStore(config.stateDir());
        for (String type : config.contentTypes()) {
            StreamSink sink = sink(type, store, now.minus(config.lookback()));
            try {
                results.add(new ActivityStream(type, activity, sink, coverage, runtime.listener()).run(now, config.settle()));
            } catch (IOException | RuntimeException e) {
                sink.abandon();
                throw e;
            }
        }
        for (SignInCategory category : config.signIns() ? config.signInCategories() : List.<SignInCategory>of()) {
            // each category its own folder and checkpoint: one failing (e.g. a beta outage) never moves another's cursor
            StreamSink sink = sink(category.stream(), store, now.minus(config.lookback()));
            try {
                results.add(new SignInStream(category, signIns, sink, runtime.listener()).run(now, config.graphWindow(),
                        config.settle()));
            } catch (IOException | RuntimeException e) {
                sink.abandon();
                throw e;
            }
        }
        return new CollectSummary(config.outputDir(), results, coverage.report(), throttledRetries.get(), otherRetries.get());
    }

    /**
     * The logging-coverage preflight: reads the last {@code window} of Audit.Exchange content (up to
     * 7 days) without writing anything or touching checkpoints, and reports whether MailItemsAccessed
     * is produced and for which mailboxes it is not.
     */
    public CoverageReport preflight(Duration window) throws IOException {
        Instant now = runtime.clock().instant();
        Instant start = now.minus(window);
        Instant earliest = now.minus(CollectorConfig.ACTIVITY_RETENTION).plus(ActivityStream.EDGE);
        if (start.isBefore(earliest)) {
            start = earliest;
        }
        CoverageTally coverage = new CoverageTally(COVERAGE_MAILBOXES, COVERAGE_THROTTLED);
        RecentIds seen = new RecentIds(RECENT_IDS);
        for (Instant from = start; from.isBefore(now); ) {
            Instant to = from.plus(ActivityStream.MAX_WINDOW).isBefore(now) ? from.plus(ActivityStream.MAX_WINDOW) : now;
            List<ContentBlob> blobs = new ArrayList<>();
            activity.listContent("Audit.Exchange", from, to, blobs::add);
            blobs.sort(Comparator.comparing(ContentBlob::contentCreated));
            runtime.listener().window("Audit.Exchange", from, to, blobs.size());
            for (ContentBlob blob : blobs) {
                for (JsonNode record : activity.fetch(blob)) {
                    if (seen.add(record.path("Id").asText(record.toString()))) {
                        coverage.observe(record);
                    }
                }
            }
            from = to;
        }
        return coverage.report();
    }

    private StreamSink sink(String stream, CheckpointStore store, Instant firstCursor) throws IOException {
        NdjsonOutput output = new NdjsonOutput(config.outputDir().resolve(stream), stream, runtime.clock(),
                config.maxFileBytes(), config.maxFileRecords());
        return StreamSink.open(stream, output, store, firstCursor, new RecentIds(RECENT_IDS), runtime.faults(),
                runtime.listener());
    }
}
