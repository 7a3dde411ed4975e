package dev.forgewatch.common.mapping;

import java.util.List;

/** How one canonical field is read from one source kind: entries tried in order. */
public record SourceRule(List<SourceEntry> entries) {
    public SourceRule {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a source needs at least one path");
        }
    }

    /** The paths of the entries, in order. */
    public List<SourcePath> paths() {
        return entries.stream().map(SourceEntry::path).toList();
    }
}
