package dev.forgewatch.detections.engine;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.detections.condition.FieldRef;
import java.util.Arrays;
import java.util.List;

/**
 * The values of grouping fields as one map key; null when any is missing (the event is not grouped).
 * One field: its text itself. Several: a {@link GroupKey} holding the texts, equal when every text is
 * equal. It keeps references to the event's (shared) value strings rather than copying them into
 * one joined string, so building a key allocates one small object and comparing two keys of the
 * same values is mostly a comparison of references.
 */
final class GroupKey {
    private final String[] values;
    private final int hash;

    private GroupKey(String[] values) {
        this.values = values;
        this.hash = Arrays.hashCode(values);
    }

    /** The canonical names of grouping fields, resolved once per rule. */
    static String[] names(List<FieldRef> fields) {
        return fields.stream().map(FieldRef::canonical).toArray(String[]::new);
    }

    /** The key of the named fields' values (see {@link #names}), or null when any is missing. */
    static Object of(CanonicalEvent event, String[] fields) {
        if (fields.length == 1) {
            return event.text(fields[0]);
        }
        String[] values = new String[fields.length];
        for (int i = 0; i < fields.length; i++) {
            String value = event.text(fields[i]);
            if (value == null) {
                return null;
            }
            values[i] = value;
        }
        return new GroupKey(values);
    }

    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof GroupKey key && key.hash == hash && Arrays.equals(key.values, values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return String.join("|", values);
    }
}
