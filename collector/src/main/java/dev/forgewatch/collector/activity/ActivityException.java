package dev.forgewatch.collector.activity;

import java.io.IOException;
import java.util.Map;

/** The Management Activity API refused a call; {@link #code()} is its AF error code when it sent one. */
public final class ActivityException extends IOException {
    private static final Map<String, String> HINTS = Map.ofEntries(
            Map.entry("AF10001", "the app lacks the ActivityFeed.Read application permission of the Office 365 Management APIs, or admin consent is missing"),
            Map.entry("AF20010", "the tenant in the URL is not the tenant of the token: check tenant_id"),
            Map.entry("AF20011", "the tenant does not exist or was deleted: check tenant_id"),
            Map.entry("AF20012", "the tenant is not set up for the Management Activity API: turn on auditing in Microsoft Purview"),
            Map.entry("AF20013", "the tenant id in the URL must be the directory GUID"),
            Map.entry("AF20020", "unknown content type"),
            Map.entry("AF20022", "no subscription for this content type: rerun with --start-subscriptions (content appears up to 12 hours after starting)"),
            Map.entry("AF20023", "the subscription was disabled by an administrator"),
            Map.entry("AF20051", "the content expired (blobs are kept 7 days): collect more often"));

    private final int status;
    private final String code;

    public ActivityException(int status, String code, String message) {
        super(compose(status, code, message));
        this.status = status;
        this.code = code;
    }

    private static String compose(int status, String code, String message) {
        StringBuilder text = new StringBuilder("Management Activity API answered HTTP ").append(status);
        if (code != null && !code.isEmpty()) {
            text.append(' ').append(code);
        }
        if (message != null && !message.isEmpty()) {
            text.append(": ").append(message);
        }
        String hint = code == null ? null : HINTS.get(code);
        if (hint != null) {
            text.append(". Hint: ").append(hint);
        }
        return text.toString();
    }

    public int status() {
        return status;
    }

    public String code() {
        return code == null ? "" : code;
    }
}
