package dev.forgewatch.collector.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.collector.http.ApiClient;
import dev.forgewatch.common.http.HttpReply;
import dev.forgewatch.common.http.HttpTransport;
import dev.forgewatch.common.http.ServerText;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Redactor;
import dev.forgewatch.common.secret.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OAuth 2.0 client credentials against the Microsoft identity platform v2 endpoint
 * ({@code {authority}/{tenant}/oauth2/v2.0/token}), one cached token per scope, renewed a few
 * minutes before it expires. Refusals become {@link TokenException}s naming the AADSTS codes.
 */
public final class TokenProvider {
    /** Renew this long before expiry, so a token never runs out in the middle of a blob download. */
    static final Duration EARLY = Duration.ofMinutes(5);
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static final Map<Long, String> HINTS = Map.ofEntries(
            Map.entry(7000215L, "the client secret is wrong: use the secret's Value (not its Secret ID) from the app registration"),
            Map.entry(7000222L, "the client secret has expired: add a new one to the app registration"),
            Map.entry(90002L, "the tenant was not found: check tenant_id (the directory id GUID or a verified domain)"),
            Map.entry(900023L, "the tenant id is not a GUID or a domain: check tenant_id"),
            Map.entry(700016L, "the application was not found in this tenant: check client_id, and that the app is registered or consented in this tenant"),
            Map.entry(700027L, "the client assertion was refused: upload this certificate to the app registration (Certificates & secrets) and check the key matches it"),
            Map.entry(7000229L, "the application has no service principal in this tenant: an administrator must grant admin consent"),
            Map.entry(500011L, "the API's service principal is missing in this tenant: grant admin consent for the Office 365 Management APIs / Microsoft Graph permissions"),
            Map.entry(1002012L, "the scope must end in /.default for client credentials"),
            Map.entry(70011L, "the scope is not valid for this application"));

    private final ApiClient client;
    private final URI endpoint;
    private final String clientId;
    private final ClientCredential credential;
    private final Clock clock;
    private final Map<String, AccessToken> cache = new ConcurrentHashMap<>();

    public TokenProvider(ApiClient client, URI authority, String tenant, String clientId, ClientCredential credential, Clock clock) {
        this.client = client;
        this.endpoint = tokenEndpoint(authority, tenant);
        this.clientId = clientId;
        this.credential = credential;
        this.clock = clock;
    }

    public static URI tokenEndpoint(URI authority, String tenant) {
        String base = authority.toString().replaceAll("/+$", "");
        return URI.create(base + "/" + URLEncoder.encode(tenant, StandardCharsets.UTF_8) + "/oauth2/v2.0/token");
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A token for {@code scope} (e.g. {@code https://manage.office.com/.default}), from cache while fresh. */
    public AccessToken token(String scope) throws IOException {
        AccessToken cached = cache.get(scope);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.expiresAt().minus(EARLY))) {
            return cached;
        }
        AccessToken fresh = request(scope);
        cache.put(scope, fresh);
        return fresh;
    }

    /** Forgets the cached token, e.g. after an API answered 401 to it. */
    public void invalidate(String scope) {
        cache.remove(scope);
    }

    private AccessToken request(String scope) throws IOException {
        HttpReply response = client.send(() -> {
            // Built per attempt: a client assertion must carry a fresh jti each time.
            Map<String, String> form = new LinkedHashMap<>();
            form.put("client_id", clientId);
            form.put("scope", scope);
            form.put("grant_type", "client_credentials");
            if (credential instanceof ClientCredential.ClientSecret secret) {
                form.put("client_secret", secret.secret().reveal());
            } else {
                ClientCredential.ClientCertificate certificate = (ClientCredential.ClientCertificate) credential;
                form.put("client_assertion_type", JWT_BEARER);
                form.put("client_assertion", ClientAssertions.create(certificate, clientId, endpoint.toString(), clock.instant()));
            }
            return HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(formBody(form)))
                    .build();
        });
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IOException("token endpoint " + HttpTransport.describe(endpoint) + " answered HTTP " + response.status()
                    + " with a body that is not JSON");
        }
        if (!response.ok() || body == null || !body.hasNonNull("access_token")) {
            throw refusal(response.status(), body);
        }
        long expiresIn = body.path("expires_in").asLong(0); // v2 sends a number, v1 a string; asLong reads both
        if (expiresIn <= 0) {
            expiresIn = 300;
        }
        return new AccessToken(body.get("access_token").asText(), clock.instant().plusSeconds(expiresIn));
    }

    private TokenException refusal(int status, JsonNode body) {
        // the server's words, quoted bounded and redacted; a reflected client secret is masked
        List<Secret> sent = credential instanceof ClientCredential.ClientSecret secret ? List.of(secret.secret()) : List.of();
        String error = body == null ? "" : ServerText.excerpt(body.path("error").asText(""), sent);
        List<Long> codes = new ArrayList<>();
        if (body != null) {
            body.path("error_codes").forEach(code -> codes.add(code.asLong()));
        }
        // The description's first line is the human sentence; the rest repeats trace/correlation ids.
        String description = body == null ? ""
                : ServerText.excerpt(body.path("error_description").asText("").split("\\r?\\n| Trace ID:")[0].trim(), sent);
        StringBuilder message = new StringBuilder("token request for client ").append(clientId).append(" refused (HTTP ").append(status);
        if (!error.isEmpty()) {
            message.append(", ").append(error);
        }
        message.append(")");
        if (!description.isEmpty()) {
            message.append(": ").append(description);
        } else if (!codes.isEmpty()) {
            message.append(": AADSTS").append(codes.get(0));
        }
        for (Long code : codes) {
            String hint = HINTS.get(code);
            if (hint != null) {
                message.append(". Hint: ").append(hint);
                break;
            }
        }
        if (body != null && body.hasNonNull("trace_id")) {
            message.append(" (trace id ").append(ServerText.excerpt(body.get("trace_id").asText()))
                    .append(", correlation id ").append(ServerText.excerpt(body.path("correlation_id").asText(""))).append(")");
        }
        return new TokenException(Redactor.redact(message.toString()), error, codes);
    }

    private static String formBody(Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> entry : form.entrySet()) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
        }
        return body.toString();
    }
}
