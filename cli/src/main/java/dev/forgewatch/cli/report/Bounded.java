package dev.forgewatch.cli.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** Counters by key that stop growing: past {@code max} keys, new keys are counted under "other". */
final class Bounded {
    static final String OTHER = "(other)";

    private Bounded() {
    }

    static void count(Map<String, Long> counts, String key, int max) {
        String k = key == null || key.isBlank() ? "(none)" : key;
        if (!counts.containsKey(k) && counts.size() >= max) {
            k = OTHER;
        }
        counts.merge(k, 1L, Long::sum);
    }

    /** Remembers the first time a key was seen. Past {@code max} keys, nothing new is kept. */
    static void firstSeen(Map<String, java.time.Instant> seen, String key, java.time.Instant at, int max) {
        if (key != null && !key.isBlank() && !seen.containsKey(key) && seen.size() < max) {
            seen.put(key, at);
        }
    }

    static Map<String, Long> map() {
        return new LinkedHashMap<>();
    }
}
