package dev.forgewatch.common.ingest;

import java.io.IOException;

/** An input went past a configured size limit; the rest of that input is not read. */
public final class InputLimitException extends IOException {
    public InputLimitException(String message) {
        super(message);
    }
}
