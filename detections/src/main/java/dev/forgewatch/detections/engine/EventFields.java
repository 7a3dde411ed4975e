package dev.forgewatch.detections.engine;

import dev.forgewatch.common.event.CanonicalEvent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The field values of the event the engine is working on, each looked up at most once per event.
 * Many rules read the same few fields of an event (the mailbox owner, the client address, the
 * operation), and a lookup by name scans the event's field names; here a rule resolves each name it
 * reads to a slot once, when it is compiled, and the first read of a slot in an event fetches the
 * value by name, the later reads take it from the slot. One engine, one instance, one thread; the
 * engine moves it to each event ({@link #of}) before any rule reads it.
 */
final class EventFields {
    private final Map<String, Integer> slots = new HashMap<>();
    private String[] names = new String[16];
    private Object[] values = new Object[16];
    /** Per slot, the event (by {@link #stamp}) its value was fetched for; 0: none. */
    private int[] fetched = new int[16];
    private int count;
    private int stamp;
    private CanonicalEvent event;

    /** The slot of a canonical field name (the same slot for the same name). */
    int slot(String name) {
        Integer slot = slots.get(name);
        if (slot != null) {
            return slot;
        }
        if (count == names.length) {
            names = Arrays.copyOf(names, count * 2);
            values = Arrays.copyOf(values, count * 2);
            fetched = Arrays.copyOf(fetched, count * 2);
        }
        names[count] = name;
        slots.put(name, count);
        return count++;
    }

    /** The slots of several names, in their order. */
    int[] slots(String[] names) {
        int[] out = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = slot(names[i]);
        }
        return out;
    }

    /** Makes the event the current one: every slot is fetched again, on its first read. */
    void of(CanonicalEvent event) {
        this.event = event;
        if (++stamp == 0) { // after 2^32 events: forget every stamp rather than mistake an old one for this event's
            Arrays.fill(fetched, 0);
            stamp = 1;
        }
    }

    /** The current event's value of the slot's field ({@link CanonicalEvent#get}); null when absent. */
    Object get(int slot) {
        if (fetched[slot] != stamp) {
            values[slot] = event.get(names[slot]);
            fetched[slot] = stamp;
        }
        return values[slot];
    }

    /** The value as text ({@link CanonicalEvent#text}); null when absent. */
    String text(int slot) {
        Object value = get(slot);
        return value == null ? null : value.toString();
    }
}
