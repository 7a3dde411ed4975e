package dev.forgewatch.collector.graph;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.format.DateTimeFormatter;

/**
 * Microsoft Graph {@code auditLogs/signIns} for a time window and a {@link SignInCategory}:
 * {@code $filter} on {@code createdDateTime} (ge start, lt end, so windows never overlap), pages of
 * up to 1,000, following {@code @odata.nextLink} verbatim until it is absent. Interactive sign-ins
 * come from {@code /v1.0}; the other categories from {@code /beta}, the version whose signIn has
 * {@code signInEventTypes}, with {@code and signInEventTypes/any(t: t eq '<category>')} added to
 * the filter.
 */
public final class SignInApi {
    public static final int PAGE_SIZE = 1000;

    /** Receives one page's {@code value} array. */
    @FunctionalInterface
    public interface PageHandler {
        void page(JsonNode value) throws IOException;
    }

    static final int MAX_PAGES = 100_000;

    private final ApiClient client;
    private final TokenProvider tokens;
    private final String scope;
    private final String root;

    public SignInApi(ApiClient client, TokenProvider tokens, URI graphRoot, String resource) {
        this.client = client;
        this.tokens = tokens;
        String root = graphRoot.toString().replaceAll("/+$", "");
        this.scope = resource.replaceAll("/+$", "") + "/.default";
        this.root = root;
    }

    /** The interactive sign-ins of a window; see {@link #signIns(SignInCategory, Instant, Instant, PageHandler)}. */
    public void signIns(Instant start, Instant end, PageHandler page) throws IOException {
        signIns(SignInCategory.INTERACTIVE, start, end, page);
    }

    /** Hands every page's {@code value} array of one category's sign-ins in a window to {@code page}, in server order. */
    public void signIns(SignInCategory category, Instant start, Instant end, PageHandler page) throws IOException {
        String filter = "createdDateTime ge " + DateTimeFormatter.ISO_INSTANT.format(start)
                + " and createdDateTime lt " + DateTimeFormatter.ISO_INSTANT.format(end);
        String version = "/v1.0";
        if (category != SignInCategory.INTERACTIVE) {
            version = "/beta";
            filter += " and signInEventTypes/any(t: t eq '" + category.eventType() + "')";
        }
        URI next = URI.create(root + version + "/auditLogs/signIns?$filter="
                + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20") + "&$top=" + PAGE_SIZE);
        for (int pages = 0; next != null; pages++) {
            if (pages == MAX_PAGES) {
                throw new IOException("sign-in paging did not end after " + MAX_PAGES + " pages");
            }
            JsonNode body = get(next);
            JsonNode value = body.path("value");
            if (!value.isArray()) {
                throw new IOException("Graph sign-in page without a value array");
            }
            page.page(value);
            String link = body.path("@odata.nextLink").asText(null);
            next = link == null || link.isBlank() ? null : URI.create(link);
        }
    }

    private JsonNode get(URI uri) throws IOException {
        HttpReply response = send(uri);
        if (response.status() == 401) {
            tokens.invalidate(scope);
            response = send(uri);
        }
        if (!response.ok()) {
            ErrorBody error = ErrorBody.of(response);
            throw new GraphException(response.status(), error.code(), error.message());
        }
        return Json.MAPPER.readTree(response.body());
    }

    private HttpReply send(URI uri) throws IOException {
        String authorization = tokens.token(scope).authorization();
        return client.send(() -> HttpRequest.newBuilder(uri)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET()
                .build());
    }
}
