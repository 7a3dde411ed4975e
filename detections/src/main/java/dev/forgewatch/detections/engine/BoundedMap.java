package dev.forgewatch.detections.engine;

import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

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
 *
 * <p>A map of a width above one is keyed by several values, probed with a {@link GroupKey} of that
 * width: an entry's values sit side by side in the key array, so a lookup compares the probe's
 * values with them in place (no key object to reach, none allocated), and only an insert copies
 * them. A map of width one takes a probe or a plain key alike (the probe's one value is the key).
 */
final class BoundedMap<K, V> {
    private static final int NIL = -1;
    private static final int INITIAL = 64;

    private final int cap;
    private final Counter evictions;
    /** Values per key: an entry's key is at {@code keys[entry * width]} and the width - 1 places after it. */
    private final int width;

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
        this(cap, evictions, 1);
    }

    /** A map keyed by {@code width} values (probed with {@link GroupKey}s of that width). */
    BoundedMap(int cap, Counter evictions, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width " + width);
        }
        this.cap = cap;
        this.evictions = evictions;
        this.width = width;
        allocate(INITIAL);
    }

    private void allocate(int entries) {
        buckets = new int[entries * 2];
        Arrays.fill(buckets, NIL);
        hashes = new int[entries];
        chain = new int[entries];
        older = new int[entries];
        younger = new int[entries];
        keys = new Object[entries * width];
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
    V get(Object key) {
        return touched(find(key, spread(key.hashCode())));
    }

    /** Maps the key to the value (the youngest entry now); returns the previous value, or null. */
    V put(K key, V value) {
        int hash = spread(key.hashCode());
        int entry = find(key, hash);
        if (entry != NIL) {
            return replace(entry, value);
        }
        insert(key, hash, value);
        return null;
    }

    /** The key's value (made the youngest), or the function's value for it, inserted when not null. */
    V computeIfAbsent(K key, Function<? super K, ? extends V> function) {
        int hash = spread(key.hashCode());
        int entry = find(key, hash);
        if (entry != NIL) {
            return touched(entry);
        }
        V value = function.apply(key);
        if (value != null) {
            insert(key, hash, value);
        }
        return value;
    }

    /** Removes the key; returns its value, or null when absent. */
    V remove(Object key) {
        return removed(find(key, spread(key.hashCode())));
    }

    /** The value of the probe's values, made the youngest entry; null when absent. */
    V get(GroupKey probe) {
        return touched(find(probe, spread(probe.hash())));
    }

    /** Maps the probe's values to the value (the youngest entry now); returns the previous value, or null. */
    V put(GroupKey probe, V value) {
        int hash = spread(probe.hash());
        int entry = find(probe, hash);
        if (entry != NIL) {
            return replace(entry, value);
        }
        insert(probe, hash, value);
        return null;
    }

    /** The probe's value (made the youngest), or the supplier's, inserted under a copy of the probe's values when not null. */
    V computeIfAbsent(GroupKey probe, Supplier<? extends V> supplier) {
        int hash = spread(probe.hash());
        int entry = find(probe, hash);
        if (entry != NIL) {
            return touched(entry);
        }
        V value = supplier.get();
        if (value != null) {
            insert(probe, hash, value);
        }
        return value;
    }

    /** Removes the probe's values; returns their value, or null when absent. */
    V remove(GroupKey probe) {
        return removed(find(probe, spread(probe.hash())));
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

    /** Every entry, eldest first; a key of several values as {@link GroupKey.Values}. */
    @SuppressWarnings("unchecked")
    void forEach(BiConsumer<? super K, ? super V> action) {
        for (int entry = eldest; entry != NIL; entry = younger[entry]) {
            Object key = width == 1 ? keys[entry] : new GroupKey.Values(Arrays.copyOfRange(keys, entry * width, entry * width + width));
            action.accept((K) key, (V) values[entry]);
        }
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    /** The entry's value, the entry made the youngest; null for {@code NIL}. */
    @SuppressWarnings("unchecked")
    private V touched(int entry) {
        if (entry == NIL) {
            return null;
        }
        touch(entry);
        return (V) values[entry];
    }

    /** Gives the entry a new value and makes it the youngest; returns the previous value. */
    @SuppressWarnings("unchecked")
    private V replace(int entry, V value) {
        Object previous = values[entry];
        values[entry] = value;
        touch(entry);
        return (V) previous;
    }

    /** Deletes the entry; returns its value, or null for {@code NIL}. */
    @SuppressWarnings("unchecked")
    private V removed(int entry) {
        if (entry == NIL) {
            return null;
        }
        Object value = values[entry];
        delete(entry);
        return (V) value;
    }

    private int find(Object key, int hash) {
        if (width != 1) {
            throw new IllegalStateException("a map keyed by " + width + " values takes a probe of as many");
        }
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

    private int find(GroupKey probe, int hash) {
        if (probe.width() != width) {
            throw new IllegalArgumentException("a probe of " + probe.width() + " values in a map keyed by " + width);
        }
        if (width == 1) {
            return find(probe.part(0), hash);
        }
        for (int entry = buckets[hash & (buckets.length - 1)]; entry != NIL; entry = chain[entry]) {
            if (hashes[entry] == hash && probe.matches(keys, entry * width)) {
                return entry;
            }
        }
        return NIL;
    }

    private void insert(Object key, int hash, Object value) {
        int entry = link(hash, value);
        keys[entry] = key;
        evictPastCap();
    }

    private void insert(GroupKey probe, int hash, Object value) {
        int entry = link(hash, value);
        for (int i = 0; i < width; i++) {
            keys[entry * width + i] = probe.part(i);
        }
        evictPastCap();
    }

    /** A new entry of the value, the youngest, in its hash's bucket; the caller stores its key. */
    private int link(int hash, Object value) {
        if (free == NIL && used == values.length) {
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
        return entry;
    }

    private void evictPastCap() {
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
        if (width == 1) {
            keys[entry] = null;
        } else {
            Arrays.fill(keys, entry * width, entry * width + width, null);
        }
        values[entry] = null;
        chain[entry] = free;
        free = entry;
        size--;
    }

    /** Twice the entries, and twice the buckets, relinked. */
    private void grow() {
        int entries = values.length * 2;
        hashes = Arrays.copyOf(hashes, entries);
        chain = Arrays.copyOf(chain, entries);
        older = Arrays.copyOf(older, entries);
        younger = Arrays.copyOf(younger, entries);
        keys = Arrays.copyOf(keys, entries * width);
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
