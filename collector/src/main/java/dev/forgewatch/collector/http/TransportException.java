package dev.forgewatch.collector.http;

import java.io.IOException;

/** A request that still failed after every retry (network error, 429 or 5xx). */
public final class TransportException extends IOException {
    private final int status;

    public TransportException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The last HTTP status, or 0 when the last attempt failed below HTTP. */
    public int status() {
        return status;
    }
}
