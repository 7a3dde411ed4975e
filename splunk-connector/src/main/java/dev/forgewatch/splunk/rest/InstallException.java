package dev.forgewatch.splunk.rest;

import java.io.IOException;

/** Splunk refused or failed the request; the message holds the status and Splunk's own messages, never a credential. */
public final class InstallException extends IOException {
    public InstallException(String message) {
        super(message);
    }
}
