package dev.forgewatch.common.mapping;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One way of reading a field: a path, and optionally a value table matched case-insensitively.
 * With a table, a value that matches no entry falls to the {@code "*"} entry, or, when there is
 * none, counts as not found so the next entry is tried.
 */
public record SourceEntry(SourcePath path, Map<String, String> values) {
    public static final String ANY_VALUE = "*";

    public SourceEntry {
        TreeMap<String, String> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        folded.putAll(values);
        values = Collections.unmodifiableMap(folded);
    }

    public static SourceEntry of(String path) {
        return new SourceEntry(SourcePath.parse(path), Map.of());
    }

    public boolean hasValueTable() {
        return !values.isEmpty();
    }

    /** The value as the table translates it, the value itself without a table, or null for "no match". */
    public String translate(String rawValue) {
        if (values.isEmpty()) {
            return rawValue;
        }
        String mapped = values.get(rawValue);
        return mapped != null ? mapped : values.get(ANY_VALUE);
    }
}
