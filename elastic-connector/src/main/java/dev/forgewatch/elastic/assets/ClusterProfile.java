package dev.forgewatch.elastic.assets;

/**
 * What a cluster can take. ForgeWatch targets Elasticsearch 8.x/9.x (data streams, ILM); the OSS 7.10
 * node the tests run on has neither, so its assets leave them out.
 */
public record ClusterProfile(String version, boolean dataStreams, boolean ilm, boolean constantKeyword) {
    /** Elasticsearch 8.x and 9.x (default distribution). */
    public static final ClusterProfile MODERN = new ClusterProfile("8.x", true, true, true);
    /** The OSS 7.10 node of the tests and the demo. */
    public static final ClusterProfile OSS_7_10 = new ClusterProfile("7.10.2 (oss)", false, false, false);

    /** From {@code GET /}: the version number and build flavor ({@code oss} or {@code default}). */
    public static ClusterProfile detect(String versionNumber, String buildFlavor) {
        String[] parts = versionNumber.split("[.-]");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        boolean oss = "oss".equals(buildFlavor);
        if (major < 7 || (major == 7 && minor < 10)) {
            throw new IllegalArgumentException("Elasticsearch " + versionNumber + " is too old: ForgeWatch needs 7.10 or later"
                    + " (8.x or 9.x recommended)");
        }
        // 7.x default distributions have data streams too, but older ILM and mapping options: treat them like
        // the OSS node and say so, rather than half-support them
        boolean modern = !oss && major >= 8;
        String label = versionNumber + (oss ? " (oss)" : "");
        return new ClusterProfile(label, modern, modern, modern);
    }
}
