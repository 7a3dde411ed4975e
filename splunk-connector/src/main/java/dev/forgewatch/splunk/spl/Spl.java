package dev.forgewatch.splunk.spl;

/**
 * Writing values into SPL safely: string literals, eval field references, anchored regular
 * expressions. Every generator builds its SPL through these, so a rule value with quotes,
 * backslashes, pipes or brackets stays one literal.
 */
public final class Spl {
    private static final String REGEX_SPECIAL = "\\^$.|?*+()[]{}";

    private Spl() {
    }

    /** A double-quoted SPL string: backslashes and double quotes escaped with a backslash. */
    public static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** A field reference in an eval expression: {@code 'OperationProperties{}.Name'}. */
    public static String field(String name) {
        if (name.indexOf('\'') >= 0 || name.isEmpty()) {
            throw new IllegalArgumentException("field name '" + name + "' cannot be quoted in eval");
        }
        return '\'' + name + '\'';
    }

    /** A regular expression matching exactly {@code value}, as an SPL string (for mvfind, match). */
    public static String exactRegex(String value) {
        StringBuilder regex = new StringBuilder("^");
        for (char c : value.toCharArray()) {
            if (REGEX_SPECIAL.indexOf(c) >= 0) {
                regex.append('\\');
            }
            regex.append(c);
        }
        return quote(regex.append('$').toString());
    }
}
