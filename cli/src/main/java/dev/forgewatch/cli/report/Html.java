package dev.forgewatch.cli.report;

import dev.forgewatch.common.secret.Redactor;
import dev.forgewatch.common.text.Inert;

/**
 * Text to HTML: every value is redacted of tokens first, then escaped for element and attribute
 * context, with control and bidi characters neutralized.
 */
final class Html {
    private Html() {
    }

    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String text = Redactor.redact(value.toString());
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // control characters have no business in a report and some break XML parsers;
                    // bidi formatting characters would reorder what the analyst reads: shown escaped
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        out.append('\uFFFD');
                    } else if (c >= 0x20 && Inert.acts(c)) {
                        out.append(Inert.escaped(c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
