package dev.forgewatch.detections;

import dev.forgewatch.common.event.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One detection result: which rule fired, when, for which mailbox/user and IP, on which events.
 *
 * @param timestamp the time of the (last) evidence event
 * @param user      the mailbox or UPN concerned, if known
 * @param sourceIp  the client IP concerned, if known
 * @param eventIds  ids of the evidence events (stable ids, as indexed in the SIEMs)
 * @param message   one sentence for an analyst, no secrets
 * @param evidence  canonical field name to value (e.g. {@code app_id}, {@code token_kid}); mapped to
 *                  ECS names on output through the field catalog
 * @param attack    ATT&CK technique ids, e.g. {@code T1550.001}
 */
public record Finding(
        String ruleId,
        String ruleName,
        Severity severity,
        Instant timestamp,
        String user,
        String sourceIp,
        List<String> eventIds,
        String message,
        Map<String, Object> evidence,
        List<String> attack) {

    /** Evidence key a rule's baseline sets: {@link #LEARNING} or {@link #RECURRING} (baselines.yaml). */
    public static final String BASELINE = "forgewatch.baseline";
    /** The rule was still learning its baseline; the finding is capped at low. */
    public static final String LEARNING = "learning";
    /** An established pattern (same group, same hour, earlier days); the finding is informational. */
    public static final String RECURRING = "recurring";

    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(ruleName, "ruleName");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(timestamp, "timestamp");
        eventIds = List.copyOf(eventIds);
        message = message == null ? "" : message;
        evidence = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
        attack = List.copyOf(attack);
    }
}
