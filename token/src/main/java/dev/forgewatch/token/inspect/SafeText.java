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
        if (isClean(redacted)) {
            return redacted; // the common case (short claims without control characters): no copy
        }
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

    /** Whether the text is short enough and free of control characters, i.e. already safe as it is. */
    private static boolean isClean(String text) {
        if (text.length() > MAX_CHARS) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
