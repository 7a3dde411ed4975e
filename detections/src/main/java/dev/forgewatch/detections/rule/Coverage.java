package dev.forgewatch.detections.rule;

import dev.forgewatch.detections.condition.FieldRef;

/**
 * The coverage proof an absence correlation needs before its absence accuses (ForgeWatch extension
 * {@code forgewatch: {coverage: ...}}, docs/rule-format.md): the companion's log must be proven present
 * around the time the companion should have happened, else the rule reports a low coverage finding
 * that names the missing log instead of an accusation.
 *
 * <p>The companion should have happened from {@code lead} before the anchor to {@code tolerance} after it; the anchor
 * is {@code issued} (a date field of the waiting event, e.g. the token's IssuedAtTime; the event's time when the field
 * is missing) or, without {@code issued}, the waiting event's own time. Coverage is
 * proven when every {@code window}-long bucket of that span holds at least one companion event of
 * any group (the log was exported then), the span is not before the first companion event (the data
 * had begun), and the companion log's category that should hold it was supplied at all: for a field
 * {@code category} of the companion events, an app-only waiting event ({@code UserType} 5) needs one
 * of {@code appCategories}, any other event one of {@code userCategories}.
 *
 * @param log    what the companion log is, for the coverage finding's message
 * @param issued the anchor's date field, or null: the waiting event's own time
 * @param lead   how long before the anchor the span begins, or null: at the anchor
 */
public record Coverage(FieldRef issued, Timespan lead, Timespan window, Timespan tolerance, String log) {
    /** The span's start relative to the anchor, in minutes (0 or negative). */
    public long fromMinutes() {
        return lead == null ? 0 : -lead.minutes();
    }

    /**
     * The offsets from the anchor, in minutes, whose window buckets must each hold a companion: the span's start, then one
     * window later each time while before its end, and its end. Consecutive offsets are at most one window apart, so
     * their buckets are every bucket of the span. The engine and every SIEM form check these same buckets.
     */
    public java.util.List<Long> offsetsMinutes() {
        java.util.List<Long> offsets = new java.util.ArrayList<>();
        for (long at = fromMinutes(); at < tolerance.minutes(); at += window.minutes()) {
            offsets.add(at);
        }
        offsets.add(tolerance.minutes());
        return java.util.List.copyOf(offsets);
    }

    /** The sign-in categories that can issue the token of app-only access (UserType 5): the engine's and the SIEM forms'. */
    public static final java.util.List<String> APP_CATEGORIES = java.util.List.of("service_principal", "managed_identity");
    /** The sign-in categories that can issue the token of a user's access. */
    public static final java.util.List<String> USER_CATEGORIES = java.util.List.of("interactive", "non_interactive");
}
