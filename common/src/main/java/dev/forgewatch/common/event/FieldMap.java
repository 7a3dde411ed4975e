package dev.forgewatch.common.event;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable, insertion-ordered map in two arrays: an event has a few dozen fields, and a hunt
 * holds hundreds of thousands of events while sorting, so a hash table per event costs too much.
 * Lookups scan the keys: first by identity (the catalog interns its names once, and code uses
 * the same constants), then by equality (hash code first: a miss, the usual case when an event is
 * built, then costs an int comparison a key).
 */
final class FieldMap extends AbstractMap<String, Object> {
    private final String[] keys;
    private final Object[] values;

    FieldMap(String[] keys, Object[] values, int size) {
        this.keys = java.util.Arrays.copyOf(keys, size);
        this.values = java.util.Arrays.copyOf(values, size);
    }

    /** Index of the key, or -1; by identity first (the catalog interns its names), then by equality. */
    static int indexOf(String[] keys, int size, Object key) {
        for (int i = 0; i < size; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        if (!(key instanceof String name)) {
            return -1;
        }
        // Mostly reached for a key that is not there: compare the (cached) hash codes before the text.
        int hash = name.hashCode();
        for (int i = 0; i < size; i++) {
            if (keys[i].hashCode() == hash && keys[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Object get(Object key) {
        int index = indexOf(keys, keys.length, key);
        return index < 0 ? null : values[index];
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, Object> entry = new SimpleImmutableEntry<>(keys[next], values[next]);
                        next++;
                        return entry;
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}
