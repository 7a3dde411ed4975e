package dev.forgewatch.elastic.assets;

/** The kinds of Elasticsearch assets ForgeWatch installs, in installation order. */
public enum AssetKind {
    ILM_POLICY("ILM policy"),
    COMPONENT_TEMPLATE("component template"),
    INDEX_TEMPLATE("index template"),
    INGEST_PIPELINE("ingest pipeline");

    private final String label;

    AssetKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
