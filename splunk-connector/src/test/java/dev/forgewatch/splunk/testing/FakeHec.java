package dev.forgewatch.splunk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.forgewatch.common.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;

/**
 * A local HTTP Event Collector that answers as Splunk documents it: {@code /services/collector/event}
 * with {@code {"text":"Success","code":0,"ackId":N}} or the documented errors (401 code 2/3, 403
 * code 4, 400 codes 5/6/10/11/12/13, 503 code 9), and {@code /services/collector/ack} with
 * {@code {"acks":{"0":true}}}. Indexer acknowledgement as documented: the client names a channel (a
 * GUID, in the {@code X-Splunk-Request-Channel} header or the {@code channel} query parameter); ack ids
 * are issued per channel, counting from 0; an id is reported true once, then forgotten; an id the
 * instance does not know is false. Ack state lives in the HEC instance that issued the id, which is
 * why Splunk requires a load balancer in front of several HEC instances to keep a channel on one
 * instance ("sticky sessions"): {@link #instances(int)} models one that does not. Faults are scripted
 * per request. Events count as indexed when their acknowledgement turns true (or at once when
 * acknowledgement is off).
 */
public final class FakeHec implements AutoCloseable {
    /** What the next request to an endpoint meets. */
    public enum Fault {
        /** No fault: the request is served normally. */
        NONE,
        /** 503 {"text":"Server is busy","code":9}; nothing indexed. */
        BUSY,
        /** 500 {"text":"Internal server error","code":8}; nothing indexed. */
        INTERNAL_ERROR,
        /** The connection drops before the batch is read; nothing indexed. */
        RESET_BEFORE_INDEXING,
        /** The batch is indexed, then the connection drops before the reply. */
        RESET_AFTER_INDEXING,
        /** Accepted with an ackId, but the indexer loses the batch: never indexed, never acknowledged. */
        LOSE_BATCH,
        /** 400 code 6, invalid-event-number 1; nothing indexed. */
        INVALID_SECOND_EVENT,
        /**
         * The batch is indexed, then no reply until {@link #release()} (the server serves nothing else
         * meanwhile): a client killed in that time never learns that Splunk holds the batch.
         */
        HOLD_AFTER_INDEXING
    }

    private static final Pattern GUID = Pattern.compile("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");

    private final HttpServer server;
    private final String token;
    private final boolean ackEnabled;
    private final Deque<Fault> eventFaults = new ArrayDeque<>();
    private final Deque<Boolean> ackQueryBusy = new ArrayDeque<>();
    private final List<JsonNode> indexed = new ArrayList<>();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Map<String, String>> requestHeaders = new ArrayList<>();
    /** Per HEC instance behind the (non-sticky) load balancer: channel → its ack state. */
    private final List<Map<String, Channel>> instances = new ArrayList<>(List.of(new HashMap<>()));
    private long requests;
    private int ackDelayPolls;
    private int maxOutstanding;
    private int eventRequests;

    private record Pending(List<JsonNode> events, boolean lost, int[] pollsLeft) {
    }

    /** One channel's acknowledgement state in one HEC instance: the next id, and ids not yet reported true. */
    private static final class Channel {
        long nextAckId;
        final Map<Long, Pending> pending = new HashMap<>();
    }

    private FakeHec(HttpServer server, String token, boolean ackEnabled) {
        this.server = server;
        this.token = token;
        this.ackEnabled = ackEnabled;
        server.createContext("/services/collector/event", exchange -> {
            if (event(exchange)) {
                holdUntilReleased(exchange);
            }
        });
        server.createContext("/services/collector/ack", this::ack);
        server.start();
    }

    public static FakeHec start(String token, boolean ackEnabled) throws IOException {
        LocalServers.prepare();
        return new FakeHec(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), token, ackEnabled);
    }

    public static FakeHec startHttps(String token, SSLContext tls) throws IOException {
        LocalServers.prepare();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new FakeHec(server, token, true);
    }

    public URI url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    public synchronized FakeHec faults(Fault... faults) {
        eventFaults.addAll(List.of(faults));
        return this;
    }

    /**
     * Puts {@code count} HEC instances behind a load balancer that sends each request (batches and
     * acknowledgement queries alike) to the next instance in turn, without sticky sessions: each
     * instance numbers a channel's batches on its own, so ack ids repeat, and an ack query reaches an
     * instance that may not know the id or may know another batch by it.
     */
    public synchronized FakeHec instances(int count) {
        instances.clear();
        for (int i = 0; i < count; i++) {
            instances.add(new HashMap<>());
        }
        return this;
    }

    /** The instance the load balancer picks for the next request. */
    private Map<String, Channel> nextInstance() {
        return instances.get((int) (requests++ % instances.size()));
    }

    /** Acknowledgements turn true only after this many queries that include them. */
    public synchronized FakeHec ackDelay(int polls) {
        ackDelayPolls = polls;
        return this;
    }

    /** The next {@code count} acknowledgement queries get 503 code 9. */
    public synchronized FakeHec busyAckQueries(int count) {
        for (int i = 0; i < count; i++) {
            ackQueryBusy.add(true);
        }
        return this;
    }

    /** Every event envelope indexed, in order, including any copy indexed twice. */
    public synchronized List<JsonNode> indexed() {
        return List.copyOf(indexed);
    }

    /** The most batches that were accepted but not yet acknowledged at once. */
    public synchronized int maxOutstanding() {
        return maxOutstanding;
    }

    public synchronized int eventRequests() {
        return eventRequests;
    }

    public synchronized List<Map<String, String>> requestHeaders() {
        return List.copyOf(requestHeaders);
    }

    /** Waits outside the lock, so that tests can still read what was indexed. */
    private void holdUntilReleased(HttpExchange exchange) {
        held.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.close();
    }

    /** Waits until a request was held ({@link Fault#HOLD_AFTER_INDEXING}); false if none was within the time. */
    public boolean awaitHeld(long seconds) throws InterruptedException {
        return held.await(seconds, TimeUnit.SECONDS);
    }

    /** Lets a held request end (without a reply) and the server serve again. */
    public void release() {
        release.countDown();
    }

    /** @return true when the request is to be held without a reply */
    private synchronized boolean event(HttpExchange exchange) throws IOException {
        eventRequests++;
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        requestHeaders.add(headers);
        Fault fault = eventFaults.poll();
        if (fault == Fault.RESET_BEFORE_INDEXING) {
            exchange.close(); // no response: the client sees the connection end
            return false;
        }
        if (!authorized(exchange, headers)) {
            return false;
        }
        String channel = channel(exchange, headers);
        if (ackEnabled && !validChannel(exchange, channel)) {
            return false;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        if ("gzip".equals(headers.get("content-encoding"))) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = in.readAllBytes();
            }
        }
        if (fault == Fault.BUSY) {
            reply(exchange, 503, "{\"text\":\"Server is busy\",\"code\":9}");
            return false;
        }
        if (fault == Fault.INTERNAL_ERROR) {
            reply(exchange, 500, "{\"text\":\"Internal server error\",\"code\":8}");
            return false;
        }
        List<JsonNode> events = new ArrayList<>();
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            reply(exchange, 400, "{\"text\":\"No data\",\"code\":5}");
            return false;
        }
        try (MappingIterator<JsonNode> it = Json.MAPPER.readerFor(JsonNode.class).readValues(body)) {
            while (it.hasNext()) {
                JsonNode event = it.next();
                int number = events.size();
                if (!event.isObject() || !event.has("event")) {
                    reply(exchange, 400, "{\"text\":\"Event field is required\",\"code\":12,\"invalid-event-number\":" + number + "}");
                    return false;
                }
                if (event.get("event").isTextual() && event.get("event").asText().isBlank()) {
                    reply(exchange, 400, "{\"text\":\"Event field cannot be blank\",\"code\":13,\"invalid-event-number\":"
                            + number + "}");
                    return false;
                }
                events.add(event);
            }
        } catch (IOException e) {
            reply(exchange, 400, "{\"text\":\"Invalid data format\",\"code\":6,\"invalid-event-number\":" + events.size() + "}");
            return false;
        }
        if (fault == Fault.INVALID_SECOND_EVENT && events.size() > 1) {
            reply(exchange, 400, "{\"text\":\"Invalid data format\",\"code\":6,\"invalid-event-number\":1}");
            return false;
        }
        if (!ackEnabled) {
            indexed.addAll(events);
            reply(exchange, 200, "{\"text\":\"Success\",\"code\":0}");
            return false;
        }
        Channel state = nextInstance().computeIfAbsent(channel.toLowerCase(), c -> new Channel());
        long ackId = state.nextAckId++;
        boolean indexedNow = fault == Fault.RESET_AFTER_INDEXING || fault == Fault.HOLD_AFTER_INDEXING;
        if (indexedNow) {
            indexed.addAll(events);
        }
        state.pending.put(ackId, new Pending(indexedNow ? List.of() : events, fault == Fault.LOSE_BATCH, new int[] {ackDelayPolls}));
        maxOutstanding = Math.max(maxOutstanding, (int) instances.stream().flatMap(i -> i.values().stream())
                .flatMap(c -> c.pending.values().stream()).filter(p -> !p.lost()).count());
        if (fault == Fault.HOLD_AFTER_INDEXING) {
            return true;
        }
        if (indexedNow) {
            exchange.close();
            return false;
        }
        reply(exchange, 200, "{\"text\":\"Success\",\"code\":0,\"ackId\":" + ackId + "}");
        return false;
    }

    private synchronized void ack(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        if (!authorized(exchange, headers)) {
            return;
        }
        if (!ackEnabled) {
            reply(exchange, 400, "{\"text\":\"ACK is disabled\",\"code\":14}");
            return;
        }
        String channel = channel(exchange, headers);
        if (!validChannel(exchange, channel)) {
            return;
        }
        if (ackQueryBusy.poll() != null) {
            reply(exchange, 503, "{\"text\":\"Server is busy\",\"code\":9}");
            return;
        }
        JsonNode request = Json.MAPPER.readTree(exchange.getRequestBody());
        Channel state = nextInstance().computeIfAbsent(channel.toLowerCase(), c -> new Channel());
        ObjectNode acks = Json.MAPPER.createObjectNode();
        for (JsonNode id : request.path("acks")) {
            Pending batch = state.pending.get(id.asLong());
            boolean done = batch != null && !batch.lost() && batch.pollsLeft()[0]-- <= 0;
            if (done) {
                indexed.addAll(batch.events());
                state.pending.remove(id.asLong()); // reported true once, then forgotten
            }
            acks.put(id.asText(), done);
        }
        ObjectNode reply = Json.MAPPER.createObjectNode();
        reply.set("acks", acks);
        reply(exchange, 200, reply.toString());
    }

    /** The channel: the {@code X-Splunk-Request-Channel} header, else the {@code channel} query parameter. */
    private static String channel(HttpExchange exchange, Map<String, String> headers) {
        String header = headers.get("x-splunk-request-channel");
        if (header != null) {
            return header;
        }
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String parameter : query.split("&")) {
                if (parameter.startsWith("channel=")) {
                    return URLDecoder.decode(parameter.substring("channel=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    /** A channel must be given, and be a GUID. */
    private static boolean validChannel(HttpExchange exchange, String channel) throws IOException {
        if (channel == null || channel.isBlank()) {
            reply(exchange, 400, "{\"text\":\"Data channel is missing\",\"code\":10}");
            return false;
        }
        if (!GUID.matcher(channel).matches()) {
            reply(exchange, 400, "{\"text\":\"Invalid data channel\",\"code\":11}");
            return false;
        }
        return true;
    }

    private boolean authorized(HttpExchange exchange, Map<String, String> headers) throws IOException {
        String authorization = headers.get("authorization");
        if (authorization == null) {
            reply(exchange, 401, "{\"text\":\"Token is required\",\"code\":2}");
            return false;
        }
        if (!authorization.startsWith("Splunk ")) {
            reply(exchange, 401, "{\"text\":\"Invalid authorization\",\"code\":3}");
            return false;
        }
        if (!authorization.substring("Splunk ".length()).equals(token)) {
            reply(exchange, 403, "{\"text\":\"Invalid token\",\"code\":4}");
            return false;
        }
        return true;
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        LocalServers.sendJson(exchange, status, json);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
