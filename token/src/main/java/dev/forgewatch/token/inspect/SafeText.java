package dev.forgewatch.token.inspect;

import dev.forgewatch.common.secret.Redactor;

/**
 * Claim values are attacker-controlled: a claim can hold another token, control characters or
 * megabytes. This is what they become before they are kept anywhere.
 */
final class SafeText {
    static final int MAX_CHARS = 256;

    private SafeText() {
    }

    static String of(String text) {
        if (text == null) {
            return null;
        }
        String redacted = Redactor.redact(text);
        StringBuilder clean = new StringBuilder(Math.min(redacted.length(), MAX_CHARS + 3));
        for (int i = 0; i < redacted.length() && i < MAX_CHARS; i++) {
            char c = redacted.charAt(i);
            clean.append(Character.isISOControl(c) ? '?' : c);
        }
        if (redacted.length() > MAX_CHARS) {
            clean.append("...");
        }
        return clean.toString();
    }
}
