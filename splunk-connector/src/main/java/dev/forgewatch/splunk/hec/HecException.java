package dev.forgewatch.splunk.hec;

import java.io.IOException;

/** HEC refused or could not take events; the message holds HEC's status text and code, never a token. */
public final class HecException extends IOException {
    public HecException(String message) {
        super(message);
    }
}
