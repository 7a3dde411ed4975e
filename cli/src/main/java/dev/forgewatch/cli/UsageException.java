package dev.forgewatch.cli;

/** Bad command-line arguments; reported as one line with a hint to {@code --help}, exit 2. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
