package dev.forgewatch.cli;

/** Process exit codes, the same for every command. */
public final class ExitCodes {
    /** The run succeeded (and, for hunt, nothing reached {@code --fail-on}). */
    public static final int OK = 0;
    /** A finding at or above {@code --fail-on} exists (or a command's own "found something" signal). */
    public static final int FOUND = 1;
    /** Usage error or I/O error: a one-line message on stderr. */
    public static final int ERROR = 2;

    private ExitCodes() {
    }
}
