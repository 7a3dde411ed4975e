package dev.forgewatch.collector.graph;

import java.io.IOException;

/** Microsoft Graph refused a call; {@link #code()} is the Graph error code, e.g. {@code Authorization_RequestDenied}. */
public final class GraphException extends IOException {
    private final int status;
    private final String code;

    public GraphException(int status, String code, String message) {
        super("Microsoft Graph answered HTTP " + status + (code.isEmpty() ? "" : " " + code)
                + (message.isEmpty() ? "" : ": " + message) + hint(status, code));
        this.status = status;
        this.code = code;
    }

    private static String hint(int status, String code) {
        if (status == 403 || code.equals("Authorization_RequestDenied")) {
            return ". Hint: the app needs the AuditLog.Read.All application permission of Microsoft Graph with admin consent,"
                    + " and the tenant an Entra ID P1 or P2 licence for sign-in logs";
        }
        return "";
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
