package dev.forgewatch.detections.engine;

import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Per-rule state: a map in least-recently-used order with a size cap, behaving exactly as an
 * access-ordered {@link java.util.LinkedHashMap} whose eldest entry is dropped once the size passes
 * the cap ({@link #get}, {@link #put} and a {@link #computeIfAbsent} that finds its key all make the
 * entry the youngest; inserting past the cap evicts the eldest and counts it). Events arrive in time
 * order, so the eldest entry is also the one touched longest ago, which makes expiry by time a walk
 * from the eldest that stops at the first live entry.
 *
 * <p>A rule keeps up to {@link EngineLimits#maxKeysPerRule()} entries here, and a hunt touches some
 * of them on every event; so the entries live in parallel arrays, not in a node object each: the
 * hash codes are compared before any key is read, the order is two int arrays, and nothing is
 * allocated per entry. Keys and values must not be null.
 */
final class BoundedMap<K, V> {
    private static final int NIL = -1;
    private static final int INITIAL = 64;

    private final int cap;
    private final Counter evictions;

    /** Per bucket, its first entry (NIL when empty); a power of two long. */
    private int[] buckets;
    /** Per entry: its key's spread hash, the next entry of its bucket (or of the free list), its neighbours in age order. */
    private int[] hashes;
    private int[] chain;
    private int[] older;
    private int[] younger;
    private Object[] keys;
    private Object[] values;
    private int eldest = NIL;
    private int youngest = NIL;
    private int size;
    /** Entries ever handed out (those below it are live or on the free list). */
    private int used;
    private int free = NIL;

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
        this.cap = cap;
        this.evictions = evictions;
        allocate(INITIAL);
    }

    private void allocate(int entries) {
        buckets = new int[entries * 2];
        Arrays.fill(buckets, NIL);
        hashes = new int[entries];
        chain = new int[entries];
        older = new int[entries];
        younger = new int[entries];
        keys = new Object[entries];
        values = new Object[entries];
        eldest = NIL;
        youngest = NIL;
        size = 0;
        used = 0;
        free = NIL;
    }

    int size() {
        return size;
    }

    /** The value of the key, made the youngest entry; null when absent. */
    @SuppressWarnings("unchecked")
    V get(Object key) {
        int entry = find(key, spread(key.hashCode()));
        if (entry == NIL) {
            return null;
        }
        touch(entry);
        return (V) values[entry];
    }

    /** Maps the key to the value (the youngest entry now); returns the previous value, or null. */
    @SuppressWarnings("unchecked")
    V put(K key, V value) {
        int hash = spread(key.hashCode());
        int entry = find(key, hash);
        if (entry != NIL) {
            Object previous = values[entry];
            values[entry] = value;
            touch(entry);
            return (V) previous;
        }
        insert(key, hash, value);
        return null;
    }

    /** The key's value (made the youngest), or the function's value for it, inserted when not null. */
    @SuppressWarnings("unchecked")
    V computeIfAbsent(K key, Function<? super K, ? extends V> function) {
        int hash = spread(key.hashCode());
        int entry = find(key, hash);
        if (entry != NIL) {
            touch(entry);
            return (V) values[entry];
        }
        V value = function.apply(key);
        if (value != null) {
            insert(key, hash, value);
        }
        return value;
    }

    /** Removes the key; returns its value, or null when absent. */
    @SuppressWarnings("unchecked")
    V remove(Object key) {
        int entry = find(key, spread(key.hashCode()));
        if (entry == NIL) {
            return null;
        }
        Object value = values[entry];
        delete(entry);
        return (V) value;
    }

    /** Removes entries from the eldest on while they are stale. */
    @SuppressWarnings("unchecked")
    void expire(Predicate<V> stale) {
        while (eldest != NIL && stale.test((V) values[eldest])) {
            delete(eldest);
        }
    }

    void clear() {
        allocate(INITIAL);
    }

    /** Every entry, eldest first. */
    @SuppressWarnings("unchecked")
    void forEach(BiConsumer<? super K, ? super V> action) {
        for (int entry = eldest; entry != NIL; entry = younger[entry]) {
            action.accept((K) keys[entry], (V) values[entry]);
        }
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private int find(Object key, int hash) {
        for (int entry = buckets[hash & (buckets.length - 1)]; entry != NIL; entry = chain[entry]) {
            if (hashes[entry] == hash) {
                Object candidate = keys[entry];
                if (candidate == key || key.equals(candidate)) {
                    return entry;
                }
            }
        }
        return NIL;
    }

    private void insert(Object key, int hash, Object value) {
        if (free == NIL && used == keys.length) {
            grow();
        }
        int entry;
        if (free != NIL) {
            entry = free;
            free = chain[entry];
        } else {
            entry = used++;
        }
        hashes[entry] = hash;
        keys[entry] = key;
        values[entry] = value;
        int bucket = hash & (buckets.length - 1);
        chain[entry] = buckets[bucket];
        buckets[bucket] = entry;
        older[entry] = youngest;
        younger[entry] = NIL;
        if (youngest == NIL) {
            eldest = entry;
        } else {
            younger[youngest] = entry;
        }
        youngest = entry;
        size++;
        if (size > cap) {
            evictions.add();
            delete(eldest);
        }
    }

    /** Makes the entry the youngest. */
    private void touch(int entry) {
        if (entry == youngest) {
            return;
        }
        int before = older[entry];
        int after = younger[entry];
        if (before == NIL) {
            eldest = after;
        } else {
            younger[before] = after;
        }
        older[after] = before; // after is not NIL: the entry is not the youngest
        older[entry] = youngest;
        younger[entry] = NIL;
        younger[youngest] = entry;
        youngest = entry;
    }

    private void delete(int entry) {
        int bucket = hashes[entry] & (buckets.length - 1);
        if (buckets[bucket] == entry) {
            buckets[bucket] = chain[entry];
        } else {
            int previous = buckets[bucket];
            while (chain[previous] != entry) {
                previous = chain[previous];
            }
            chain[previous] = chain[entry];
        }
        int before = older[entry];
        int after = younger[entry];
        if (before == NIL) {
            eldest = after;
        } else {
            younger[before] = after;
        }
        if (after == NIL) {
            youngest = before;
        } else {
            older[after] = before;
        }
        keys[entry] = null;
        values[entry] = null;
        chain[entry] = free;
        free = entry;
        size--;
    }

    /** Twice the entries, and twice the buckets, relinked. */
    private void grow() {
        int entries = keys.length * 2;
        hashes = Arrays.copyOf(hashes, entries);
        chain = Arrays.copyOf(chain, entries);
        older = Arrays.copyOf(older, entries);
        younger = Arrays.copyOf(younger, entries);
        keys = Arrays.copyOf(keys, entries);
        values = Arrays.copyOf(values, entries);
        buckets = new int[entries * 2];
        Arrays.fill(buckets, NIL);
        for (int entry = eldest; entry != NIL; entry = younger[entry]) {
            int bucket = hashes[entry] & (buckets.length - 1);
            chain[entry] = buckets[bucket];
            buckets[bucket] = entry;
        }
    }
}
