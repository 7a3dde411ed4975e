package dev.forgewatch.detections.compile;

/**
 * A rule uses something a target language cannot say the same way (a KQL single-character
 * wildcard, a regex in KQL, ...). Compilers throw it so a rule never ships with a silently
 * different meaning; the pack test compiles every rule to every target.
 */
public final class CompileException extends RuntimeException {
    public CompileException(String message) {
        super(message, null, false, false);
    }
}
