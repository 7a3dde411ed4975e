package dev.forgewatch.splunk.spl;

import java.util.ArrayList;
import java.util.List;

/** Lexical helpers shared by the macro expander and the checker: strings, nesting, top-level splits. */
final class SplScanner {
    private SplScanner() {
    }

    /** The offset just past the double-quoted string starting at {@code start}; -1 when it never closes. */
    static int skipString(String text, int start) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        return -1;
    }

    /** Splits at {@code separator} outside strings, parentheses and brackets. */
    static List<String> splitTopLevel(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                int end = skipString(text, i);
                i = end < 0 ? text.length() : end;
                continue;
            }
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == separator && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
            i++;
        }
        parts.add(text.substring(start));
        return parts;
    }
}
