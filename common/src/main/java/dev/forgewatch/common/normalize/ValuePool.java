package dev.forgewatch.common.normalize;

import java.util.HashMap;
import java.util.Map;

/**
 * Shares equal strings between events: audit values repeat heavily (UPNs, app ids, user agents,
 * operations), so a hunt holding events for sorting keeps one copy of each. Bounded: once full it
 * stops adding, so memory stays flat on inputs with endless distinct values. Not thread-safe; one
 * per normalizer.
 */
final class ValuePool {
    private static final int MAX_LENGTH = 512;

    private final int capacity;
    private final Map<String, String> pool = new HashMap<>();
    /** How many values were found in the pool so far (the normalizer judges from it whether a field's values repeat). */
    private long hits;

    ValuePool(int capacity) {
        this.capacity = capacity;
    }

    String share(String value) {
        if (value.length() > MAX_LENGTH) {
            return value;
        }
        String shared = pool.get(value);
        if (shared != null) {
            hits++;
            return shared;
        }
        if (pool.size() < capacity) {
            pool.put(value, value);
        }
        return value;
    }

    /** How many values {@link #share} found in the pool so far. */
    long hits() {
        return hits;
    }
}
