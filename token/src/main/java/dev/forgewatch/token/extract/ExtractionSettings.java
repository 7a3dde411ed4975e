package dev.forgewatch.token.extract;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where in a record tokens are looked for (member names compared lower-cased).
 *
 * @param tokenMembers       members whose text may hold a JWT, alone or inside other text
 * @param urlMembers         members holding a URL or path whose query may carry {@code access_token=}
 *                           or {@code id_token=}
 * @param containers         objects searched like the record itself (request headers and the like)
 * @param maxTokensPerRecord tokens inspected per record at most; a record stuffed with more is not
 *                           allowed to cost more
 */
public record ExtractionSettings(Set<String> tokenMembers, Set<String> urlMembers, Set<String> containers,
                                 int maxTokensPerRecord) {
    public static final ExtractionSettings DEFAULT = new ExtractionSettings(
            Set.of("token", "access_token", "accesstoken", "id_token", "jwt", "bearer", "bearer_token", "auth_token",
                    "x-ms-token", "assertion", "client_assertion", "message", "msg"),
            Set.of("url", "uri", "path", "request_uri", "requesturi", "query", "query_string", "querystring", "url.original",
                    "url.full", "url.query", "url.path", "request", "request_url", "requesturl"),
            Set.of("headers", "request", "req", "http", "request_headers", "requestheaders", "http.request",
                    "http.request.headers"),
            8);

    public ExtractionSettings {
        tokenMembers = lower(tokenMembers);
        urlMembers = lower(urlMembers);
        containers = lower(containers);
        if (maxTokensPerRecord < 1) {
            throw new IllegalArgumentException("maxTokensPerRecord must be at least 1");
        }
    }

    private static Set<String> lower(Set<String> names) {
        return names.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
