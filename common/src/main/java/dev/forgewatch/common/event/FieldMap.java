package dev.forgewatch.common.event;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable, insertion-ordered map in two arrays: an event has a few dozen fields, and a hunt
 * holds hundreds of thousands of events while sorting, so a hash table per event costs too much.
 * Lookups scan the keys: first by identity (the catalog interns its names once, and code uses
 * the same constants), then by equality (hash code first: a miss, the usual case when an event is
 * built, then costs an int comparison a key).
 *
 * <p>An event built on a {@link FieldLayout} shares the layout's names and holds a value array of the
 * layout's length in which an absent field is null ("sparse"): the map skips those places, so it is
 * the same map, in the same order, as the compact one of the fields present. Its lookups ask the
 * layout's hash table, shared by all its events, for the place of a name instead of scanning.
 */
final class FieldMap extends AbstractMap<String, Object> {
    private final String[] keys;
    private final Object[] values;
    /** A sparse map's layout, which finds a name's place by its hash code (null for a compact map). */
    private final FieldLayout layout;
    /** How many places of the arrays are in use (a sparse map: all of them, nulls included). */
    private final int length;
    /** How many fields are present (non-null values). */
    private final int size;

    /** A compact map of the first {@code size} keys and values (copied). */
    FieldMap(String[] keys, Object[] values, int size) {
        this.keys = java.util.Arrays.copyOf(keys, size);
        this.values = java.util.Arrays.copyOf(values, size);
        this.length = size;
        this.size = size;
        this.layout = null;
    }

    /** A sparse map over a layout's names; {@code values} (owned by the map from now on) holds {@code size} non-nulls. */
    FieldMap(FieldLayout layout, Object[] values, int size) {
        this.keys = layout.names();
        this.layout = layout;
        this.values = values;
        this.length = keys.length;
        this.size = size;
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
        if (layout != null) {
            if (!(key instanceof String name)) {
                return null;
            }
            int position = layout.position(name);
            return position < 0 ? null : values[position];
        }
        int index = indexOf(keys, length, key);
        return index < 0 ? null : values[index];
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next = skipAbsent(0);

                    @Override
                    public boolean hasNext() {
                        return next < length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= length) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, Object> entry = new SimpleImmutableEntry<>(keys[next], values[next]);
                        next = skipAbsent(next + 1);
                        return entry;
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < length; i++) {
            if (values[i] != null) {
                action.accept(keys[i], values[i]);
            }
        }
    }

    /** The first place from {@code from} holding a field (length when none). */
    private int skipAbsent(int from) {
        int place = from;
        while (place < length && values[place] == null) {
            place++;
        }
        return place;
    }
}
