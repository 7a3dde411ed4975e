package dev.forgewatch.common.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.CanonicalEvent;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where {@link ShipRun} delivers events: one SIEM's shipper (Elasticsearch bulk, Splunk HEC). The
 * sink batches, retries and counts; the run reads, quarantines and checkpoints.
 */
public interface ShipSink {
    /** Whether {@link #send} needs the vendor record each event came from (a copy is then kept per record). */
    default boolean wantsRecords() {
        return false;
    }

    /**
     * Queues one event; may block while the SIEM catches up (back-pressure, bounded memory).
     *
     * @param record the vendor record the event came from, when {@link #wantsRecords()}, else null
     * @param file   the input file it was read from
     */
    void send(CanonicalEvent event, JsonNode record, Path file) throws IOException, InterruptedException;

    /**
     * Sends what is queued and returns once the SIEM confirmed or refused every event sent so far;
     * throws when it cannot say (the run then records nothing further).
     */
    void confirm() throws IOException, InterruptedException;

    ShipReport report();
}
