package dev.forgewatch.common.secret;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces anything shaped like a JWT (compact JWS/JWE: base64url segments starting {@code eyJ})
 * with a placeholder carrying its fingerprint, so text can be written to files, logs and reports.
 */
public final class Redactor {
    /** A compact JWS (3 segments) or JWE (5 segments); the signature part may be empty (alg none). */
    public static final Pattern JWT = Pattern.compile(
            "eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]*){1,3}");

    private static final String PREFIX = "[REDACTED-JWT sha256:";

    private Redactor() {
    }

    public static boolean containsToken(CharSequence text) {
        return text != null && JWT.matcher(text).find();
    }

    /** The text with every JWT-shaped run replaced by {@code [REDACTED-JWT sha256:<first 16 hex>]}. */
    public static String redact(String text) {
        if (text == null || text.indexOf("eyJ") < 0) {
            return text;
        }
        Matcher matcher = JWT.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        matcher.reset();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(placeholder(matcher.group())));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    public static String placeholder(String token) {
        return PREFIX + Fingerprints.sha256Hex(token).substring(0, 16) + "]";
    }
}
