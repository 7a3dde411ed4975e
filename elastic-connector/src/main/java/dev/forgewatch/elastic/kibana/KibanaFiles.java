package dev.forgewatch.elastic.kibana;

import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.elastic.rules.ElasticRule;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kibana import files for clusters without Fleet, committed in {@code elastic-connector/kibana}:
 * the saved objects (Stack Management > Saved objects > Import) and the rules (Security > Rules >
 * Import rules).
 */
public final class KibanaFiles {
    private KibanaFiles() {
    }

    public static Map<String, String> files(FieldCatalog catalog, List<ElasticRule> rules) {
        Map<String, String> files = new TreeMap<>();
        files.put("forgewatch-dashboards.ndjson", new Dashboards(catalog).ndjson());
        files.put("forgewatch-rules.ndjson", KibanaRules.ndjson(rules));
        return files;
    }
}
