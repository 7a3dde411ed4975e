package dev.forgewatch.common.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.mapping.FieldType;
import dev.forgewatch.common.secret.Redactor;
import java.util.Locale;
import java.util.regex.Pattern;

/** Converts raw JSON values to the canonical type of a field; throws {@link BadValue} when it cannot. */
final class ValueConverter {
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[0-9A-Za-z]+)?");

    /** A raw value of the wrong type for its field. */
    static final class BadValue extends Exception {
        BadValue(String message) {
            super(message, null, false, false);
        }
    }

    private ValueConverter() {
    }

    /** The raw value as text (for keyword fields and value tables); objects and arrays as JSON. */
    static String text(JsonNode node) {
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /**
     * The canonical value, or null when the raw value is empty or (for ip fields) not an IP address,
     * which counts as "not found" so the next path is tried.
     */
    static Object convert(FieldType type, String text, JsonNode node) throws BadValue {
        switch (type) {
            case KEYWORD:
            case TEXT:
                return text.isEmpty() ? null : Redactor.redact(text);
            case IP:
                return ip(text);
            case LONG:
                return number(text, node);
            case BOOLEAN:
                return bool(text, node);
            case DATE:
                Object instant = node != null && node.isNumber() ? Timestamps.parse(node) : Timestamps.parse(text);
                if (instant == null && !text.isEmpty()) {
                    throw new BadValue("expected a timestamp, got " + quote(text));
                }
                return instant;
            default:
                throw new IllegalStateException("unhandled type " + type);
        }
    }

    private static Long number(String text, JsonNode node) throws BadValue {
        if (node != null && node.isIntegralNumber()) {
            return node.asLong();
        }
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new BadValue("expected a whole number, got " + quote(text));
        }
    }

    private static Boolean bool(String text, JsonNode node) throws BadValue {
        if (node != null && node.isBoolean()) {
            return node.asBoolean();
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "":
                return null;
            case "true":
            case "1":
            case "yes":
                return Boolean.TRUE;
            case "false":
            case "0":
            case "no":
                return Boolean.FALSE;
            default:
                throw new BadValue("expected true or false, got " + quote(text));
        }
    }

    /** Strips the brackets and port Exchange writes ({@code [2001:db8::1]:443}, {@code 1.2.3.4:5678}). */
    static String ip(String text) {
        String value = text.trim();
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            value = close > 0 ? value.substring(1, close) : value.substring(1);
        } else if (value.indexOf(':') > 0 && value.indexOf(':') == value.lastIndexOf(':') && value.indexOf('.') > 0) {
            value = value.substring(0, value.indexOf(':'));
        }
        if (IPV4.matcher(value).matches()) {
            return value;
        }
        if (value.indexOf(':') >= 0 && IPV6.matcher(value).matches()) {
            return value.toLowerCase(Locale.ROOT);
        }
        return null;
    }

    private static String quote(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return "\"" + Redactor.redact(shown) + "\"";
    }
}
