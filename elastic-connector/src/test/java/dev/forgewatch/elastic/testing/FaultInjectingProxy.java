package dev.forgewatch.elastic.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A loopback HTTP proxy in front of the real node. Item faults: for the first few {@code _bulk}
 * requests it takes chosen items out of the request (so the node never sees them) and answers for
 * them with an injected item failure: the shipper must retry 429s alone and report other failures
 * per item. Whole-request faults ({@link #wholeRequests}): per {@code _bulk} call it answers 503 or
 * 429 itself, answers slowly, or forwards and then breaks the connection mid-answer or holds it open
 * (so a test can kill the shipper while the node has indexed the batch but the shipper does not know).
 */
public final class FaultInjectingProxy implements AutoCloseable {
    /** What happens to one whole {@code _bulk} call. */
    public enum Whole {
        FORWARD,
        /** Answered by the proxy with a 503 error body, the node never sees it. */
        ANSWER_503,
        /** Answered by the proxy with a 429 (rejected execution) error body, the node never sees it. */
        ANSWER_429,
        /** Forwarded, answered after {@link #SLOW_MILLIS}. */
        SLOW_ANSWER,
        /** Forwarded (the node indexes it), then the connection is cut halfway through the answer. */
        RESET_AFTER_FORWARDING,
        /** Forwarded, then no answer until the proxy is closed; {@link #awaitHeld} returns once it happened. */
        HOLD_AFTER_FORWARDING
    }

    public static final long SLOW_MILLIS = 2_000;

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String upstream;
    private final AtomicInteger bulkCalls = new AtomicInteger();
    private final java.util.Map<Integer, AtomicInteger> injectedByStatus = new java.util.concurrent.ConcurrentHashMap<>();
    private final int faultyCalls;
    /** For item i of a faulty bulk call: the status to inject, or 0 to pass it through. */
    private final IntFunction<Integer> fault;
    /** For bulk call n (from 1): what happens to the whole call. */
    private final IntFunction<Whole> whole;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    public FaultInjectingProxy(String upstream, int faultyCalls, IntFunction<Integer> fault) throws IOException {
        this(upstream, faultyCalls, fault, call -> Whole.FORWARD);
    }

    /** A proxy that only injects whole-request faults, chosen per bulk call (numbered from 1). */
    public static FaultInjectingProxy wholeRequests(String upstream, IntFunction<Whole> forCall) throws IOException {
        return new FaultInjectingProxy(upstream, 0, item -> 0, forCall);
    }

    private FaultInjectingProxy(String upstream, int faultyCalls, IntFunction<Integer> fault, IntFunction<Whole> whole)
            throws IOException {
        this.upstream = upstream;
        this.faultyCalls = faultyCalls;
        this.fault = fault;
        this.whole = whole;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many item failures with this status the proxy made up. */
    public int injected(int status) {
        return injectedByStatus.getOrDefault(status, new AtomicInteger()).get();
    }

    public int bulkCalls() {
        return bulkCalls.get();
    }

    /** Waits until a call was held ({@link Whole#HOLD_AFTER_FORWARDING}); false if none was within the time. */
    public boolean awaitHeld(long seconds) throws InterruptedException {
        return held.await(seconds, TimeUnit.SECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().toString();
            boolean bulk = exchange.getRequestURI().getPath().endsWith("/_bulk");
            int call = bulk ? bulkCalls.incrementAndGet() : 0;
            Whole action = bulk ? whole.apply(call) : Whole.FORWARD;
            if (action == Whole.ANSWER_503 || action == Whole.ANSWER_429) {
                answerError(exchange, action == Whole.ANSWER_503 ? 503 : 429);
                return;
            }
            boolean faulty = bulk && call <= faultyCalls;
            List<String[]> items = new ArrayList<>();
            List<Integer> injected = new ArrayList<>();
            if (faulty) {
                String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
                StringBuilder forwarded = new StringBuilder();
                for (int i = 0; i + 1 < lines.length; i += 2) {
                    int status = fault.apply(i / 2);
                    items.add(new String[] {lines[i], lines[i + 1]});
                    injected.add(status);
                    if (status != 0) {
                        injectedByStatus.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                    }
                    if (status == 0) {
                        forwarded.append(lines[i]).append('\n').append(lines[i + 1]).append('\n');
                    }
                }
                body = forwarded.toString().getBytes(StandardCharsets.UTF_8);
            }
            HttpResponse<byte[]> response = forward(exchange, path, body);
            byte[] answer = response.body();
            if (action == Whole.SLOW_ANSWER) {
                Thread.sleep(SLOW_MILLIS);
            } else if (action == Whole.HOLD_AFTER_FORWARDING) {
                held.countDown();
                release.await();
                return;
            } else if (action == Whole.RESET_AFTER_FORWARDING) {
                // promise the whole answer, send half, close: the client sees the connection die mid-body
                exchange.sendResponseHeaders(response.statusCode(), answer.length);
                exchange.getResponseBody().write(answer, 0, answer.length / 2);
                exchange.getResponseBody().flush();
                return;
            }
            if (faulty) {
                answer = merge(items, injected, Json.MAPPER.readTree(answer)).getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type",
                    response.headers().firstValue("Content-Type").orElse("application/json"));
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The error body Elasticsearch sends for an unavailable cluster (503) or a full write queue (429). */
    private static void answerError(HttpExchange exchange, int status) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String type = status == 429 ? "es_rejected_execution_exception" : "cluster_block_exception";
        String reason = status == 429 ? "rejected execution of coordinating operation (queue capacity 200)"
                : "blocked by: [SERVICE_UNAVAILABLE/2/no master];";
        ObjectNode error = Json.MAPPER.createObjectNode();
        ObjectNode cause = error.putObject("error");
        cause.putArray("root_cause").addObject().put("type", type).put("reason", reason);
        cause.put("type", type).put("reason", reason);
        error.put("status", status);
        byte[] body = error.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, String path, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + path))
                .method(exchange.getRequestMethod(), body.length == 0 && !exchange.getRequestMethod().equals("POST")
                        && !exchange.getRequestMethod().equals("PUT")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The node's answer for the forwarded items, with injected failures put back in request order. */
    private static String merge(List<String[]> items, List<Integer> injected, JsonNode upstreamAnswer) throws IOException {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("took", upstreamAnswer.path("took").asLong());
        answer.put("errors", true);
        ArrayNode out = answer.putArray("items");
        int next = 0;
        for (int i = 0; i < items.size(); i++) {
            int status = injected.get(i);
            if (status == 0) {
                out.add(upstreamAnswer.path("items").get(next++));
                continue;
            }
            JsonNode action = Json.MAPPER.readTree(items.get(i)[0]);
            String op = action.fieldNames().next();
            ObjectNode result = out.addObject().putObject(op);
            result.put("_index", action.path(op).path("_index").asText());
            result.put("_type", "_doc");
            result.put("_id", action.path(op).path("_id").asText());
            result.put("status", status);
            ObjectNode error = result.putObject("error");
            error.put("type", status == 429 ? "es_rejected_execution_exception" : "mapper_parsing_exception");
            error.put("reason", status == 429 ? "rejected execution (queue capacity 200)" : "failed to parse (injected)");
        }
        return answer.toString();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
