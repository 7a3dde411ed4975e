package dev.forgewatch.detections.engine;

import dev.forgewatch.detections.condition.FieldRef;
import java.util.Arrays;
import java.util.List;

/**
 * The values of a rule's grouping fields in the current event, as text ({@link EventFields#text}):
 * a probe a rule loads with each event and looks its state up with, in a {@link BoundedMap} of the
 * same width that compares the probe's values with the stored ones in place. So a lookup allocates
 * nothing, and the map copies the values only when it inserts them. Values are compared by
 * reference first (they are mostly the pool's shared strings), then by text; the hash is computed
 * once per load. An event missing any of the values is not grouped ({@link #load} is false).
 *
 * <p>Where a key must outlive the event (a map of the JDK), {@link #key} gives an immutable one:
 * one field, its text; several, a {@link Values} equal when every text is equal.
 */
final class GroupKey {
    private final EventFields fields;
    private final int[] slots;
    private final Object[] parts;
    private int hash;

    GroupKey(EventFields fields, List<FieldRef> refs) {
        this.fields = fields;
        this.slots = fields.slots(refs.stream().map(FieldRef::canonical).toArray(String[]::new));
        this.parts = new Object[slots.length];
    }

    /** Loads the current event's values; false (the event is not grouped) when any is missing. */
    boolean load() {
        for (int i = 0; i < slots.length; i++) {
            String value = fields.text(slots[i]);
            if (value == null) {
                return false;
            }
            parts[i] = value;
        }
        hash = hash(parts);
        return true;
    }

    /** Loads the same value into every part (a stand-in for events missing a value, which then group together). */
    void fill(Object value) {
        Arrays.fill(parts, value);
        hash = hash(parts);
    }

    /** One value: its own hash code (so a probe finds what its text as a plain key put in a map of width one); several: combined. */
    private static int hash(Object[] parts) {
        return parts.length == 1 ? parts[0].hashCode() : Arrays.hashCode(parts);
    }

    int width() {
        return parts.length;
    }

    Object part(int index) {
        return parts[index];
    }

    int hash() {
        return hash;
    }

    /** Whether the loaded values are those stored at {@code offset} of {@code keys}. */
    boolean matches(Object[] keys, int offset) {
        for (int i = 0; i < parts.length; i++) {
            Object stored = keys[offset + i];
            Object part = parts[i];
            if (stored != part && !part.equals(stored)) {
                return false;
            }
        }
        return true;
    }

    /** The loaded values as an immutable key: one field's text itself, several as {@link Values}. */
    Object key() {
        return parts.length == 1 ? parts[0] : new Values(parts.clone());
    }

    /** Several values as one immutable key, equal when every value is equal. */
    static final class Values {
        private final Object[] values;
        private final int hash;

        Values(Object[] values) {
            this.values = values;
            this.hash = Arrays.hashCode(values);
        }

        @Override
        public boolean equals(Object other) {
            return other == this || other instanceof Values key && key.hash == hash && Arrays.equals(key.values, values);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return Arrays.stream(values).map(String::valueOf).reduce((a, b) -> a + "|" + b).orElse("");
        }
    }
}
