package dev.forgewatch.common.http;

import dev.forgewatch.common.ingest.Excerpts;
import dev.forgewatch.common.secret.Secret;
import java.util.List;

/**
 * What a server said, as it may appear in an error message: never verbatim. A server (or a proxy
 * in front of it) can reflect the request's headers, so its text can hold the API key, password or
 * token that was just sent; it can also be megabytes long or carry terminal escape sequences. The
 * secrets this run sent are masked first, then the text is bounded, redacted of anything shaped like
 * a credential and its control characters neutralized ({@link Excerpts}).
 */
public final class ServerText {
    static final String MASK = "[REDACTED]";

    private ServerText() {
    }

    public static String excerpt(String text) {
        return excerpt(text, List.of());
    }

    /** @param sent the secrets this run sent to that server, masked wherever they appear */
    public static String excerpt(String text, List<Secret> sent) {
        if (text == null) {
            return "";
        }
        String masked = text;
        for (Secret secret : sent) {
            String value = secret.reveal();
            if (!value.isEmpty()) {
                masked = masked.replace(value, MASK);
            }
        }
        return Excerpts.of(masked);
    }
}
