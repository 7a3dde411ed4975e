package dev.forgewatch.common.delivery;

/**
 * An event the SIEM refused for good, and why: Elasticsearch's item error, or HEC's "invalid data"
 * for one event of a batch. The reason is the server's text, quoted bounded and redacted; the
 * event's content is never kept.
 *
 * @param destination the index or data stream, when known
 */
public record ItemError(String id, String destination, int status, String type, String reason) {
    @Override
    public String toString() {
        return (destination == null ? "" : destination + "/") + id + ": " + status + " " + type + ": " + reason;
    }
}
