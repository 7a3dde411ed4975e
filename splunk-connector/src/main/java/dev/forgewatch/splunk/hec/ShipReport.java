package dev.forgewatch.splunk.hec;

import java.util.List;

/**
 * What a shipping run did.
 *
 * @param confirmed       events Splunk confirmed: indexed (acknowledged), or accepted where the token has
 *                        acknowledgement off
 * @param acknowledged    whether every confirmation was an indexer acknowledgement
 * @param batches         requests that HEC accepted
 * @param retries         sends repeated after a busy server, a server error or a lost connection
 * @param uncertainResends sends repeated when the earlier attempt's fate was unknown (connection lost after
 *                        sending, acknowledgement never came): the only case in which Splunk may hold a
 *                        copy twice, both with the same {@code forgewatch_event_id}
 * @param rejectedIds     ids of events HEC refused as invalid data (never their content)
 */
public record ShipReport(long confirmed, boolean acknowledged, long batches, long retries, long uncertainResends,
                         List<String> rejectedIds) {
    public ShipReport {
        rejectedIds = List.copyOf(rejectedIds);
    }
}
