package dev.forgewatch.common.mapping;

import java.util.List;
import java.util.Map;

/**
 * One canonical field as {@code fields.yaml} defines it.
 *
 * @param sources per source-kind short name ({@code audit}, {@code signin}, {@code app}); token
 *                events are read with the {@code app} rules
 * @param cim     the Splunk CIM field name, or null where CIM has none
 */
public record FieldDefinition(
        String name,
        FieldType type,
        boolean multi,
        String description,
        List<String> sigma,
        String ecs,
        String cim,
        Map<String, SourceRule> sources) {

    public FieldDefinition {
        sigma = List.copyOf(sigma);
        sources = Map.copyOf(sources);
    }

    public SourceRule source(String kind) {
        return sources.get(kind);
    }

    public boolean hasCim() {
        return cim != null;
    }
}
