package dev.forgewatch.elastic.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.forgewatch.esnode.Es7CompatCallback;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * TEST ONLY: the 7.10 node adapter ({@link Es7CompatCallback}) as a loopback HTTP proxy, for code that
 * builds the product's own Elasticsearch client and cannot be handed the adapter (the {@code forgewatch}
 * command line in tests). Requests reach the node with the media types downgraded exactly as the
 * adapter does, answers come back with {@code X-Elastic-Product}; nothing else is touched.
 */
public final class Es7CompatProxy implements AutoCloseable {
    private static final List<String> FORWARDED_HEADERS = List.of("Content-Type", "Accept", "Authorization");

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String upstream;

    public Es7CompatProxy(String upstream) throws IOException {
        this.upstream = upstream;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
                    .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String name : FORWARDED_HEADERS) {
                for (String value : exchange.getRequestHeaders().getOrDefault(name, List.of())) {
                    request.header(name, name.equals("Authorization") ? value : Es7CompatCallback.downgrade(value));
                }
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().add("Content-Type", type));
            exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
            byte[] answer = response.body();
            boolean empty = answer.length == 0 || method.equals("HEAD");
            exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : answer.length);
            if (!empty) {
                exchange.getResponseBody().write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
