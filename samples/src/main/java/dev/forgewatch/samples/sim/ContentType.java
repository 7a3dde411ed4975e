package dev.forgewatch.samples.sim;

/** Management Activity API content types the sample holds. */
public enum ContentType {
    AUDIT_EXCHANGE("Audit.Exchange"),
    AUDIT_AZURE_ACTIVE_DIRECTORY("Audit.AzureActiveDirectory");

    private final String apiName;

    ContentType(String apiName) {
        this.apiName = apiName;
    }

    /** The name the API uses (and the sample's folder name). */
    public String apiName() {
        return apiName;
    }
}
