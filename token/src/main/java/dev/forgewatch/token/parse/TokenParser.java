package dev.forgewatch.token.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.util.Base64URL;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Fingerprints;
import java.io.IOException;
import java.util.Base64;

/**
 * Takes compact JWS tokens (and reduced exports) apart without trusting them. Never throws on
 * input: anything unreadable comes back with a problem, in words that never quote the token.
 */
public final class TokenParser {
    /** Longest token inspected; longer ones are reported malformed unread (real ones are 1-3 KiB). */
    public static final int DEFAULT_MAX_CHARS = 16 * 1024;

    // A repeated member ("alg" twice) is how parser-differential attacks start: refuse it.
    private static final ObjectReader STRICT = Json.MAPPER.reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final int maxChars;

    public TokenParser(int maxChars) {
        this.maxChars = maxChars;
    }

    public TokenParser() {
        this(DEFAULT_MAX_CHARS);
    }

    public ParsedToken parse(String token) {
        String fingerprint = Fingerprints.sha256Hex(token);
        if (token.length() > maxChars) {
            return malformed(fingerprint, null, "token is " + token.length() + " characters long, over the limit of " + maxChars);
        }
        int segments = 1;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                segments++;
            } else if (!isBase64Url(c)) {
                return malformed(fingerprint, null, "contains a character that is not base64url at position " + i);
            }
        }
        if (segments == 5) {
            return malformed(fingerprint, null, "encrypted token (JWE, 5 segments): its claims cannot be read");
        }
        if (segments != 3) {
            return malformed(fingerprint, null, "has " + segments + " segment" + (segments == 1 ? "" : "s") + "; a signed JWT has 3");
        }
        int first = token.indexOf('.');
        int last = token.lastIndexOf('.');
        ObjectNode header;
        try {
            header = object(token.substring(0, first), "header");
        } catch (Unreadable e) {
            return malformed(fingerprint, null, e.getMessage());
        }
        if (header.hasNonNull("enc")) {
            return malformed(fingerprint, header, "JWE header (enc) in a 3-segment token");
        }
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual() || alg.asText().isEmpty()) {
            return malformed(fingerprint, header, "header has no alg");
        }
        ObjectNode claims;
        try {
            claims = object(token.substring(first + 1, last), "payload");
        } catch (Unreadable e) {
            return malformed(fingerprint, header, e.getMessage() + " (nested or encrypted content?)");
        }
        String signature = token.substring(last + 1);
        if (signature.isEmpty() && !alg.asText().equalsIgnoreCase("none")) {
            return new ParsedToken(fingerprint, header, claims, null, null, false,
                    "signature segment is empty although alg is " + alg.asText());
        }
        return new ParsedToken(fingerprint, header, claims, token.substring(0, last), new Base64URL(signature), false, null);
    }

    /**
     * A token a proxy exported without the secret: {@code {"fingerprint": "<64 hex>", "header": {...},
     * "claims": {...}}}. A bad fingerprint is replaced by the SHA-256 of the export itself.
     */
    public ParsedToken reduced(JsonNode export) {
        JsonNode fingerprint = export.get("fingerprint");
        JsonNode header = export.get("header");
        JsonNode claims = export.get("claims");
        boolean goodFingerprint = fingerprint != null && fingerprint.isTextual() && isSha256Hex(fingerprint.asText());
        String id = goodFingerprint ? fingerprint.asText().toLowerCase(java.util.Locale.ROOT) : Fingerprints.sha256Hex(export.toString());
        ObjectNode headerObject = header != null && header.isObject() ? (ObjectNode) header : null;
        ObjectNode claimsObject = claims != null && claims.isObject() ? (ObjectNode) claims : null;
        String problem = null;
        if (!goodFingerprint) {
            problem = "reduced token export has no 64-hex-digit SHA-256 fingerprint";
        } else if (headerObject == null || claimsObject == null) {
            problem = "reduced token export needs header and claims objects";
        } else if (!headerObject.path("alg").isTextual()) {
            problem = "header has no alg";
        }
        return new ParsedToken(id, headerObject, claimsObject, null, null, true, problem);
    }

    /**
     * Whether the text is 64 hex digits (either case), checked char by char: a regular expression is
     * compiled on every call, and the hunt asks this of every reduced token export in an app log.
     */
    static boolean isSha256Hex(String text) {
        if (text.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private static ObjectNode object(String segment, String part) throws Unreadable {
        if (segment.isEmpty()) {
            throw new Unreadable(part + " segment is empty");
        }
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(segment);
        } catch (IllegalArgumentException e) {
            throw new Unreadable(part + " is not valid base64url");
        }
        JsonNode node;
        try {
            node = STRICT.readTree(json);
        } catch (IOException | RuntimeException e) {
            throw new Unreadable(part + " is not JSON" + (e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
                    ? " with unique member names" : ""));
        }
        if (node == null || !node.isObject()) {
            throw new Unreadable(part + " is not a JSON object");
        }
        return (ObjectNode) node;
    }

    private static boolean isBase64Url(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    private static ParsedToken malformed(String fingerprint, ObjectNode header, String problem) {
        return new ParsedToken(fingerprint, header, null, null, null, false, problem);
    }

    /** Why a segment cannot be read; the message never quotes the input. */
    private static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
