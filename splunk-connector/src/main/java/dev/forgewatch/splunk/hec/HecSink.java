package dev.forgewatch.splunk.hec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.delivery.ShipReport;
import dev.forgewatch.common.delivery.ShipSink;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.ingest.Excerpts;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.quarantine.QuarantineRecord;
import dev.forgewatch.common.quarantine.QuarantineSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Splunk HEC as a {@link ShipSink} of common's delivery loop: each event goes as {@link HecEvents}
 * says (the vendor record for audit records and sign-ins, a document for token observations), to the
 * given host and index, through the acknowledging {@link HecShipper}; events of kinds that are not
 * shipped are counted.
 */
public final class HecSink implements ShipSink {
    private final HecShipper shipper;
    private final HecEvents events;
    private final String host;
    private final String index;
    private long notShipped;

    /** @param host, index the events' destination, or null for the HEC token's defaults */
    public HecSink(HecShipper shipper, HecEvents events, String host, String index) {
        this.shipper = shipper;
        this.events = events;
        this.host = host;
        this.index = index;
    }

    /** What a findings file held: finding lines, and those quarantined because they are not findings. */
    public record Findings(long read, long quarantined) {
    }

    @Override
    public boolean wantsRecords() {
        return true;
    }

    @Override
    public void send(CanonicalEvent event, JsonNode record, Path file) throws IOException, InterruptedException {
        Optional<HecEvent> hec = events.of(event, record, file.getFileName().toString());
        if (hec.isPresent()) {
            shipper.send(hec.get().withDestination(host, index));
        } else {
            notShipped++;
        }
    }

    @Override
    public void confirm() throws IOException, InterruptedException {
        shipper.drain();
    }

    @Override
    public ShipReport report() {
        return shipper.report().withNotShipped(notShipped);
    }

    /** Ships a findings file as {@code forgewatch hunt --format ndjson} writes it, one finding per line. */
    public Findings shipFindings(Path file, QuarantineSink quarantine) throws IOException, InterruptedException {
        long read = 0;
        long quarantined = 0;
        String source = file.getFileName().toString();
        try (BufferedReader lines = Files.newBufferedReader(file)) {
            long lineNumber = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                read++;
                try {
                    shipper.send(HecEvents.finding(Json.MAPPER.readTree(line), source).withDestination(host, index));
                } catch (IllegalArgumentException | JsonProcessingException e) {
                    quarantined++;
                    quarantine.accept(new QuarantineRecord(new SourceRef(file.toString(), lineNumber),
                            QuarantineRecord.STAGE_READ, "not a finding document: " + e.getMessage(), Excerpts.of(line)));
                }
            }
        }
        return new Findings(read, quarantined);
    }
}
