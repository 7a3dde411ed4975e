package dev.forgewatch.collector.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The categories of Entra ID sign-in, as Microsoft Graph's {@code signInEventTypes} names them, each
 * collected into a stream (folder and checkpoint) of its own. Interactive sign-ins are what
 * {@code GET /v1.0/auditLogs/signIns} returns; the other categories are only listed by
 * {@code GET /beta/auditLogs/signIns} with a {@code signInEventTypes/any(t: t eq '…')} filter
 * (without one, the list holds interactive sign-ins only).
 */
public enum SignInCategory {
    INTERACTIVE("interactiveUser", "signins"),
    NON_INTERACTIVE("nonInteractiveUser", "signins-noninteractive"),
    SERVICE_PRINCIPAL("servicePrincipal", "signins-serviceprincipal"),
    MANAGED_IDENTITY("managedIdentity", "signins-managedidentity");

    private final String eventType;
    private final String stream;

    SignInCategory(String eventType, String stream) {
        this.eventType = eventType;
        this.stream = stream;
    }

    /** Graph's {@code signInEventTypes} value. */
    public String eventType() {
        return eventType;
    }

    /** The stream: the output folder and checkpoint name. */
    public String stream() {
        return stream;
    }

    /** The category of a Graph {@code signInEventTypes} value or a stream name, case-insensitive. */
    public static SignInCategory parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (SignInCategory category : values()) {
            if (category.eventType.toLowerCase(Locale.ROOT).equals(wanted) || category.stream.equals(wanted)) {
                return category;
            }
        }
        throw new IllegalArgumentException("unknown sign-in category '" + name + "' (known: "
                + Arrays.stream(values()).map(SignInCategory::eventType).collect(Collectors.joining(", ")) + ")");
    }

    public static List<SignInCategory> all() {
        return List.of(values());
    }
}
