package dev.forgewatch.detections.rule;

import dev.forgewatch.detections.condition.FieldRef;

/**
 * The coverage proof an absence correlation needs before its absence accuses (ForgeWatch extension
 * {@code forgewatch: {coverage: ...}}, docs/rule-format.md): the companion's log must be proven present
 * around the time the companion should have happened, else the rule reports a low coverage finding
 * that names the missing log instead of an accusation.
 *
 * <p>The companion should have happened at {@code issued} (a date field of the waiting event, e.g.
 * the token's IssuedAtTime; the event's time when absent) up to {@code tolerance} later. Coverage is
 * proven when every {@code window}-long bucket of that span holds at least one companion event of
 * any group (the log was exported then), the span is not before the first companion event (the data
 * had begun), and the companion log's category that should hold it was supplied at all: for a field
 * {@code category} of the companion events, an app-only waiting event ({@code UserType} 5) needs one
 * of {@code appCategories}, any other event one of {@code userCategories}.
 *
 * @param log what the companion log is, for the coverage finding's message
 */
public record Coverage(FieldRef issued, Timespan window, Timespan tolerance, String log) {
    /** The sign-in categories that can issue the token of app-only access (UserType 5): the engine's and the SIEM forms'. */
    public static final java.util.List<String> APP_CATEGORIES = java.util.List.of("service_principal", "managed_identity");
    /** The sign-in categories that can issue the token of a user's access. */
    public static final java.util.List<String> USER_CATEGORIES = java.util.List.of("interactive", "non_interactive");
}
