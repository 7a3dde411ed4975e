package dev.forgewatch.splunk.app;

import java.util.List;

/**
 * A lookup a compiled search refers to by name ({@code | lookup <name>}, {@code inputlookup}): shipped
 * as {@code lookups/<name>.csv} with a transforms.conf definition of the same name.
 */
public record LookupTable(String name, List<String> columns, List<List<String>> rows) {
    public LookupTable {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("lookup " + name + ": a row has " + row.size() + " cells, the header "
                        + columns.size());
            }
        }
    }

    /** The CSV in {@code lookups/} that the transforms.conf definition of the same name reads. */
    public String fileName() {
        return name + ".csv";
    }
}
