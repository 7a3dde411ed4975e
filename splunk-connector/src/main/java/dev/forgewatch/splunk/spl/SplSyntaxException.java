package dev.forgewatch.splunk.spl;

/** SPL text that does not parse; the position is the 0-based offset in the text that was parsed. */
public final class SplSyntaxException extends Exception {
    private final int position;

    public SplSyntaxException(String message, int position) {
        super(message + " (at offset " + position + ")", null, false, false);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
