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

    /** A layout of these distinct field names, in this order. */
    public FieldLayout(List<String> names) {
        this.names = names.toArray(String[]::new);
        if (new HashSet<>(names).size() != this.names.length) {
            throw new IllegalArgumentException("a field layout names a field twice: " + names);
        }
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
        return FieldMap.indexOf(names, names.length, name);
    }

    String[] names() {
        return names;
    }
}
