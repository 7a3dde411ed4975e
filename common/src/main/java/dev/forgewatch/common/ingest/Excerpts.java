package dev.forgewatch.common.ingest;

import dev.forgewatch.common.secret.Redactor;

/** Short, redacted pieces of bad input for quarantine records: never a whole or partial token. */
public final class Excerpts {
    static final int MAX = 200;

    private Excerpts() {
    }

    public static String of(String text) {
        if (text == null) {
            return "";
        }
        String redacted = Redactor.redact(text.length() > MAX * 8 ? text.substring(0, MAX * 8) : text);
        // Whatever still starts like a JWT is a token cut short (by the bound above or by damage):
        // still secret, so the excerpt ends before it.
        int partial = redacted.indexOf("eyJ");
        if (partial >= 0) {
            redacted = redacted.substring(0, partial) + "[cut: partial token]";
        }
        StringBuilder clean = new StringBuilder(Math.min(redacted.length(), MAX + 3));
        for (int i = 0; i < redacted.length() && i < MAX; i++) {
            char c = redacted.charAt(i);
            clean.append(Character.isISOControl(c) ? '?' : c);
        }
        if (redacted.length() > MAX) {
            clean.append("...");
        }
        return clean.toString();
    }
}
