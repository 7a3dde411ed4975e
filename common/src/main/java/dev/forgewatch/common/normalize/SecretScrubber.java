package dev.forgewatch.common.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.forgewatch.common.secret.Fingerprints;
import dev.forgewatch.common.secret.Redactor;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Removes secrets from a raw bag in place: values of secret-bearing members (Authorization
 * headers, cookies, client secrets, token parameters) become a fingerprint placeholder, and any
 * JWT-shaped text elsewhere is redacted.
 */
public final class SecretScrubber {
    private static final Set<String> SECRET_MEMBERS = Set.of(
            "authorization", "proxy-authorization", "cookie", "set-cookie", "x-ms-token", "access_token", "id_token",
            "refresh_token", "client_secret", "clientsecret", "password", "token", "bearer", "assertion",
            "client_assertion", "http.request.headers.authorization");

    private SecretScrubber() {
    }

    /** The secret-bearing member names, lower case. */
    public static Set<String> secretMembers() {
        return SECRET_MEMBERS;
    }

    public static boolean isSecretMember(String name) {
        return SECRET_MEMBERS.contains(name.toLowerCase(Locale.ROOT));
    }

    public static void scrub(ObjectNode node) {
        Iterator<Map.Entry<String, JsonNode>> members = node.fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            JsonNode value = member.getValue();
            if (isSecretMember(member.getKey()) && value.isValueNode() && !value.isNull()) {
                member.setValue(TextNode.valueOf(secretPlaceholder(value.asText())));
            } else {
                JsonNode replacement = scrubValue(value);
                if (replacement != value) {
                    member.setValue(replacement);
                }
            }
        }
    }

    private static JsonNode scrubValue(JsonNode value) {
        if (value.isTextual()) {
            String text = value.asText();
            String redacted = Redactor.redact(text);
            return redacted == text ? value : TextNode.valueOf(redacted);
        }
        if (value.isObject()) {
            scrub((ObjectNode) value);
        } else if (value.isArray()) {
            ArrayNode array = (ArrayNode) value;
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                JsonNode replacement = scrubValue(element);
                if (replacement != element) {
                    array.set(i, replacement);
                }
            }
        }
        return value;
    }

    /** What a secret value becomes: its kind of credential is kept, the secret is not. */
    public static String secretPlaceholder(String secret) {
        String trimmed = secret.trim();
        int space = trimmed.indexOf(' ');
        String scheme = space > 0 && space < 16 ? trimmed.substring(0, space) + " " : "";
        return scheme + "[REDACTED sha256:" + Fingerprints.sha256Hex(trimmed).substring(0, 16) + "]";
    }
}
