package dev.forgewatch.collector.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.forgewatch.collector.auth.TokenProvider;
import dev.forgewatch.collector.http.ApiClient;
import dev.forgewatch.collector.http.ErrorBody;
import dev.forgewatch.common.http.HttpReply;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Office 365 Management Activity API: {@code https://manage.office.com/api/v1.0/{tenant}/activity/feed/…}.
 * Every call carries {@code PublisherIdentifier} (the tenant's own id unless configured), which gives
 * the caller its own throttling quota instead of the shared one.
 */
public final class ActivityApi {
    public static final String SCOPE_SUFFIX = "/.default";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    /** A page's {@code NextPageUri}; the troubleshooting page spells it NextPageUrl. */
    private static final List<String> NEXT_PAGE_HEADERS = List.of("NextPageUri", "NextPageUrl");
    /** Paging safety net: a listing longer than this is a server bug, not data. */
    static final int MAX_PAGES = 10_000;

    private final ApiClient client;
    private final TokenProvider tokens;
    private final String scope;
    private final String feed;
    private final String publisher;

    public ActivityApi(ApiClient client, TokenProvider tokens, URI manageRoot, String resource, String tenantId, String publisherId) {
        this.client = client;
        this.tokens = tokens;
        String root = manageRoot.toString().replaceAll("/+$", "");
        this.scope = resource.replaceAll("/+$", "") + SCOPE_SUFFIX;
        this.feed = root + "/api/v1.0/" + URLEncoder.encode(tenantId, StandardCharsets.UTF_8) + "/activity/feed/";
        this.publisher = publisherId;
    }

    public List<Subscription> listSubscriptions() throws IOException {
        JsonNode body = call("GET", URI.create(feed + "subscriptions/list?PublisherIdentifier=" + enc(publisher))).json();
        List<Subscription> subscriptions = new ArrayList<>();
        for (JsonNode item : body) {
            subscriptions.add(new Subscription(item.path("contentType").asText(), item.path("status").asText()));
        }
        return subscriptions;
    }

    public Subscription start(String contentType) throws IOException {
        JsonNode body = call("POST", URI.create(feed + "subscriptions/start?contentType=" + enc(contentType)
                + "&PublisherIdentifier=" + enc(publisher))).json();
        return new Subscription(body.path("contentType").asText(contentType), body.path("status").asText());
    }

    /**
     * Every blob listed for {@code [start, end)} (at most 24 hours, by the blobs' creation time),
     * following {@code NextPageUri} until a page comes without one.
     */
    public void listContent(String contentType, Instant start, Instant end, Consumer<ContentBlob> out) throws IOException {
        if (!end.isAfter(start) || ChronoUnit.SECONDS.between(start, end) > 24 * 3600) {
            throw new IllegalArgumentException("a content window is at most 24 hours and not empty: " + start + " - " + end);
        }
        URI next = URI.create(feed + "subscriptions/content?contentType=" + enc(contentType) + "&startTime="
                + TIME.format(start) + "&endTime=" + TIME.format(end) + "&PublisherIdentifier=" + enc(publisher));
        for (int page = 0; next != null; page++) {
            if (page == MAX_PAGES) {
                throw new IOException("content listing for " + contentType + " did not end after " + MAX_PAGES + " pages");
            }
            Page answer = call("GET", next);
            for (JsonNode item : answer.json()) {
                out.accept(new ContentBlob(item.path("contentType").asText(contentType), item.path("contentId").asText(),
                        item.path("contentUri").asText(), Instant.parse(item.path("contentCreated").asText()),
                        parseOrNull(item.path("contentExpiration").asText(null))));
            }
            next = answer.next() == null ? null : withPublisher(URI.create(answer.next()));
        }
    }

    /** The records of one blob: a JSON array, as the API returns it. */
    public ArrayNode fetch(ContentBlob blob) throws IOException {
        JsonNode body = call("GET", withPublisher(URI.create(blob.contentUri()))).json();
        if (!body.isArray()) {
            throw new IOException("content blob " + blob.contentId() + " is not a JSON array");
        }
        return (ArrayNode) body;
    }

    private record Page(JsonNode json, String next) {
    }

    private Page call(String method, URI uri) throws IOException {
        HttpReply response = send(method, uri);
        if (response.status() == 401) {
            // A token revoked or rotated server-side: one fresh token, then the error stands.
            tokens.invalidate(scope);
            response = send(method, uri);
        }
        if (!response.ok()) {
            throw error(response);
        }
        JsonNode json = response.body().length == 0 ? Json.MAPPER.createArrayNode() : Json.MAPPER.readTree(response.body());
        String next = null;
        for (String header : NEXT_PAGE_HEADERS) {
            String value = response.header(header);
            if (value != null && !value.isBlank()) {
                next = value.trim();
                break;
            }
        }
        return new Page(json, next);
    }

    private HttpReply send(String method, URI uri) throws IOException {
        String authorization = tokens.token(scope).authorization();
        return client.send(() -> HttpRequest.newBuilder(uri)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("")
                        : HttpRequest.BodyPublishers.noBody())
                .build());
    }

    private static ActivityException error(HttpReply response) {
        ErrorBody error = ErrorBody.of(response);
        String message = error.message().isEmpty() && response.status() == 401 ? "the token was not accepted" : error.message();
        return new ActivityException(response.status(), error.code(), message);
    }

    private URI withPublisher(URI uri) {
        String text = uri.toString();
        if (text.contains("PublisherIdentifier=")) {
            return uri;
        }
        return URI.create(text + (uri.getRawQuery() == null ? "?" : "&") + "PublisherIdentifier=" + enc(publisher));
    }

    private static Instant parseOrNull(String text) {
        return text == null || text.isEmpty() ? null : Instant.parse(text);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
