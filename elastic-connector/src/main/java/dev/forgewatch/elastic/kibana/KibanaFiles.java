package dev.forgewatch.elastic.kibana;

import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.compile.elastic.KibanaRuleExport;
import dev.forgewatch.detections.compile.elastic.StackLines;
import dev.forgewatch.detections.rule.RuleSet;
import dev.forgewatch.detections.tuning.Tuning;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kibana import files, one folder per supported stack line ({@code 8.19/}, {@code 9.3/}, ...): the
 * saved objects (Stack Management > Saved objects > Import) and the detection rules built for that
 * line (Security > Rules > Import). The build writes them to {@code target/kibana}; the copy committed
 * in {@code elastic-connector/kibana} is checked against them.
 */
public final class KibanaFiles {
    public static final String RULES = "forgewatch-rules.ndjson";
    public static final String DASHBOARDS = "forgewatch-dashboards.ndjson";

    private KibanaFiles() {
    }

    public static Map<String, String> files(FieldCatalog catalog, RuleSet rules, StackLines lines) {
        return files(catalog, rules, Tuning.NONE, lines);
    }

    /** The files per supported line, the rules carrying the tuning's exception lists. */
    public static Map<String, String> files(FieldCatalog catalog, RuleSet rules, Tuning tuning, StackLines lines) {
        Map<String, String> files = new TreeMap<>();
        String dashboards = new Dashboards(catalog).ndjson();
        for (StackLines.Line line : lines.supported()) {
            files.put(line + "/" + DASHBOARDS, dashboards);
            files.put(line + "/" + RULES, KibanaRuleExport.forLine(rules, line, lines, tuning).ndjson());
        }
        return files;
    }
}
