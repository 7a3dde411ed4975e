package dev.forgewatch.common.ingest;

import dev.forgewatch.common.normalize.SecretScrubber;
import dev.forgewatch.common.secret.Redactor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Short, redacted pieces of bad input for quarantine records: never a whole or partial token, nor
 * the value of a secret-bearing member ({@code "password":"…"}, {@code Authorization: Basic …}).
 * Bad input is not parsed, so secrets are found in its text.
 */
public final class Excerpts {
    static final int MAX = 200;
    private static final String NAMES = SecretScrubber.secretMembers().stream().map(Pattern::quote)
            .collect(Collectors.joining("|", "(?:", ")"));
    /** A JSON member with a secret name: its string value, closed or cut short. */
    private static final Pattern JSON_SECRET = Pattern.compile("(?i)(\"" + NAMES + "\"\\s*:\\s*\")(?!\\[REDACTED)(?:[^\"\\\\]|\\\\.)*");
    /** {@code name: value} or {@code name=value} in free text, after an auth scheme if there is one. */
    private static final Pattern TEXT_SECRET = Pattern.compile("(?i)((?<![A-Za-z0-9_.-])" + NAMES
            + "\\s*[:=]\\s*(?:(?:basic|bearer|negotiate|digest|ntlm|apikey|splunk)\\s+)?)(?!\\[REDACTED)[^\\s&#\"',;]+");

    private Excerpts() {
    }

    public static String of(String text) {
        if (text == null) {
            return "";
        }
        String redacted = redactSecretMembers(Redactor.redact(text.length() > MAX * 8 ? text.substring(0, MAX * 8) : text));
        // Whatever still starts like a JWT is a token cut short (by the bound above or by damage):
        // still secret, so the excerpt ends before it.
        int partial = redacted.indexOf("eyJ");
        if (partial >= 0) {
            redacted = redacted.substring(0, partial) + "[cut: partial token]";
        }
        StringBuilder clean = new StringBuilder(Math.min(redacted.length(), MAX + 3));
        for (int i = 0; i < redacted.length() && i < MAX; i++) {
            char c = redacted.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < MAX && i + 1 < redacted.length()
                    && Character.isLowSurrogate(redacted.charAt(i + 1))) {
                clean.append(c).append(redacted.charAt(++i));
            } else {
                // a lone surrogate (from damaged input or a cut pair) cannot be written as UTF-8
                clean.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
            }
        }
        if (redacted.length() > MAX) {
            clean.append("...");
        }
        return clean.toString();
    }

    private static String redactSecretMembers(String text) {
        return replace(replace(text, JSON_SECRET), TEXT_SECRET);
    }

    private static String replace(String text, Pattern pattern) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.replaceAll(match -> Matcher.quoteReplacement(match.group(1) + "[REDACTED]")) : text;
    }
}
