package dev.forgewatch.elastic.assets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Fingerprints;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** SHA-256 of JSON with object members sorted, so equal content hashes equal whatever the member order. */
public final class Hashes {
    private Hashes() {
    }

    public static String canonical(JsonNode node) {
        return Fingerprints.sha256Hex(sorted(node).toString()).substring(0, 32);
    }

    static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            ObjectNode copy = Json.MAPPER.createObjectNode();
            names.forEach(name -> copy.set(name, sorted(node.get(name))));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.MAPPER.createArrayNode();
            node.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        return node;
    }
}
