package dev.forgewatch.common.delivery;

import java.util.List;
import java.util.Locale;

/**
 * What a shipment did, the same for every SIEM.
 *
 * @param sent             events handed to the SIEM
 * @param confirmed        events the SIEM confirmed it stored: indexed by Elasticsearch, acknowledged by
 *                         Splunk's indexers (or only accepted, where a HEC token has acknowledgement off)
 * @param alreadyPresent   events whose id the SIEM already held (a rerun or a resume): not stored twice
 * @param failed           events the SIEM refused for good (each in {@code errors}, up to a bound)
 * @param notShipped       events of kinds this SIEM is not sent
 * @param requests         requests the SIEM accepted (bulk requests, HEC batches)
 * @param retried          sends repeated after throttling, a server error or a lost connection
 * @param uncertainResends sends repeated when the earlier one's fate was unknown (the connection was lost
 *                         after sending, an acknowledgement never came): the only case where the SIEM may
 *                         hold a copy twice, both with the same event id
 * @param acknowledged     every confirmation was the SIEM's word that the event is stored
 * @param errors           the first refused events
 */
public record ShipReport(long sent, long confirmed, long alreadyPresent, long failed, long notShipped, long requests,
                         long retried, long uncertainResends, boolean acknowledged, List<ItemError> errors) {
    /** Refused events kept in full in a report; the rest are counted. */
    public static final int MAX_ERRORS = 100;

    public ShipReport {
        errors = List.copyOf(errors);
    }

    /** Events that were sent and have no outcome: neither confirmed, already present, nor refused. */
    public long unconfirmed() {
        return sent - confirmed - alreadyPresent - failed;
    }

    /** Delivery is done: every event sent is stored, and the SIEM said so. */
    public boolean allConfirmed() {
        return acknowledged && failed == 0 && unconfirmed() == 0;
    }

    public ShipReport withNotShipped(long count) {
        return new ShipReport(sent, confirmed, alreadyPresent, failed, count, requests, retried, uncertainResends, acknowledged,
                errors);
    }

    public String summary() {
        return String.format(Locale.ROOT, "%,d events sent: %,d stored, %,d already present, %,d refused, %,d unconfirmed"
                        + " (%,d requests, %,d retries)", sent, confirmed, alreadyPresent, failed, unconfirmed(), requests, retried);
    }
}
