package dev.forgewatch.collector.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** A completed HTTP exchange, body fully read. */
public record ApiResponse(URI uri, int status, HttpHeaders headers, byte[] body) {
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** A header by name, case-insensitively (the Activity API's paging header has two spellings in the docs). */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }
}
