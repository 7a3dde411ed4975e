package dev.forgewatch.splunk.app;

import dev.forgewatch.detections.compile.splunk.SplunkExport;
import dev.forgewatch.detections.compile.splunk.Stanza;
import dev.forgewatch.detections.rule.Lookup;
import dev.forgewatch.detections.rule.RuleSet;
import dev.forgewatch.detections.tuning.Tuning;
import java.util.ArrayList;
import java.util.List;

/**
 * What the detection pack contributes to the app: the savedsearches.conf stanzas compiled from the
 * rules (each search ending in its {@code <rule>_filter} macro), the macros those searches need
 * (shared ones and the per-rule filters, empty by default), the transforms.conf definitions of the
 * lookups they use by name with the lookups' rows, and which of those lookups lists the IP indicators
 * the app's automatic enrichment and dashboards use.
 *
 * @param ipIocLookup the name of the lookup in {@code lookups} keyed by IP, with {@code description} and
 *                    {@code source} columns
 */
public record DetectionContent(List<Stanza> savedSearches, List<Stanza> macros, List<Stanza> lookupDefinitions,
                               List<LookupTable> lookups, String ipIocLookup) {
    /** The columns the app's automatic IP enrichment reads, the key column first. */
    private static final List<String> IP_IOC_COLUMNS = List.of("ip", "description", "source");

    public DetectionContent {
        savedSearches = List.copyOf(savedSearches);
        macros = List.copyOf(macros);
        lookupDefinitions = List.copyOf(lookupDefinitions);
        lookups = List.copyOf(lookups);
        for (LookupTable table : lookups) {
            if (lookupDefinitions.stream().noneMatch(d -> d.name().equals(table.name())
                    && d.value("filename").orElse("").equals(table.fileName()))) {
                throw new IllegalArgumentException("lookup " + table.name() + " has no definition reading " + table.fileName());
            }
        }
        LookupTable ip = lookups.stream().filter(t -> t.name().equals(ipIocLookup)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("the IP indicator lookup " + ipIocLookup + " is not among the lookups"));
        if (!ip.columns().get(0).equals(IP_IOC_COLUMNS.get(0)) || !ip.columns().containsAll(IP_IOC_COLUMNS)) {
            throw new IllegalArgumentException("the IP indicator lookup " + ipIocLookup + " needs the columns "
                    + IP_IOC_COLUMNS + ", key first; it has " + ip.columns());
        }
    }

    /** The rule set's Splunk compilation. */
    public static DetectionContent of(RuleSet rules, String ipIocLookup) {
        return of(rules, Tuning.NONE, ipIocLookup);
    }

    /** The rule set's Splunk compilation, its filter macros generated from the tuning. */
    public static DetectionContent of(RuleSet rules, Tuning tuning, String ipIocLookup) {
        List<LookupTable> tables = new ArrayList<>();
        for (Lookup lookup : rules.lookups().values()) {
            List<List<String>> rows = lookup.rows().stream()
                    .map(row -> lookup.columns().stream().map(column -> row.getOrDefault(column, "")).toList()).toList();
            tables.add(new LookupTable(lookup.name(), lookup.columns(), rows));
        }
        return new DetectionContent(SplunkExport.savedSearchStanzas(rules), SplunkExport.macroStanzas(rules, tuning),
                SplunkExport.lookupDefinitions(rules), tables, ipIocLookup);
    }

    /** The IP indicator lookup. */
    public LookupTable ipIocs() {
        return lookups.stream().filter(t -> t.name().equals(ipIocLookup)).findFirst().orElseThrow();
    }
}
