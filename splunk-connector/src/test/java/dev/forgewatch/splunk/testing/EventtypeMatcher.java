package dev.forgewatch.splunk.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches events against the search terms the eventtype generator writes: {@code field="value"},
 * {@code field IN ("a", "b")} and {@code NOT field IN (...)}, all of which must hold. Values compare
 * case-insensitively, as in a Splunk search.
 */
public final class EventtypeMatcher {
    private static final Pattern TERM = Pattern.compile(
            "(NOT\\s+)?([\\w.]+)\\s+IN\\s+\\(((?:\"(?:\\\\.|[^\"\\\\])*\"(?:,\\s*)?)+)\\)|([\\w.]+)=(\"(?:\\\\.|[^\"\\\\])*\")");
    private static final Pattern STRING = Pattern.compile("\"((?:\\\\.|[^\"\\\\])*)\"");

    private EventtypeMatcher() {
    }

    public static boolean matches(String search, Map<String, Object> fields) {
        Matcher term = TERM.matcher(search);
        int consumed = 0;
        while (term.find()) {
            if (!search.substring(consumed, term.start()).isBlank()) {
                throw new IllegalArgumentException("search term not emulated: " + search.substring(consumed, term.start()));
            }
            consumed = term.end();
            boolean holds;
            if (term.group(2) != null) {
                holds = anyEquals(fields.get(term.group(2)), strings(term.group(3)));
                holds = term.group(1) != null ? !holds : holds;
            } else {
                holds = anyEquals(fields.get(term.group(4)), strings(term.group(5)));
            }
            if (!holds) {
                return false;
            }
        }
        if (!search.substring(consumed).isBlank()) {
            throw new IllegalArgumentException("search term not emulated: " + search.substring(consumed));
        }
        return true;
    }

    private static List<String> strings(String quotedList) {
        List<String> values = new ArrayList<>();
        Matcher string = STRING.matcher(quotedList);
        while (string.find()) {
            values.add(string.group(1).replaceAll("\\\\(.)", "$1"));
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static boolean anyEquals(Object value, List<String> candidates) {
        List<String> values = value == null ? List.of() : value instanceof List ? (List<String>) value : List.of(value.toString());
        return values.stream().anyMatch(v -> candidates.stream().anyMatch(c -> c.toLowerCase(Locale.ROOT)
                .equals(v.toLowerCase(Locale.ROOT))));
    }
}
