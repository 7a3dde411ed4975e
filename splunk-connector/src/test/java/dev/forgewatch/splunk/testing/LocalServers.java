package dev.forgewatch.splunk.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** What the local Splunk test servers share: socket settings and writing a JSON reply. */
final class LocalServers {
    static {
        // Replies go out as header and body writes; without this, Nagle's algorithm and the client's
        // delayed ACK stall every exchange on loopback by tens of milliseconds.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private LocalServers() {
    }

    /** Call before creating a server, so the socket setting above is in place. */
    static void prepare() {
        // the static initializer does the work
    }

    static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
