package dev.forgewatch.collector.auth;

import java.io.IOException;
import java.util.List;

/**
 * The token endpoint said no. Carries the OAuth error and the AADSTS codes (what Microsoft says to
 * key on), with a hint for the codes a collector's operator meets when setting up.
 */
public final class TokenException extends IOException {
    private final String error;
    private final List<Long> codes;

    public TokenException(String message, String error, List<Long> codes) {
        super(message);
        this.error = error;
        this.codes = List.copyOf(codes);
    }

    public String error() {
        return error;
    }

    public List<Long> codes() {
        return codes;
    }
}
