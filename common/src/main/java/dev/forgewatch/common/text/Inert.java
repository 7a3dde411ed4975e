package dev.forgewatch.common.text;

/**
 * Makes text from evidence inert for the places a person reads it: control characters (C0, DEL,
 * C1: line breaks that forge a table row, ESC and OSC sequences that clear or retitle a terminal),
 * bidirectional formatting characters (which reorder what follows them: {@code moc.elpmaxe}) and
 * the Unicode line and paragraph separators are shown escaped ({@code \n}, {@code \x1b},
 * {@code \u202e}) instead of acting. Everything else is left as it is.
 */
public final class Inert {
    private Inert() {
    }

    /** Whether {@code c} would act on a terminal or on the layout of the text around it. */
    public static boolean acts(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u061c' || c == '\u200e' || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u2028' || c == '\u2029';
    }

    /** One line's worth: every acting character escaped, line breaks and tabs included. */
    public static String line(String text) {
        return escape(text, false);
    }

    /** Several lines: line feeds and tabs kept as they are, every other acting character escaped. */
    public static String lines(String text) {
        return escape(text, true);
    }

    /** The escaped form of one acting character. */
    public static String escaped(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                return c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c);
        }
    }

    private static String escape(String text, boolean keepLines) {
        if (text == null) {
            return null;
        }
        int first = firstActing(text, keepLines);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (acts(c) && !(keepLines && (c == '\n' || c == '\t'))) {
                out.append(escaped(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int firstActing(String text, boolean keepLines) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (acts(c) && !(keepLines && (c == '\n' || c == '\t'))) {
                return i;
            }
        }
        return -1;
    }
}
