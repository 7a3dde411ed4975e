package dev.forgewatch.elastic.kibana;

import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.compile.elastic.ElasticExport;
import dev.forgewatch.detections.rule.RuleSet;
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

    public static Map<String, String> files(FieldCatalog catalog, RuleSet rules) {
        Map<String, String> files = new TreeMap<>();
        files.put("forgewatch-dashboards.ndjson", new Dashboards(catalog).ndjson());
        files.put("forgewatch-rules.ndjson", ElasticExport.ndjson(rules));
        return files;
    }
}
