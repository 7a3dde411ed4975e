package dev.forgewatch.elastic.ship;

import java.util.List;

/**
 * What a shipment did. {@code alreadyPresent} counts documents whose id was already indexed (a
 * re-run or resume): they are not written again.
 */
public record ShipReport(long sent, long created, long alreadyPresent, long retried, long failed, long bulkRequests,
                         List<ItemError> errors) {
    public ShipReport {
        errors = List.copyOf(errors);
    }

    public String summary() {
        return String.format("%d documents: %d indexed, %d already present, %d failed (%d retries, %d bulk requests)",
                sent, created, alreadyPresent, failed, retried, bulkRequests);
    }
}
