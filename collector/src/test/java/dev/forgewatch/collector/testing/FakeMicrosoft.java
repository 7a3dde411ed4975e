package dev.forgewatch.collector.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTPS stand-in for the three Microsoft services the collector talks to, following their
 * documented contracts: the identity platform's v2 token endpoint (client secret or certificate
 * assertion, AADSTS error bodies), the Office 365 Management Activity API (subscriptions, content
 * listing with {@code NextPageUri}, blobs, AF error codes, the 24-hour / 7-day window rules) and
 * Graph {@code auditLogs/signIns} ({@code $filter}, {@code @odata.nextLink}). Faults (429 with
 * Retry-After, 5xx, slow answers, connections dropped mid-body) are scripted per request. Binds
 * to 127.0.0.1 only.
 */
public final class FakeMicrosoft implements AutoCloseable, TestRuns.Root {
    public static final String TENANT = "7eb844b5-7e94-4749-9c51-d4537f72482d";
    public static final String SECRET_CLIENT = "0f7a3c61-2b1e-4d7e-9a55-5c1f6b2f8a01";
    public static final String CERT_CLIENT = "4c2d9e1a-8b3f-4a6c-b7d2-1e9f0a3b5c77";
    public static final String CLIENT_SECRET = "s3cr3t~Value_ForgeWatch.Test-0001";
    static final DateTimeFormatter ACTIVITY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Set<String> CONTENT_TYPES = Set.of("Audit.AzureActiveDirectory", "Audit.Exchange", "Audit.SharePoint",
            "Audit.General", "DLP.All");

    /** A scripted misbehaviour for the next request(s) matching a predicate. */
    public enum FaultKind { THROTTLE_429, THROTTLE_AF429, SERVER_503, SLOW, DROP_MID_BODY }

    public record Fault(FaultKind kind, Predicate<String> matches, int times, long retryAfterSeconds, Duration delay) {
    }

    /** A request as the server saw it: method, path and raw query, headers. */
    public record Seen(String method, String path, String query, Map<String, List<String>> headers) {
    }

    private record Blob(String contentType, String contentId, Instant created, ArrayNode records) {
    }

    private record Issued(String tenant, String scope, Instant expires) {
    }

    private final HttpsServer server;
    private final ExecutorService executor;
    private final Supplier<Instant> clock;
    private final Map<String, Object> clients = new ConcurrentHashMap<>();
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private final Set<String> usedJti = ConcurrentHashMap.newKeySet();
    private final Map<String, String> subscriptions = new ConcurrentHashMap<>();
    private final List<Blob> blobs = new CopyOnWriteArrayList<>();
    private final List<JsonNode> signIns = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<Fault, Integer> faultUses = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private volatile int contentPageSize = 3;
    private volatile int graphPageSize = 50;
    private volatile long tokenLifetimeSeconds = 3599;

    static {
        // Answers go out as headers then body; without TCP_NODELAY each one waits on a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public FakeMicrosoft(Supplier<Instant> clock) throws IOException {
        this(clock, TestCertificates.server());
    }

    public FakeMicrosoft(Supplier<Instant> clock, TestCertificates.Issued certificate) throws IOException {
        this.clock = clock;
        clients.put(SECRET_CLIENT, CLIENT_SECRET);
        clients.put(CERT_CLIENT, TestCertificates.client().certificate());
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(TestCertificates.serverContext(certificate)));
        server.createContext("/", this::handle);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.start();
    }

    @Override
    public URI root() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    // ---- scripting -------------------------------------------------------------------------------

    public FakeMicrosoft subscribe(String contentType) {
        subscriptions.put(contentType, "enabled");
        return this;
    }

    public Map<String, String> subscriptions() {
        return Map.copyOf(subscriptions);
    }

    /** Publishes a blob of records, created at {@code created}; returns its content id. */
    public String addBlob(String contentType, Instant created, ArrayNode records) {
        String id = created.toEpochMilli() + "$" + contentType + "$" + String.format(Locale.ROOT, "%04d", blobs.size());
        blobs.add(new Blob(contentType, id, created, records.deepCopy()));
        return id;
    }

    public void addSignIns(List<JsonNode> records) {
        signIns.addAll(records);
    }

    public void contentPageSize(int size) {
        contentPageSize = size;
    }

    public void graphPageSize(int size) {
        graphPageSize = size;
    }

    public void tokenLifetime(long seconds) {
        tokenLifetimeSeconds = seconds;
    }

    public void fault(FaultKind kind, Predicate<String> matches, int times, long retryAfterSeconds, Duration delay) {
        faults.add(new Fault(kind, matches, times, retryAfterSeconds, delay));
    }

    public void fault(FaultKind kind, Predicate<String> matches, int times) {
        fault(kind, matches, times, 0, Duration.ZERO);
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public long requests(Predicate<Seen> which) {
        return seen.stream().filter(which).count();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- dispatch ---------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String path = uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
            seen.add(new Seen(exchange.getRequestMethod(), path, query, Map.copyOf(exchange.getRequestHeaders())));
            Fault fault = takeFault(path + "?" + query);
            if (fault != null && applyFault(fault, exchange)) {
                return;
            }
            Answer answer = route(exchange, path, query);
            if (fault != null && fault.kind() == FaultKind.DROP_MID_BODY) {
                // Promise the whole body, send half, then fail the exchange: the server closes the
                // connection and the client sees a body cut short.
                byte[] body = answer.body();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(answer.status(), body.length);
                OutputStream out = exchange.getResponseBody();
                out.write(body, 0, body.length / 2);
                out.flush();
                throw new IOException("fault: connection dropped mid-body");
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            byte[] body = answer.body();
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    private Fault takeFault(String target) {
        for (Fault fault : faults) {
            if (fault.matches().test(target)) {
                int used = faultUses.merge(fault, 1, Integer::sum);
                if (used <= fault.times()) {
                    return fault;
                }
            }
        }
        return null;
    }

    /** Applies a fault that replaces the answer; true when the exchange is done. */
    private boolean applyFault(Fault fault, HttpExchange exchange) throws IOException {
        switch (fault.kind()) {
            case THROTTLE_429 -> {
                exchange.getResponseHeaders().set("Retry-After", Long.toString(fault.retryAfterSeconds()));
                send(exchange, 429, error("TooManyRequests", "Too many requests."));
                return true;
            }
            case THROTTLE_AF429 -> {
                // the Activity API's documented throttling answer: 403 with code AF429
                exchange.getResponseHeaders().set("Retry-After", Long.toString(fault.retryAfterSeconds()));
                send(exchange, 403, error("AF429", "Too many requests. Method=GetBlob, PublisherId=00000000-0000-0000-0000-000000000000"));
                return true;
            }
            case SERVER_503 -> {
                send(exchange, 503, error("ServiceUnavailable", "The service is temporarily unavailable."));
                return true;
            }
            case SLOW -> {
                try {
                    Thread.sleep(fault.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private record Answer(int status, byte[] body, Map<String, String> headers) {
        static Answer json(int status, JsonNode body) {
            try {
                return new Answer(status, Json.MAPPER.writeValueAsBytes(body), Map.of());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final Pattern TOKEN = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token");
    private static final Pattern FEED = Pattern.compile("/api/v1\\.0/([^/]+)/activity/feed/(subscriptions/(?:list|start|stop|content)|audit/([^/]+))");

    private Answer route(HttpExchange exchange, String path, String query) throws IOException {
        Map<String, String> params = parse(query);
        Matcher token = TOKEN.matcher(path);
        if (token.matches()) {
            return tokenEndpoint(exchange, URLDecoder.decode(token.group(1), StandardCharsets.UTF_8));
        }
        Matcher feed = FEED.matcher(path);
        if (feed.matches()) {
            Answer denied = authorize(exchange, "https://manage.office.com", feed.group(1));
            if (denied != null) {
                return denied;
            }
            String operation = feed.group(2);
            if (feed.group(3) != null) {
                return blob(URLDecoder.decode(feed.group(3), StandardCharsets.UTF_8));
            }
            return switch (operation) {
                case "subscriptions/list" -> listSubscriptions(exchange);
                case "subscriptions/start" -> startSubscription(exchange, params);
                case "subscriptions/content" -> listContent(exchange, params, query);
                default -> Answer.json(400, error("AF20001", "Unsupported operation."));
            };
        }
        if (path.equals("/v1.0/auditLogs/signIns") || path.equals("/beta/auditLogs/signIns")) {
            Answer denied = authorize(exchange, "https://graph.microsoft.com", null);
            if (denied != null) {
                return denied;
            }
            return signIns(path.startsWith("/beta/") ? "beta" : "v1.0", params);
        }
        return Answer.json(404, error("NotFound", "No such endpoint."));
    }

    // ---- identity platform -----------------------------------------------------------------------

    private Answer tokenEndpoint(HttpExchange exchange, String tenant) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            return aadsts(405, "invalid_request", 900561, "The endpoint only accepts POST requests.");
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
            return aadsts(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
        }
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!tenant.equals(TENANT) && !tenant.equals("fabrikam.example")) {
            return aadsts(400, "invalid_request", 90002, "Tenant '" + tenant + "' not found. Check to make sure you have the correct tenant ID"
                    + " and are signing into the correct cloud.");
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return aadsts(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
        }
        String scope = form.getOrDefault("scope", "");
        if (!scope.endsWith("/.default")) {
            return aadsts(400, "invalid_scope", 1002012, "The provided value for scope " + scope + " is not valid. Client credential"
                    + " flows must have a scope value with /.default suffixed to the resource identifier.");
        }
        String resource = scope.substring(0, scope.length() - "/.default".length());
        if (!resource.equals("https://manage.office.com") && !resource.equals("https://graph.microsoft.com")) {
            return aadsts(400, "invalid_resource", 500011, "The resource principal named " + resource + " was not found in the tenant.");
        }
        String clientId = form.get("client_id");
        Object registered = clientId == null ? null : clients.get(clientId);
        if (registered == null) {
            return aadsts(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                    + "' was not found in the directory '" + tenant + "'.");
        }
        if (registered instanceof String secret) {
            if (form.containsKey("client_assertion")) {
                return aadsts(401, "invalid_client", 700027, "Client assertion contains an invalid signature.");
            }
            if (!secret.equals(form.get("client_secret"))) {
                return aadsts(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the"
                        + " request is the client secret value, not the client secret ID, for a secret added to app '" + clientId + "'.");
            }
        } else {
            String problem = verifyAssertion(form, clientId, (X509Certificate) registered, exchange);
            if (problem != null) {
                return aadsts(401, "invalid_client", 700027, "Client assertion failed signature validation: " + problem);
            }
        }
        // JWT-shaped like real access tokens, so leak tests can look for it (and the Redactor would catch it)
        String accessToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9."
                + Base64URL.encode(("{\"aud\":\"" + resource + "\",\"tid\":\"" + TENANT + "\",\"n\":\"" + UUID.randomUUID() + "\"}")
                .getBytes(StandardCharsets.UTF_8)) + "." + Base64URL.encode(randomBytes(32));
        tokens.put(accessToken, new Issued(TENANT, resource, clock.get().plusSeconds(tokenLifetimeSeconds)));
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("token_type", "Bearer");
        body.put("expires_in", tokenLifetimeSeconds);
        body.put("ext_expires_in", tokenLifetimeSeconds);
        body.put("access_token", accessToken);
        return Answer.json(200, body);
    }

    /** The private_key_jwt checks: form fields, header thumbprints, signature, audience, issuer, lifetime, replay. */
    private String verifyAssertion(Map<String, String> form, String clientId, X509Certificate certificate, HttpExchange exchange) {
        if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))) {
            return "client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        }
        if (form.containsKey("client_secret")) {
            return "both a secret and an assertion were sent";
        }
        try {
            SignedJWT jwt = SignedJWT.parse(form.getOrDefault("client_assertion", ""));
            JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
            if (!JWSAlgorithm.PS256.equals(alg) && !JWSAlgorithm.RS256.equals(alg)) {
                return "alg " + alg + " not accepted";
            }
            byte[] der = certificate.getEncoded();
            Base64URL sha256 = Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(der));
            if (!sha256.equals(jwt.getHeader().getX509CertSHA256Thumbprint())) {
                return "x5t#S256 does not name a registered certificate";
            }
            @SuppressWarnings("deprecation")
            Base64URL sha1 = jwt.getHeader().getX509CertThumbprint();
            if (sha1 != null && !sha1.equals(Base64URL.encode(MessageDigest.getInstance("SHA-1").digest(der)))) {
                return "x5t does not match x5t#S256";
            }
            if (!jwt.verify(new RSASSAVerifier((RSAPublicKey) certificate.getPublicKey()))) {
                return "bad signature";
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            String expectedAudience = root() + exchange.getRequestURI().getRawPath();
            if (!List.of(expectedAudience).equals(claims.getAudience())) {
                return "aud " + claims.getAudience() + " is not the token endpoint " + expectedAudience;
            }
            if (!clientId.equals(claims.getIssuer()) || !clientId.equals(claims.getSubject())) {
                return "iss and sub must be the client id";
            }
            Instant now = clock.get();
            if (claims.getExpirationTime() == null || !claims.getExpirationTime().toInstant().isAfter(now)) {
                return "expired";
            }
            if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().isAfter(now.plusSeconds(300))) {
                return "not yet valid";
            }
            if (claims.getJWTID() == null || !usedJti.add(claims.getJWTID())) {
                return "jti missing or replayed";
            }
            return null;
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException | java.security.GeneralSecurityException e) {
            return "unreadable assertion: " + e.getMessage();
        }
    }

    private Answer aadsts(int status, String error, long code, String description) {
        String trace = UUID.randomUUID().toString();
        String correlation = UUID.randomUUID().toString();
        String timestamp = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC).format(clock.get());
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("error", error);
        body.put("error_description", "AADSTS" + code + ": " + description + "\r\nTrace ID: " + trace + "\r\nCorrelation ID: "
                + correlation + "\r\nTimestamp: " + timestamp);
        body.putArray("error_codes").add(code);
        body.put("timestamp", timestamp);
        body.put("trace_id", trace);
        body.put("correlation_id", correlation);
        body.put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
        return Answer.json(status, body);
    }

    private Answer authorize(HttpExchange exchange, String resource, String urlTenant) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        Issued issued = header != null && header.startsWith("Bearer ") ? tokens.get(header.substring(7)) : null;
        if (issued == null || !issued.expires().isAfter(clock.get())) {
            return Answer.json(401, error("InvalidAuthenticationToken", "Access token is missing, invalid or has expired."));
        }
        if (!issued.scope().equals(resource)) {
            return Answer.json(401, error(resource.contains("manage") ? "AF10001" : "InvalidAuthenticationToken",
                    "The token was issued for another audience."));
        }
        if (urlTenant != null && !urlTenant.equals(issued.tenant())) {
            return Answer.json(401, error("AF20010", "The tenant ID passed in the URL (" + urlTenant + ") does not match the"
                    + " tenant ID passed in the access token (" + issued.tenant() + ")."));
        }
        return null;
    }

    // ---- Management Activity API -----------------------------------------------------------------

    private Answer listSubscriptions(HttpExchange exchange) {
        if (!exchange.getRequestMethod().equals("GET")) {
            return Answer.json(405, error("AF20001", "Use GET."));
        }
        ArrayNode list = Json.MAPPER.createArrayNode();
        new java.util.TreeMap<>(subscriptions).forEach((type, status) -> {
            ObjectNode item = list.addObject();
            item.put("contentType", type);
            item.put("status", status);
            item.putNull("webhook");
        });
        return Answer.json(200, list);
    }

    private Answer startSubscription(HttpExchange exchange, Map<String, String> params) {
        if (!exchange.getRequestMethod().equals("POST")) {
            return Answer.json(405, error("AF20001", "Use POST."));
        }
        String type = params.get("contentType");
        if (type == null || !CONTENT_TYPES.contains(type)) {
            return Answer.json(400, error("AF20020", "The specified content type is not valid."));
        }
        subscriptions.put(type, "enabled");
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("contentType", type);
        body.put("status", "enabled");
        body.putNull("webhook");
        return Answer.json(200, body);
    }

    private Answer listContent(HttpExchange exchange, Map<String, String> params, String query) {
        String type = params.get("contentType");
        if (type == null || !CONTENT_TYPES.contains(type)) {
            return Answer.json(400, error("AF20020", "The specified content type is not valid."));
        }
        if (!"enabled".equals(subscriptions.get(type))) {
            return Answer.json(400, error("AF20022", "No subscription found for the specified content type"));
        }
        Instant now = clock.get();
        Instant start;
        Instant end;
        String startText = params.get("startTime");
        String endText = params.get("endTime");
        if ((startText == null) != (endText == null)) {
            return Answer.json(400, error("AF20055", "Start time and end time must both be specified (or both omitted)."));
        }
        try {
            start = startText == null ? now.minus(Duration.ofHours(24)) : activityTime(startText);
            end = endText == null ? now : activityTime(endText);
        } catch (DateTimeParseException e) {
            return Answer.json(400, error("AF20002", "Wrong parameter type: startTime/endTime."));
        }
        if (!start.isBefore(end) || Duration.between(start, end).compareTo(Duration.ofHours(24)) > 0
                || start.isBefore(now.minus(Duration.ofDays(7)))) {
            return Answer.json(400, error("AF20055", "Start time and end time must be less than or equal to 24 hours apart,"
                    + " with the start time no more than 7 days in the past."));
        }
        List<Blob> window = new ArrayList<>();
        for (Blob blob : blobs) {
            if (blob.contentType().equals(type) && !blob.created().isBefore(start) && blob.created().isBefore(end)
                    && !blob.created().isAfter(now)) {
                window.add(blob);
            }
        }
        window.sort(Comparator.comparing(Blob::created).thenComparing(Blob::contentId));
        int offset = 0;
        if (params.containsKey("nextPage")) {
            try {
                offset = Integer.parseInt(params.get("nextPage").replaceFirst("^p", ""));
            } catch (NumberFormatException e) {
                return Answer.json(400, error("AF20031", "Invalid nextPage Input."));
            }
        }
        ArrayNode page = Json.MAPPER.createArrayNode();
        int until = Math.min(window.size(), offset + contentPageSize);
        for (Blob blob : window.subList(Math.min(offset, window.size()), until)) {
            ObjectNode item = page.addObject();
            item.put("contentUri", root() + "/api/v1.0/" + TENANT + "/activity/feed/audit/" + blob.contentId());
            item.put("contentId", blob.contentId());
            item.put("contentType", blob.contentType());
            item.put("contentCreated", DateTimeFormatter.ISO_INSTANT.format(blob.created().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
            item.put("contentExpiration", DateTimeFormatter.ISO_INSTANT.format(blob.created().plus(Duration.ofDays(7))));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (until < window.size()) {
            // The documented shape: the same query (window and type) plus nextPage, as a full URL.
            String base = query.replaceAll("&?nextPage=[^&]*", "").replaceAll("&?PublisherIdentifier=[^&]*", "");
            headers.put("NextPageUri", root() + "/api/v1.0/" + TENANT + "/activity/feed/subscriptions/content?" + base
                    + "&nextPage=p" + until);
        }
        Answer answer = Answer.json(200, page);
        return new Answer(200, answer.body(), headers);
    }

    private Answer blob(String contentId) {
        for (Blob blob : blobs) {
            if (blob.contentId().equals(contentId)) {
                if (blob.created().plus(Duration.ofDays(7)).isBefore(clock.get())) {
                    return Answer.json(400, error("AF20051", "Content requested with the key " + contentId + " has already expired."));
                }
                return Answer.json(200, blob.records());
            }
        }
        return Answer.json(400, error("AF20050", "The specified content " + contentId + " doesn't exist."));
    }

    private static Instant activityTime(String text) {
        String value = URLDecoder.decode(text, StandardCharsets.UTF_8);
        if (value.length() == 10) {
            return java.time.LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        if (value.length() == 16) {
            value = value + ":00";
        }
        return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    }

    // ---- Graph -----------------------------------------------------------------------------------

    /**
     * The filters the collector sends, in Graph's OData syntax: a {@code createdDateTime} window,
     * and on beta optionally one category, {@code signInEventTypes/any(t: t eq 'nonInteractiveUser')}.
     * Anything else is answered as Graph answers a filter it cannot read: 400 BadRequest.
     */
    private static final Pattern FILTER = Pattern.compile("createdDateTime ge (\\S+) and createdDateTime lt (\\S+)"
            + "(?: and signInEventTypes/any\\(t: t eq '(interactiveUser|nonInteractiveUser|servicePrincipal|managedIdentity)'\\))?");

    /**
     * {@code GET /{v1.0|beta}/auditLogs/signIns}: sign-ins of the window, newest first, pages of at
     * most {@code $top} (1,000 at most) chained by {@code @odata.nextLink} (the same query plus a
     * {@code $skiptoken}). Without a {@code signInEventTypes} filter only interactive sign-ins are
     * listed, as Microsoft documents; the category filter exists on beta only (v1.0's signIn has no
     * {@code signInEventTypes}, and its answers do not carry it).
     */
    private Answer signIns(String version, Map<String, String> params) {
        String filter = params.getOrDefault("$filter", "");
        Matcher matcher = FILTER.matcher(filter);
        if (!matcher.matches() || (matcher.group(3) != null && !version.equals("beta"))) {
            return Answer.json(400, graphError("BadRequest", "Invalid filter clause"));
        }
        Instant start = Instant.parse(matcher.group(1));
        Instant end = Instant.parse(matcher.group(2));
        String category = matcher.group(3) == null ? "interactiveUser" : matcher.group(3);
        int top = Integer.parseInt(params.getOrDefault("$top", "1000"));
        if (top > 1000) {
            return Answer.json(400, graphError("BadRequest", "$top must not exceed 1000"));
        }
        int size = Math.min(top, graphPageSize);
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode record : signIns) {
            Instant created = Instant.parse(record.path("createdDateTime").asText());
            if (!created.isBefore(start) && created.isBefore(end) && categoryOf(record).equals(category)) {
                JsonNode answer = record.deepCopy();
                if (version.equals("v1.0")) {
                    ((ObjectNode) answer).remove("signInEventTypes");
                }
                matching.add(answer);
            }
        }
        // Graph's default order: newest first
        matching.sort(Comparator.comparing((JsonNode r) -> Instant.parse(r.path("createdDateTime").asText())).reversed()
                .thenComparing(r -> r.path("id").asText()));
        int offset = Integer.parseInt(params.getOrDefault("$skiptoken", "0"));
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("@odata.context", root() + "/" + version + "/$metadata#auditLogs/signIns");
        ArrayNode value = body.putArray("value");
        int until = Math.min(matching.size(), offset + size);
        matching.subList(Math.min(offset, matching.size()), until).forEach(value::add);
        if (until < matching.size()) {
            body.put("@odata.nextLink", root() + "/" + version + "/auditLogs/signIns?$filter="
                    + java.net.URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20") + "&$top=" + top
                    + "&$skiptoken=" + until);
        }
        return Answer.json(200, body);
    }

    /** A stored sign-in's category: its first {@code signInEventTypes} value; records without one are interactive. */
    private static String categoryOf(JsonNode record) {
        JsonNode types = record.path("signInEventTypes");
        return types.isArray() && !types.isEmpty() ? types.get(0).asText() : "interactiveUser";
    }

    private static ObjectNode graphError(String code, String message) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        ObjectNode inner = error.putObject("innerError");
        inner.put("request-id", UUID.randomUUID().toString());
        return body;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static ObjectNode error(String code, String message) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return body;
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static Map<String, String> parse(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(name, value);
        }
        return Collections.unmodifiableMap(values);
    }

    /** The time format the Activity API takes for startTime/endTime. */
    public static String activityTime(Instant instant) {
        return ACTIVITY_TIME.format(instant);
    }
}
