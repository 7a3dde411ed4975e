package dev.forgewatch.splunk.spl;

/** SPL text that does not parse; the message ends with the 0-based offset in the text that was parsed. */
public final class SplSyntaxException extends Exception {
    public SplSyntaxException(String message, int position) {
        super(message + " (at offset " + position + ")", null, false, false);
    }
}
