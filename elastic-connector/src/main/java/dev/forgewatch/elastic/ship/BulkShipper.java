package dev.forgewatch.elastic.ship;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.delivery.ItemError;
import dev.forgewatch.common.delivery.ShipReport;
import dev.forgewatch.common.delivery.ShipSink;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.http.ServerText;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.retry.Attempts;
import dev.forgewatch.common.retry.Sleeper;
import dev.forgewatch.common.tls.TlsFailure;
import dev.forgewatch.elastic.assets.EcsTemplates;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Bulk-indexes canonical events as ECS documents with {@code _id} = the stable event id.
 *
 * <p>Every document is sent as a {@code create}: data streams accept nothing else, and on a plain
 * index it means a re-run or a resumed run can never overwrite or duplicate a document: the cluster
 * answers 409 for an id it has, which counts as "already present", not as an error. Batches are
 * bounded in documents and bytes and flushed synchronously, so a fast reader waits for the cluster
 * (back-pressure, bounded memory). Items rejected with 429 or 5xx are retried alone, with exponential
 * backoff; other item errors are reported per document and not retried.
 */
public final class BulkShipper implements ShipSink {
    private final ElasticsearchClient client;
    private final EcsMapper mapper;
    private final ShipOptions options;
    private final Sleeper sleeper;
    private final List<Pending> batch = new ArrayList<>();
    private long batchBytes;
    private long sent;
    private long created;
    private long alreadyPresent;
    private long retried;
    private long failed;
    private long bulkRequests;
    private final List<ItemError> errors = new ArrayList<>();

    public BulkShipper(ElasticsearchClient client, EcsMapper mapper, ShipOptions options, Sleeper sleeper) {
        this.client = client;
        this.mapper = mapper;
        this.options = options;
        this.sleeper = sleeper;
    }

    /** One document waiting to be indexed. */
    private record Pending(String index, String id, byte[] json) {
    }

    @Override
    public void send(CanonicalEvent event, JsonNode record, Path file) throws IOException, InterruptedException {
        add(event);
    }

    /** Bulk responses say per item whether it was indexed: a flush leaves no event without its outcome. */
    @Override
    public void confirm() throws IOException, InterruptedException {
        flush();
    }

    /** Queues an event, flushing first when the batch is full (the caller waits: back-pressure). */
    public void add(CanonicalEvent event) throws IOException, InterruptedException {
        byte[] json = Json.MAPPER.writeValueAsBytes(mapper.toDocument(event));
        if (!batch.isEmpty() && (batch.size() >= options.batchDocs() || batchBytes + json.length > options.batchBytes())) {
            flush();
        }
        batch.add(new Pending(EcsTemplates.dataStream(event.kind().shortName(), options.namespace()), event.id(), json));
        batchBytes += json.length;
        sent++;
    }

    /** Sends what is queued, retrying 429/5xx items, and returns when every item has an outcome. */
    public void flush() throws IOException, InterruptedException {
        List<Pending> pending = new ArrayList<>(batch);
        batch.clear();
        batchBytes = 0;
        Attempts attempts = new Attempts(options.retry(), sleeper);
        while (!pending.isEmpty() && attempts.start()) {
            // on the last attempt nothing comes back: what still fails becomes an error
            List<Pending> again = send(pending, attempts.last());
            if (again.isEmpty()) {
                return;
            }
            retried += again.size();
            sleeper.sleep(attempts.nextWait(null));
            pending = again;
        }
    }

    /** @return the items to retry (none on the last attempt: those become errors) */
    private List<Pending> send(List<Pending> pending, boolean lastAttempt) throws IOException {
        BulkRequest.Builder request = new BulkRequest.Builder();
        for (Pending item : pending) {
            request.operations(op -> op.create(c -> c.index(item.index()).id(item.id())
                    .document(BinaryData.of(item.json(), ContentType.APPLICATION_JSON))));
        }
        BulkResponse response;
        bulkRequests++;
        try {
            response = client.bulk(request.build());
        } catch (ElasticsearchException e) {
            return wholeRequestFailed(pending, e.status(), e.getMessage(), lastAttempt);
        } catch (TransportException e) {
            failAtOnceOnTls(e);
            return wholeRequestFailed(pending, e.statusCode(), e.getMessage(), lastAttempt);
        } catch (IOException e) {
            failAtOnceOnTls(e);
            // connection refused or reset: worth another try, like a 503
            return wholeRequestFailed(pending, 0, String.valueOf(e.getMessage()), lastAttempt);
        }
        List<Pending> again = new ArrayList<>();
        List<BulkResponseItem> items = response.items();
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            int status = item.status();
            if (status >= 200 && status < 300) {
                created++;
            } else if (status == 409) {
                alreadyPresent++;
            } else if (retryable(status) && !lastAttempt) {
                again.add(pending.get(i));
            } else {
                failed++;
                if (errors.size() < ShipReport.MAX_ERRORS) {
                    String type = item.error() == null ? "" : item.error().type();
                    String reason = item.error() == null || item.error().reason() == null ? "" : item.error().reason();
                    errors.add(new ItemError(item.id(), item.index(), status, type, ServerText.excerpt(reason)));
                }
            }
        }
        return again;
    }

    private List<Pending> wholeRequestFailed(List<Pending> pending, int status, String message, boolean lastAttempt)
            throws IOException {
        if (status > 0 && !retryable(status)) {
            throw new IOException("bulk request rejected with HTTP " + status + ": " + ServerText.excerpt(message));
        }
        if (lastAttempt) {
            throw new IOException("bulk request still failing after " + options.maxRetries() + " retries: "
                    + ServerText.excerpt(message));
        }
        return pending;
    }

    /** An untrusted or mismatched certificate does not get better by asking again. */
    private static void failAtOnceOnTls(IOException e) throws IOException {
        if (TlsFailure.isHandshakeFailure(e)) {
            throw new IOException(TlsFailure.describe("Elasticsearch", e, "--ca-cert"), e);
        }
    }

    static boolean retryable(int status) {
        return status == 429 || status >= 500;
    }

    @Override
    public ShipReport report() {
        return new ShipReport(sent, created, alreadyPresent, failed, 0, bulkRequests, retried, 0, true, errors);
    }
}
