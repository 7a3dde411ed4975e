package dev.forgewatch.common.event;

import java.util.Locale;

/** Where a canonical event came from. The short name is used in datasets, ids and mapping data. */
public enum SourceKind {
    /** Microsoft 365 Unified Audit Log record (Management Activity API, Purview export). */
    AUDIT,
    /** Entra ID sign-in (Microsoft Graph signIn, Azure Monitor sign-in export). */
    SIGNIN,
    /** A bearer token seen in an app/proxy log record, after token inspection. */
    TOKEN,
    /** Any other app/proxy/API-gateway log record. */
    APP,
    /**
     * Microsoft Graph activity log record (MicrosoftGraphActivityLogs): one Graph API request, as
     * diagnostic settings export it or as a Log Analytics row.
     */
    GRAPH_ACTIVITY;

    public String shortName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SourceKind fromShortName(String name) {
        for (SourceKind kind : values()) {
            if (kind.shortName().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown source kind '" + name + "' (expected audit, signin, token, app or graph_activity)");
    }
}
