package dev.forgewatch.detections.rule;

import dev.forgewatch.detections.condition.IpAddresses;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lookup table shipped with the pack ({@code lookups/<name>.csv}): the first column is the value
 * a rule expands with {@code |expand: '%<name>%'}; the other columns (source, first/last seen,
 * description...) travel with findings as context and into the Splunk lookup.
 */
public record Lookup(String name, List<String> columns, List<Map<String, String>> rows) {
    public Lookup {
        columns = List.copyOf(columns);
        rows = rows.stream().map(row -> Collections.unmodifiableMap(new LinkedHashMap<>(row))).toList();
    }

    public String keyColumn() {
        return columns.get(0);
    }

    public List<String> values() {
        return rows.stream().map(row -> row.get(keyColumn())).toList();
    }

    /** The row whose key equals the value (IP addresses compared as addresses), or null. */
    public Map<String, String> row(String value) {
        if (value == null) {
            return null;
        }
        String ipKey = IpAddresses.key(value);
        for (Map<String, String> row : rows) {
            String key = row.get(keyColumn());
            if (key.equalsIgnoreCase(value) || (ipKey != null && ipKey.equals(IpAddresses.key(key)))) {
                return row;
            }
        }
        return null;
    }
}
