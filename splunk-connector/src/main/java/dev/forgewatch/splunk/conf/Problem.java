package dev.forgewatch.splunk.conf;

/**
 * Something wrong in a file of the app: which file, which line (0 when the whole file), which rule
 * was broken, and what to do about it.
 */
public record Problem(String file, int line, String rule, String message) {
    @Override
    public String toString() {
        return "[" + rule + "] " + file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
