package dev.forgewatch.common.normalize;

import dev.forgewatch.common.event.CanonicalEvent;
import java.util.List;

/** The outcome of normalizing one raw record: its events, or why it was rejected. */
public sealed interface Normalization {
    /** The record became one or more events (an app record carrying two tokens gives two). */
    record Accepted(List<CanonicalEvent> events) implements Normalization {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    /** The record cannot be normalized; it goes to quarantine with this reason. */
    record Rejected(String reason) implements Normalization {
    }
}
