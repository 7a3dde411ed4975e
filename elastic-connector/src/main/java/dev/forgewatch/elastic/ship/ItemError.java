package dev.forgewatch.elastic.ship;

/** A document Elasticsearch did not take, and why (the reason is redacted of tokens). */
public record ItemError(String id, String index, int status, String type, String reason) {
    @Override
    public String toString() {
        return index + "/" + id + ": " + status + " " + type + ": " + reason;
    }
}
