package dev.forgewatch.splunk.rest;

import java.io.IOException;

/** Splunk refused or failed the request; the message holds Splunk's own messages, never a credential. */
public final class InstallException extends IOException {
    private final int status;

    public InstallException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
