package dev.forgewatch.detections.compile.splunk;

import dev.forgewatch.detections.compile.CompileException;

/**
 * Writing values into SPL safely: string literals, eval field references, anchored regular
 * expressions. The compiled searches and every generator of the Splunk app build their SPL through
 * these, so a rule or mapping value with quotes, backslashes, pipes or brackets stays one literal.
 */
public final class Spl {
    private Spl() {
    }

    /** A double-quoted SPL string: backslashes and double quotes escaped with a backslash; line breaks refused. */
    public static String quote(String value) {
        for (char c : value.toCharArray()) {
            if (c < 0x20) {
                throw new CompileException("SPL strings cannot hold control characters (in \"" + value.replace("\n", "\\n") + "\")");
            }
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** A field reference in an eval expression, always single-quoted: {@code 'OperationProperties{}.Name'}. */
    public static String field(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an empty field name cannot be quoted in eval");
        }
        return '\'' + name.replace("'", "\\'") + '\'';
    }

    /** A field in eval syntax: a plain identifier as it is, any other name {@linkplain #field quoted}. */
    public static String evalName(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : field(name);
    }

    /** A regular expression matching exactly {@code value}, as an SPL string (for mvfind, match). */
    public static String exactRegex(String value) {
        return quote("^" + regexLiteral(value) + "$");
    }

    /**
     * A PCRE body matching {@code text} literally: every ASCII character other than a letter or digit
     * is escaped (PCRE reads a backslash before any of them as that character), so no value can add
     * regex syntax. The one way ForgeWatch puts a value into an SPL regular expression.
     */
    public static String regexLiteral(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            if (!Character.isLetterOrDigit(c) && c < 0x80) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
