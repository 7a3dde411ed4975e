package dev.forgewatch.splunk.hec;

import dev.forgewatch.common.delivery.ItemError;
import dev.forgewatch.common.delivery.ShipReport;
import dev.forgewatch.common.retry.Attempts;
import dev.forgewatch.common.retry.Sleeper;
import dev.forgewatch.common.tls.TlsFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ships events to HEC with indexer acknowledgement, without loss:
 * <ul>
 *   <li>events are batched; a batch leaves memory only when Splunk acknowledges it was indexed;</li>
 *   <li>a busy server (503, code 9), a server error or a lost connection is retried with exponential
 *       backoff, up to {@link HecSettings#maxAttempts} sends, after which the run fails loudly;</li>
 *   <li>a batch whose acknowledgement never comes is sent again;</li>
 *   <li>at most {@link HecSettings#maxPendingBatches} batches wait for acknowledgement: then
 *       {@link #send} blocks (back-pressure) instead of dropping or growing memory;</li>
 *   <li>an event HEC rejects as invalid is reported by id; the rest of its batch is sent again;</li>
 *   <li>an ack id HEC gives twice on the channel stops the run ({@link PendingAcks}): one
 *       acknowledgement cannot confirm two batches, and no batch is dropped from the pending set.</li>
 * </ul>
 * Only un-acknowledged batches are resent, so a retry duplicates nothing Splunk confirmed. HEC has no
 * idempotent send, so when a connection drops after a batch was sent, or an acknowledgement is lost,
 * Splunk may already hold the batch; the resend then carries the same {@code forgewatch_event_id}
 * indexed field and {@code forgewatch_dedup} removes the copy. Not thread-safe: one shipper per thread.
 */
public final class HecShipper {
    private final HecClient client;
    private final HecSettings settings;
    private final Sleeper sleeper;
    private final PendingAcks<Batch> pending = new PendingAcks<>();
    private Batch current;
    private long confirmed;
    private boolean acknowledged = true;
    private long batches;
    private long retries;
    private long uncertainResends;
    private long sent;
    private long failed;
    private final List<ItemError> rejected = new ArrayList<>();

    public HecShipper(HecClient client, HecSettings settings, Sleeper sleeper) {
        this.client = client;
        this.settings = settings;
        this.sleeper = sleeper;
        this.current = new Batch();
    }

    /** Events of one request: their JSON lines and ids, and how often this batch was sent. */
    private final class Batch {
        final List<byte[]> lines = new ArrayList<>();
        final List<String> ids = new ArrayList<>();
        int bytes;
        Attempts sends = new Attempts(settings.retry(), sleeper);
        Duration retryAfter;
        int polls;
        boolean uncertain;

        void add(byte[] line, String id) {
            lines.add(line);
            ids.add(id);
            bytes += line.length;
        }

        byte[] body() {
            ByteArrayOutputStream body = new ByteArrayOutputStream(bytes);
            lines.forEach(body::writeBytes);
            return body.toByteArray();
        }
    }

    /** Queues an event; blocks while too many batches await acknowledgement. */
    public void send(HecEvent event) throws IOException, InterruptedException {
        byte[] line = event.toJsonLine();
        if (!current.lines.isEmpty() && (current.lines.size() >= settings.maxBatchEvents()
                || current.bytes + line.length > settings.maxBatchBytes())) {
            dispatchCurrent();
        }
        current.add(line, event.id());
        sent++;
    }

    /** Sends what is queued and waits until every batch is acknowledged; more events may follow. */
    public void drain() throws IOException, InterruptedException {
        if (!current.lines.isEmpty()) {
            dispatchCurrent();
        }
        while (!pending.isEmpty()) {
            pollAcks();
        }
    }

    /** Sends what is queued, waits until every batch is acknowledged, and reports. */
    public ShipReport finish() throws IOException, InterruptedException {
        drain();
        return report();
    }

    /** What was sent and confirmed so far. */
    public ShipReport report() {
        return new ShipReport(sent, confirmed, 0, failed, 0, batches, retries, uncertainResends, acknowledged, rejected);
    }

    /** Sends the queued batch until HEC takes it, then waits while the pending window is full. */
    private void dispatchCurrent() throws IOException, InterruptedException {
        Batch batch = current;
        current = new Batch();
        post(batch);
        while (pending.size() >= settings.maxPendingBatches()) {
            pollAcks();
        }
    }

    private void post(Batch batch) throws IOException, InterruptedException {
        while (true) {
            if (!batch.sends.start()) {
                throw new HecException("HEC did not take a batch of " + batch.lines.size() + " events after "
                        + batch.sends.made() + " sends; " + unconfirmed(batch) + " events are not confirmed. Run again: "
                        + "events Splunk already holds keep their forgewatch_event_id and forgewatch_dedup drops copies");
            }
            if (batch.sends.made() > 1) {
                retries++;
                if (batch.uncertain) {
                    uncertainResends++;
                }
                batch.sends.pause(batch.sends.waitBeforeCurrent(batch.retryAfter), "a HEC batch");
            }
            HecResponse response;
            try {
                response = client.send(batch.body());
            } catch (HecException e) {
                throw e;
            } catch (IOException e) {
                if (TlsFailure.isHandshakeFailure(e)) {
                    throw tlsFailure(e);
                }
                batch.uncertain = true; // the request may have arrived before the connection broke
                batch.retryAfter = null;
                continue;
            }
            batch.uncertain = false;
            batch.retryAfter = response.retryAfter();
            if (response.accepted()) {
                batches++;
                if (response.ackId() == null) {
                    acknowledged = false; // the token has acknowledgement off: 200 is all Splunk tells
                    confirmed += batch.lines.size();
                } else if (pending.add(response.ackId(), batch)) {
                    batch.polls = 0;
                } else {
                    throw new HecException("HEC protocol error: ack id " + response.ackId() + " was given to two batches on"
                            + " channel " + client.channel() + ", so one acknowledgement cannot confirm both; "
                            + unconfirmed(batch) + " events are not confirmed and nothing further is recorded. Splunk numbers a"
                            + " channel's batches on one HEC instance: a load balancer in front of several must keep a channel"
                            + " on one instance (sticky sessions). Run again once it does: copies keep their forgewatch_event_id");
                }
                return;
            }
            if (response.retryable()) {
                continue;
            }
            if (response.invalidEventNumber() != null && response.invalidEventNumber() < batch.lines.size()) {
                resendWithout(batch, response);
                return;
            }
            throw new HecException("HEC refused a batch: " + response.describe() + "; " + unconfirmed(batch)
                    + " events are not confirmed");
        }
    }

    /**
     * HEC could not read one event: report it and send the others again. Whether HEC kept the events
     * before the bad one is not something it tells; sending them again loses nothing, and a copy
     * carries the same id.
     */
    private void resendWithout(Batch batch, HecResponse response) throws IOException, InterruptedException {
        int invalid = response.invalidEventNumber();
        failed++;
        if (rejected.size() < ShipReport.MAX_ERRORS) {
            rejected.add(new ItemError(batch.ids.get(invalid), null, response.status(), "invalid data", response.describe()));
        }
        Batch rest = new Batch();
        for (int i = 0; i < batch.lines.size(); i++) {
            if (i != invalid) {
                rest.add(batch.lines.get(i), batch.ids.get(i));
            }
        }
        rest.sends = batch.sends;
        rest.retryAfter = batch.retryAfter;
        rest.uncertain = invalid > 0;
        if (!rest.lines.isEmpty()) {
            post(rest);
        }
    }

    /** One acknowledgement query for every pending batch; sends again those whose ack never came. */
    private void pollAcks() throws IOException, InterruptedException {
        Map<Long, Boolean> acks;
        try {
            acks = client.acks(pending.ids());
        } catch (HecException e) {
            throw e;
        } catch (IOException e) {
            if (TlsFailure.isHandshakeFailure(e)) {
                throw tlsFailure(e);
            }
            acks = Map.of(); // unreachable for now: counts as "not yet", bounded by maxAckPolls
        }
        boolean progress = false;
        List<Batch> overdue = new ArrayList<>();
        for (long id : pending.ids()) {
            if (Boolean.TRUE.equals(acks.get(id))) {
                confirmed += pending.remove(id).lines.size();
                progress = true;
            } else if (++pending.get(id).polls >= settings.maxAckPolls()) {
                overdue.add(pending.remove(id));
            }
        }
        for (Batch batch : overdue) {
            batch.uncertain = true; // indexed late, or lost with an indexer: sending again is the safe side
            post(batch);
        }
        if (!progress && overdue.isEmpty() && !pending.isEmpty()) {
            sleeper.sleep(settings.retry().backoff(pending.batches().iterator().next().polls));
        }
    }

    /** A certificate problem will not go away by retrying: say so at once. */
    private static HecException tlsFailure(IOException e) {
        return new HecException(TlsFailure.describe("HEC", e, "--ca-file"));
    }

    private long unconfirmed(Batch failed) {
        return failed.lines.size() + current.lines.size() + pending.batches().stream().mapToLong(b -> b.lines.size()).sum();
    }
}
