package dev.forgewatch.detections.rule;

import dev.forgewatch.detections.condition.FieldRef;
import java.util.List;

/**
 * ForgeWatch extension {@code forgewatch.new_terms}: the rule fires on an event whose combination
 * of {@code fields} (e.g. mailbox + AppId) was not seen in the preceding {@code history}. In the
 * engine, the first {@code baseline} of a stream only learns (there is no history before it).
 * Elastic: a new_terms rule; Splunk: first-seen by stats over the history window.
 */
public record NewTerms(List<FieldRef> fields, Timespan history, Timespan baseline) {
    public NewTerms {
        fields = List.copyOf(fields);
    }
}
