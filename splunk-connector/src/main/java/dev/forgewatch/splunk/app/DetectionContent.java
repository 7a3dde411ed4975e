package dev.forgewatch.splunk.app;

import dev.forgewatch.splunk.conf.Stanza;
import java.util.List;

/**
 * What the detection pack contributes to the app: the savedsearches.conf stanzas compiled from the
 * rules (each search ending in its {@code <rule>_filter} macro), the macros those searches need
 * (the per-rule filters, empty by default), the lookups they use by name, and the Storm-0558 IP
 * indicators the app's automatic enrichment and dashboards use.
 */
public record DetectionContent(List<Stanza> savedSearches, List<Stanza> macros, List<LookupTable> lookups,
                               List<IpIoc> ipIocs) {
    public static final DetectionContent NONE = new DetectionContent(List.of(), List.of(), List.of(), List.of());

    public DetectionContent {
        savedSearches = List.copyOf(savedSearches);
        macros = List.copyOf(macros);
        lookups = List.copyOf(lookups);
        ipIocs = List.copyOf(ipIocs);
    }
}
