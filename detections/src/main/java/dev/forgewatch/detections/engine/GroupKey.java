package dev.forgewatch.detections.engine;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.detections.condition.FieldRef;
import java.util.List;

/** The values of grouping fields as one map key; null when any is missing (the event is not grouped). */
final class GroupKey {
    private static final char SEPARATOR = '\u001f';

    private GroupKey() {
    }

    static String of(CanonicalEvent event, List<FieldRef> fields) {
        if (fields.size() == 1) {
            return event.text(fields.get(0).canonical());
        }
        StringBuilder key = new StringBuilder();
        for (FieldRef field : fields) {
            String value = event.text(field.canonical());
            if (value == null) {
                return null;
            }
            key.append(value).append(SEPARATOR);
        }
        return key.toString();
    }
}
