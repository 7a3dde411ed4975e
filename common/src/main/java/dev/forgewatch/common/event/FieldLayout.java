package dev.forgewatch.common.event;

import java.util.HashSet;
import java.util.List;

/**
 * The canonical fields one kind of record can fill, in the order its events hold them (the catalog's
 * order), each at a fixed position: a builder made for a layout ({@link CanonicalEvent#builder(FieldLayout)})
 * takes a field's value by position, without looking its name up, and the event keeps the layout's names
 * beside one array of values instead of a pair of arrays of its own. Immutable; shared by every event
 * built on it.
 */
public final class FieldLayout {
    private final String[] names;
    /**
     * The names by their hash codes (open addressing, a table at least four times the names, so a name is
     * found at its first or second place): {@link #position} is asked for every field an engine's rule
     * reads of every event, so it neither scans the names nor hashes more than the name asked for (whose
     * hash code a constant keeps).
     */
    private final String[] table;
    private final int[] hashes;
    private final int[] positions;
    private final int mask;

    /** A layout of these distinct field names, in this order. */
    public FieldLayout(List<String> names) {
        this.names = names.toArray(String[]::new);
        if (new HashSet<>(names).size() != this.names.length) {
            throw new IllegalArgumentException("a field layout names a field twice: " + names);
        }
        int size = Integer.highestOneBit(Math.max(4, this.names.length) * 4 - 1) << 1;
        this.table = new String[size];
        this.hashes = new int[size];
        this.positions = new int[size];
        this.mask = size - 1;
        for (int position = 0; position < this.names.length; position++) {
            String name = this.names[position];
            int place = place(name.hashCode());
            while (table[place] != null) {
                place = (place + 1) & mask;
            }
            table[place] = name;
            hashes[place] = name.hashCode();
            positions[place] = position;
        }
    }

    private int place(int hash) {
        return (hash ^ (hash >>> 16)) & mask;
    }

    /** How many fields the layout has. */
    public int size() {
        return names.length;
    }

    /** The name of the field at a position. */
    public String name(int position) {
        return names[position];
    }

    /** The position of a field, or -1 when the layout has no such field. */
    public int position(String name) {
        int hash = name.hashCode();
        for (int place = place(hash); ; place = (place + 1) & mask) {
            String held = table[place];
            if (held == null) {
                return -1;
            }
            if (held == name || (hashes[place] == hash && held.equals(name))) {
                return positions[place];
            }
        }
    }

    String[] names() {
        return names;
    }
}
