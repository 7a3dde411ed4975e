package dev.forgewatch.elastic.kibana.install;

import java.io.IOException;

/**
 * Kibana refused a request. The message says what was asked, Kibana's status and message, and for
 * 401/403/404 what to do about it (the privilege the API needs, the space to create); never a credential.
 */
public final class KibanaException extends IOException {
    private final int status;

    KibanaException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
