package dev.forgewatch.collector.auth;

import java.time.Instant;

/** A bearer token and when it stops working. {@code toString} hides the token. */
public record AccessToken(String value, Instant expiresAt) {
    public String authorization() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "AccessToken[expires " + expiresAt + "]";
    }
}
