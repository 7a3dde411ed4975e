package dev.forgewatch.token.extract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.secret.Redactor;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Finds the bearer tokens a log record carries: {@code Authorization} headers (any case, top level,
 * in header objects or in name/value header arrays, or flattened as {@code ...authorization}),
 * JWT-shaped text in the configured members, {@code access_token} / {@code id_token} query
 * parameters in URL members, and reduced exports in a {@code token} object (or a {@code tokens}
 * array). Opaque (non-JWT) bearer values are not tokens it can inspect and are left alone.
 */
public final class TokenExtractor {
    private static final int MAX_DEPTH = 4;
    private static final char[] WORD_ENDS = {' ', '\t', '\n', '\r', ',', '"'};

    private final ExtractionSettings settings;

    public TokenExtractor(ExtractionSettings settings) {
        this.settings = settings;
    }

    public List<FoundToken> extract(JsonNode record) {
        Found found = new Found(settings.maxTokensPerRecord());
        scan(record, 0, found);
        return found.tokens;
    }

    private void scan(JsonNode object, int depth, Found found) {
        Iterator<Map.Entry<String, JsonNode>> members = object.fields();
        while (members.hasNext() && !found.full()) {
            Map.Entry<String, JsonNode> member = members.next();
            String name = member.getKey().toLowerCase(Locale.ROOT);
            JsonNode value = member.getValue();
            if (value.isTextual()) {
                String text = value.asText();
                if (isAuthorization(name)) {
                    bearer(text, found);
                } else if (settings.tokenMembers().contains(name)) {
                    jwtText(text, found);
                }
                if (settings.urlMembers().contains(name)) {
                    queryTokens(text, found);
                }
            } else if (value.isObject()) {
                if (name.equals("token") && value.has("fingerprint")) {
                    found.add(new FoundToken.Reduced(value));
                } else if (depth < MAX_DEPTH && isContainer(name)) {
                    scan(value, depth + 1, found);
                }
            } else if (value.isArray()) {
                if (name.equals("tokens")) {
                    for (JsonNode element : value) {
                        if (element.isObject() && element.has("fingerprint")) {
                            found.add(new FoundToken.Reduced(element));
                        }
                    }
                } else if (depth < MAX_DEPTH && isContainer(name)) {
                    headerPairs(value, found);
                }
            }
        }
    }

    private boolean isContainer(String name) {
        return settings.containers().contains(name) || name.endsWith(".headers");
    }

    private static boolean isAuthorization(String name) {
        return name.equals("authorization") || name.endsWith(".authorization");
    }

    /** Header lists written as {@code [{"name": "Authorization", "value": "Bearer ..."}]}. */
    private static void headerPairs(JsonNode array, Found found) {
        for (JsonNode element : array) {
            if (element.isObject() && element.path("name").asText("").equalsIgnoreCase("authorization")
                    && element.path("value").isTextual()) {
                bearer(element.path("value").asText(), found);
            }
        }
    }

    /** {@code Bearer <token>} or a bare JWT; other schemes (Basic, ...) and opaque bearer values are not JWTs. */
    private static void bearer(String value, Found found) {
        String text = value.strip();
        if (text.regionMatches(true, 0, "Bearer ", 0, 7)) {
            text = text.substring(7).stripLeading();
        } else if (!text.startsWith("eyJ")) {
            return;
        }
        String token = firstWord(text);
        if (token.startsWith("eyJ") || token.indexOf('.') >= 0) {
            found.add(new FoundToken.Compact(token));
        }
    }

    /** A JWT alone (perhaps malformed) or JWT-shaped runs inside longer text. */
    private static void jwtText(String value, Found found) {
        String text = value.strip();
        if (text.regionMatches(true, 0, "Bearer ", 0, 7)) {
            text = text.substring(7).stripLeading();
        }
        if (text.startsWith("eyJ")) {
            // A value that starts with a token, even a broken one the pattern below would not match whole.
            String first = firstWord(text);
            found.add(new FoundToken.Compact(first));
            text = text.substring(first.length());
        }
        if (text.indexOf("eyJ") < 0) {
            return;
        }
        Matcher matcher = Redactor.JWT.matcher(text);
        while (matcher.find() && !found.full()) {
            found.add(new FoundToken.Compact(matcher.group()));
        }
    }

    private static void queryTokens(String url, Found found) {
        for (String parameter : new String[] {"access_token=", "id_token="}) {
            int from = 0;
            int at;
            while (!found.full() && (at = url.indexOf(parameter, from)) >= 0) {
                from = at + parameter.length();
                if (at > 0 && "?&#;".indexOf(url.charAt(at - 1)) < 0) {
                    continue;
                }
                int end = from;
                while (end < url.length() && "&#\"' \t".indexOf(url.charAt(end)) < 0) {
                    end++;
                }
                String token = decode(url.substring(from, end));
                if (token.startsWith("eyJ") || token.indexOf('.') >= 0) {
                    found.add(new FoundToken.Compact(token));
                }
            }
        }
    }

    private static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    /** Up to the first space, tab, comma or quote; found with indexOf, which the JVM vectorizes (tokens are long). */
    private static String firstWord(String text) {
        int end = text.length();
        for (char stop : WORD_ENDS) {
            int at = text.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return text.substring(0, end);
    }

    /**
     * Tokens found so far, without repeats, up to the cap. A list, not a hash set: there are at most
     * a handful, and hashing a 2 KiB token costs more than comparing it.
     */
    private static final class Found {
        private final int max;
        private final List<FoundToken> tokens = new ArrayList<>(1);

        Found(int max) {
            this.max = max;
        }

        void add(FoundToken token) {
            if (!full() && !tokens.contains(token)) {
                tokens.add(token);
            }
        }

        boolean full() {
            return tokens.size() >= max;
        }
    }
}
