package dev.forgewatch.common.text;

/**
 * Whole numbers given by a user (a command-line option, a configuration key): read the one way
 * everywhere, with a message that names what was given and the range it must lie in.
 */
public final class WholeNumber {
    private WholeNumber() {
    }

    /**
     * {@code value} (surrounding white space ignored) as a number from {@code min} to {@code max}.
     *
     * @param label how the user named the setting ({@code --sort-chunk}, {@code max_attempts}), for the message
     * @throws IllegalArgumentException when it is not a whole number or lies outside the range
     */
    public static long parse(String label, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(label + " must be a whole number, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(label + " must be between " + min + " and " + max + ", got " + value);
        }
        return parsed;
    }
}
