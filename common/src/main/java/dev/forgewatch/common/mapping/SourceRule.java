package dev.forgewatch.common.mapping;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one canonical field is read from one source kind: the paths tried in order, and an optional
 * value table (matched case-insensitively, {@code "*"} for any other value).
 */
public record SourceRule(List<SourcePath> paths, Map<String, String> values) {
    public static final String ANY_VALUE = "*";

    public SourceRule {
        paths = List.copyOf(paths);
        TreeMap<String, String> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        folded.putAll(values);
        values = java.util.Collections.unmodifiableMap(folded);
    }

    public boolean hasValueTable() {
        return !values.isEmpty();
    }

    /** The table's translation of a raw value; the {@code "*"} entry, else the value itself. */
    public String translate(String rawValue) {
        if (values.isEmpty()) {
            return rawValue;
        }
        String mapped = values.get(rawValue);
        if (mapped != null) {
            return mapped;
        }
        return values.getOrDefault(ANY_VALUE, rawValue);
    }
}
