package dev.forgewatch.splunk.app;

import java.util.Objects;

/**
 * One compromised signing key: a token whose {@code kid} or {@code x5t} names it is forged, or made to
 * look forged. {@code sourceDate} is the date of the source's statement (ISO date).
 */
public record KeyIoc(String kid, String x5t, String thumbprintSha1, String name, String description, String source,
                     String sourceDate) {
    public KeyIoc {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }
}
