package dev.forgewatch.common.secret;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces anything shaped like a JWT (compact JWS/JWE: base64url segments starting {@code eyJ}),
 * and the value of credential parameters in URLs and form bodies ({@code access_token=},
 * {@code client_secret=}, ...: opaque tokens are secrets too), with a placeholder carrying its
 * fingerprint, so text can be written to files, logs and reports.
 */
public final class Redactor {
    /** A compact JWS (3 segments) or JWE (5 segments); the signature part may be empty (alg none). */
    public static final Pattern JWT = Pattern.compile(
            "eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]*){1,3}");

    /** URL and form parameters whose values are credentials (opaque tokens are secrets too). */
    public static final List<String> CREDENTIAL_PARAMETERS = List.of("access_token", "id_token", "refresh_token",
            "client_secret", "client_assertion", "code_verifier");

    /** A credential parameter and its value, up to the next separator. */
    static final Pattern CREDENTIAL_PARAMETER = Pattern.compile("(?i)(?<![A-Za-z0-9_])(" + String.join("|", CREDENTIAL_PARAMETERS)
            + ")=(?!\\[REDACTED)([^&#\\s\"',;]+)");

    private static final String PREFIX = "[REDACTED-JWT sha256:";

    private Redactor() {
    }

    public static boolean containsToken(CharSequence text) {
        return text != null && JWT.matcher(text).find();
    }

    /**
     * The text with every JWT-shaped run replaced by {@code [REDACTED-JWT sha256:<first 16 hex>]} and
     * every credential parameter's value by {@code [REDACTED sha256:<first 16 hex>]}.
     */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        if (result.indexOf("eyJ") >= 0) {
            result = replaceAll(result, JWT, false);
        }
        if (mayHaveCredentialParameter(result)) {
            result = replaceAll(result, CREDENTIAL_PARAMETER, true);
        }
        return result;
    }

    /**
     * Whether some '=' follows a credential parameter's name, a cheap test that spares the regex on
     * the many values with an '=' and no credential (e.g. {@code Client=OWA;...}).
     */
    private static boolean mayHaveCredentialParameter(String text) {
        for (int equals = text.indexOf('='); equals >= 0; equals = text.indexOf('=', equals + 1)) {
            for (String name : CREDENTIAL_PARAMETERS) {
                int start = equals - name.length();
                if (start >= 0 && text.regionMatches(true, start, name, 0, name.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Replaces each match (or only a parameter's value); returns the text itself when nothing matches. */
    private static String replaceAll(String text, Pattern pattern, boolean parameterValue) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            String replacement = parameterValue
                    ? matcher.group(1) + "=[REDACTED sha256:" + Fingerprints.sha256Hex(matcher.group(2)).substring(0, 16) + "]"
                    : placeholder(matcher.group());
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }

    public static String placeholder(String token) {
        return PREFIX + Fingerprints.sha256Hex(token).substring(0, 16) + "]";
    }
}
