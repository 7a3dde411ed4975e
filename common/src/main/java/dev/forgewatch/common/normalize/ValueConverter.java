package dev.forgewatch.common.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.mapping.FieldType;
import dev.forgewatch.common.secret.Redactor;
import java.util.Locale;

/** Converts raw JSON values to the canonical type of a field; throws {@link BadValue} when it cannot. */
final class ValueConverter {

    /** A raw value of the wrong type for its field. */
    static final class BadValue extends Exception {
        BadValue(String message) {
            super(message, null, false, false);
        }
    }

    private ValueConverter() {
    }

    /**
     * True for the types whose canonical value depends on the (translated) text alone, never on the JSON
     * type of the raw value, and whose conversion never fails: keyword, text and ip.
     */
    static boolean textOnly(FieldType type) {
        return type == FieldType.KEYWORD || type == FieldType.TEXT || type == FieldType.IP;
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
        if (isIpv4(value)) {
            return value;
        }
        if (value.indexOf(':') >= 0 && looksIpv6(value)) {
            return value.toLowerCase(Locale.ROOT);
        }
        return null;
    }

    /** Four dotted decimal numbers 0-255, without leading zeros ({@code 0} itself allowed). */
    static boolean isIpv4(String value) {
        int length = value.length();
        int at = 0;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (at >= length || value.charAt(at) != '.') {
                    return false;
                }
                at++;
            }
            int start = at;
            int number = 0;
            while (at < length && at - start < 4 && isDigit(value.charAt(at))) {
                number = number * 10 + (value.charAt(at) - '0');
                at++;
            }
            int digits = at - start;
            if (digits == 0 || digits > 3 || number > 255 || (digits > 1 && value.charAt(start) == '0')) {
                return false;
            }
        }
        return at == length;
    }

    /**
     * Hex digits, colons and dots, optionally followed by a zone ({@code %eth0}: letters and digits): the
     * shape of an IPv6 address (its groups are not checked further).
     */
    static boolean looksIpv6(String value) {
        int length = value.length();
        int at = 0;
        while (at < length && isIpv6Char(value.charAt(at))) {
            at++;
        }
        if (at == 0) {
            return false;
        }
        if (at == length) {
            return true;
        }
        if (value.charAt(at) != '%' || at + 1 == length) {
            return false;
        }
        for (at++; at < length; at++) {
            char c = value.charAt(at);
            if (!(isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIpv6Char(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
    }

    private static String quote(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return "\"" + Redactor.redact(shown) + "\"";
    }
}
