package dev.forgewatch.common.ingest;

/** The shapes of input ForgeWatch reads, detected per file from its content. */
public enum InputFormat {
    /** A JSON document: an array of records, an envelope ({@code value} / {@code records}), or objects. */
    JSON_DOCUMENT("JSON"),
    /** One JSON record per line. */
    NDJSON("NDJSON"),
    /** Purview / Search-UnifiedAuditLog CSV export, the record JSON in the AuditData column. */
    AUDIT_CSV("audit CSV export"),
    /** Plain text lines (web access logs), read by a {@link LineParser}. */
    TEXT_LINES("text lines"),
    /** Nothing in the file. */
    EMPTY("empty"),
    /** Binary content that is none of the above. */
    BINARY("binary");

    private final String label;

    InputFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
