package dev.forgewatch.token.extract;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.normalize.SecretScrubber;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Web access-log lines in Common or Combined Log Format ({@code host ident user [time] "request"
 * status bytes ["referer" "user-agent"]}), including the common variants that append more fields,
 * one of them the {@code Authorization} header ({@code "Bearer eyJ..."}). Member names follow the
 * {@code app} source paths of fields.yaml: {@code @timestamp}, {@code client_ip}, {@code user},
 * {@code method}, {@code path}, {@code status}, {@code user_agent}. A token in the query string
 * ({@code access_token=} / {@code id_token=}) is moved to a member of that name and replaced in the
 * path by its redaction placeholder, so the path is safe to keep even when the token is opaque.
 */
public final class AccessLogParser implements LineParser {
    private static final DateTimeFormatter CLF_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
    private static final String[] QUERY_TOKENS = {"access_token", "id_token"};

    @Override
    public ObjectNode parse(String line) {
        Cursor cursor = new Cursor(line);
        String host = cursor.word();
        String ident = cursor.word();
        String user = cursor.word();
        String time = cursor.bracketed();
        String request = cursor.quoted();
        String status = cursor.word();
        String bytes = cursor.word();
        if (bytes == null || !(status.equals("-") || status.matches("\\d{3}")) || !(bytes.equals("-") || bytes.matches("\\d{1,19}"))) {
            return null;
        }
        String timestamp;
        try {
            timestamp = OffsetDateTime.parse(time, CLF_TIME).toInstant().toString();
        } catch (DateTimeParseException e) {
            return null;
        }
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("@timestamp", timestamp);
        putUnlessDash(record, "client_ip", host);
        putUnlessDash(record, "ident", ident);
        putUnlessDash(record, "user", user);
        request(record, request);
        if (!status.equals("-")) {
            record.put("status", Integer.parseInt(status));
        }
        if (!bytes.equals("-")) {
            record.put("bytes", Long.parseLong(bytes));
        }
        trailing(record, cursor);
        return record;
    }

    private static void request(ObjectNode record, String request) {
        String[] parts = request.split(" ", -1);
        if ((parts.length == 2 || parts.length == 3) && parts[0].matches("[A-Z]{1,20}") && !parts[1].isEmpty()) {
            record.put("method", parts[0]);
            record.put("path", moveQueryTokens(record, parts[1]));
            if (parts.length == 3) {
                record.put("protocol", parts[2]);
            }
        } else if (!request.equals("-")) {
            // Not a request line (a TLS handshake on the HTTP port, a scanner's junk): kept as is, tokens redacted.
            record.put("request_line", moveQueryTokens(record, request));
        }
    }

    /** Takes {@code access_token} / {@code id_token} values out of the target, leaving placeholders. */
    private static String moveQueryTokens(ObjectNode record, String target) {
        String result = target;
        for (String name : QUERY_TOKENS) {
            String parameter = name + "=";
            int from = 0;
            int at;
            while ((at = result.indexOf(parameter, from)) >= 0) {
                from = at + parameter.length();
                if (at > 0 && "?&#;".indexOf(result.charAt(at - 1)) < 0) {
                    continue;
                }
                int end = from;
                while (end < result.length() && "&#".indexOf(result.charAt(end)) < 0) {
                    end++;
                }
                String value = result.substring(from, end);
                if (value.isEmpty()) {
                    continue;
                }
                if (!record.has(name)) {
                    record.put(name, value);
                }
                String placeholder = SecretScrubber.secretPlaceholder(value);
                result = result.substring(0, from) + placeholder + result.substring(end);
                from += placeholder.length();
            }
        }
        return result;
    }

    /** Referer and user agent, then whatever a custom format appends; the Authorization header wherever it sits. */
    private static void trailing(ObjectNode record, Cursor cursor) {
        List<String> fields = new ArrayList<>();
        String field;
        while ((field = cursor.field()) != null) {
            if (!record.has("authorization") && (field.regionMatches(true, 0, "Bearer ", 0, 7) || field.startsWith("eyJ"))) {
                record.put("authorization", field);
            } else {
                fields.add(field);
            }
        }
        if (!fields.isEmpty()) {
            putUnlessDash(record, "referer", fields.get(0));
        }
        if (fields.size() > 1) {
            putUnlessDash(record, "user_agent", fields.get(1));
        }
        if (fields.size() > 2) {
            ArrayNode extra = record.putArray("extra");
            fields.subList(2, fields.size()).forEach(extra::add);
        }
    }

    private static void putUnlessDash(ObjectNode record, String name, String value) {
        if (value != null && !value.equals("-") && !value.isEmpty()) {
            record.put(name, value);
        }
    }

    /** Reads space-separated, bracketed and double-quoted fields; any mismatch makes the line unrecognized. */
    private static final class Cursor {
        private final String line;
        private int at;
        private boolean failed;

        Cursor(String line) {
            this.line = line;
        }

        private void skipSpaces() {
            while (at < line.length() && line.charAt(at) == ' ') {
                at++;
            }
        }

        String word() {
            skipSpaces();
            if (failed || at >= line.length()) {
                failed = true;
                return null;
            }
            int start = at;
            while (at < line.length() && line.charAt(at) != ' ') {
                at++;
            }
            return line.substring(start, at);
        }

        String bracketed() {
            skipSpaces();
            int close = failed || at >= line.length() || line.charAt(at) != '[' ? -1 : line.indexOf(']', at);
            if (close < 0) {
                failed = true;
                return null;
            }
            String text = line.substring(at + 1, close);
            at = close + 1;
            return text;
        }

        String quoted() {
            skipSpaces();
            if (failed || at >= line.length() || line.charAt(at) != '"') {
                failed = true;
                return null;
            }
            StringBuilder text = new StringBuilder();
            at++;
            while (at < line.length()) {
                char c = line.charAt(at++);
                if (c == '"') {
                    return text.toString();
                }
                if (c == '\\' && at < line.length()) {
                    char next = line.charAt(at++);
                    if (next == 'x' && at + 2 <= line.length() && isHex(line.charAt(at)) && isHex(line.charAt(at + 1))) {
                        text.append((char) Integer.parseInt(line.substring(at, at + 2), 16));
                        at += 2;
                    } else {
                        text.append(next == '"' || next == '\\' ? next : c);
                        if (next != '"' && next != '\\') {
                            text.append(next);
                        }
                    }
                } else {
                    text.append(c);
                }
            }
            failed = true;
            return null;
        }

        /** The next trailing field, quoted or bare; null at the end (or after a broken quote). */
        String field() {
            skipSpaces();
            if (failed || at >= line.length()) {
                return null;
            }
            return line.charAt(at) == '"' ? quoted() : word();
        }

        private static boolean isHex(char c) {
            return Character.digit(c, 16) >= 0;
        }
    }
}
