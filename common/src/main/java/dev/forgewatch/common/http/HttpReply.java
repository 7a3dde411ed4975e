package dev.forgewatch.common.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * A completed HTTP exchange, its body read (up to the transport's limit).
 *
 * @param truncated the body was longer than the limit and was cut
 */
public record HttpReply(URI uri, int status, HttpHeaders headers, byte[] body, boolean truncated) {
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** A header by name, case-insensitively. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }
}
