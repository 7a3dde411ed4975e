package dev.forgewatch.token.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads members of one JSON object of a data file, recording every problem with its location
 * (e.g. {@code keys[3] (kid 'abc'): listings[0].first_seen: ...}) instead of stopping at the first,
 * so a hand-edited file can be fixed in one go.
 */
final class JsonObjectReader {
    private final JsonNode node;
    private final String where;
    private final List<String> errors;

    JsonObjectReader(JsonNode node, String where, List<String> errors) {
        this.node = node;
        this.where = where;
        this.errors = errors;
        if (!node.isObject()) {
            error("expected a JSON object");
        }
    }

    /** A data file's JSON, or a {@link LedgerException} naming the file: not JSON (with the line), or empty. */
    static JsonNode parse(InputStream in, String name) throws IOException, LedgerException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new LedgerException(name + ": not valid JSON (line " + e.getLocation().getLineNr() + ")");
        }
        if (root == null || root.isMissingNode()) {
            throw new LedgerException(name + ": empty file");
        }
        return root;
    }

    boolean isObject() {
        return node.isObject();
    }

    void error(String message) {
        errors.add(where.isEmpty() ? message : where + ": " + message);
    }

    private void error(String member, String message) {
        errors.add((where.isEmpty() ? "" : where + ".") + member + ": " + message);
    }

    /** Flags members the format does not define: a misspelt name would otherwise be silently ignored. */
    void allowOnly(Set<String> members) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!members.contains(name)) {
                error(name, "unknown member (expected one of " + members.stream().sorted().toList() + ")");
            }
        }
    }

    String text(String member, boolean required) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            if (required) {
                error(member, "missing");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            error(member, "expected a non-empty string");
            return null;
        }
        return value.asText();
    }

    int number(String member) {
        JsonNode value = node.get(member);
        if (value == null || !value.isInt()) {
            error(member, "expected a whole number");
            return -1;
        }
        return value.asInt();
    }

    LocalDate date(String member, boolean required) {
        String text = text(member, required);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            error(member, "expected a date like 2024-06-05, got '" + text + "'");
            return null;
        }
    }

    Instant instant(String member) {
        String text = text(member, true);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            error(member, "expected a UTC time like 2016-04-05T14:43:35Z, got '" + text + "'");
            return null;
        }
    }

    List<String> texts(String member) {
        JsonNode value = node.get(member);
        List<String> texts = new ArrayList<>();
        if (value == null || value.isNull()) {
            return texts;
        }
        if (!value.isArray()) {
            error(member, "expected an array of strings");
            return texts;
        }
        for (int i = 0; i < value.size(); i++) {
            if (value.get(i).isTextual() && !value.get(i).asText().isBlank()) {
                texts.add(value.get(i).asText());
            } else {
                error(member + "[" + i + "]", "expected a non-empty string");
            }
        }
        return texts;
    }

    JsonObjectReader object(String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? null : new JsonObjectReader(value, path(member), errors);
    }

    /** The array's object elements, each located at {@code member[i]}; other elements are reported. */
    List<JsonObjectReader> objects(String member, boolean required) {
        JsonNode value = node.get(member);
        List<JsonObjectReader> objects = new ArrayList<>();
        if (value == null || value.isNull()) {
            if (required) {
                error(member, "missing");
            }
            return objects;
        }
        if (!value.isArray()) {
            error(member, "expected an array");
            return objects;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonObjectReader element = new JsonObjectReader(value.get(i), path(member + "[" + i + "]"), errors);
            if (element.isObject()) {
                objects.add(element);
            }
        }
        return objects;
    }

    /** The same object, reported under a more telling location (e.g. with its kid). */
    JsonObjectReader named(String label) {
        return new JsonObjectReader(node, where + " (" + label + ")", errors);
    }

    private String path(String member) {
        return where.isEmpty() ? member : where + "." + member;
    }
}
