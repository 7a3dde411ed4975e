package dev.forgewatch.detections.engine;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Per-rule state: a map in least-recently-used order with a size cap. Events arrive in time
 * order, so the eldest entry is also the one touched longest ago, which makes expiry by time a
 * walk from the head that stops at the first live entry.
 */
final class BoundedMap<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;

    private final int cap;
    private final Counter evictions;

    /** Shared counter of evictions across the engine's maps. */
    static final class Counter {
        private long count;

        void add() {
            count++;
        }

        long count() {
            return count;
        }
    }

    BoundedMap(int cap, Counter evictions) {
        super(64, 0.75f, true);
        this.cap = cap;
        this.evictions = evictions;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        if (size() > cap) {
            evictions.add();
            return true;
        }
        return false;
    }

    /** Removes entries from the eldest on while they are stale. */
    void expire(Predicate<V> stale) {
        Iterator<V> values = values().iterator();
        while (values.hasNext()) {
            if (!stale.test(values.next())) {
                return;
            }
            values.remove();
        }
    }
}
