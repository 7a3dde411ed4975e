package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The members of a record that a consumer reads, as a tree of member names: a reader given one
 * builds the record's JSON tree with those members only, and merely tokenizes the rest (no strings,
 * no nodes), which is most of what building a tree costs. The tokenizer still sees every byte, so
 * malformed JSON and the parser's safety limits fail exactly as they do for a whole tree.
 *
 * <p>Arrays take the node of their member for each element, so {@code Folders[].Path} keeps every
 * element of {@code Folders} (their count is kept) with its {@code Path}. A member marked whole is
 * kept with everything below it. A node may name itself as a child (a wrapper whose inner record
 * has the same shape as the outer one).
 */
public final class MemberTree {
    private final Map<String, MemberTree> children = new HashMap<>();
    private boolean whole;

    /** The node below this one for {@code member}, created when missing. */
    public MemberTree add(String member) {
        return children.computeIfAbsent(member, name -> new MemberTree());
    }

    /** Makes {@code member} lead to {@code node} (which may be this node itself). */
    public void link(String member, MemberTree node) {
        MemberTree previous = children.putIfAbsent(member, node);
        if (previous != null && previous != node) {
            throw new IllegalStateException("member '" + member + "' already leads elsewhere");
        }
    }

    /** Keeps everything below this node. */
    public MemberTree keepWhole() {
        whole = true;
        return this;
    }

    /**
     * Reads the value whose first token the parser is on (START_OBJECT for a record) and returns it
     * with the members of this tree only; the parser is left on the value's last token.
     */
    public JsonNode read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                if (whole) {
                    return Json.MAPPER.readTree(parser);
                }
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    JsonToken value = parser.nextToken();
                    MemberTree child = children.get(name);
                    if (child == null) {
                        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                            parser.skipChildren();
                        }
                    } else {
                        // set, as a tree does: a repeated member keeps its first place and its last value
                        object.set(name, child.read(parser));
                    }
                }
                return object;
            case START_ARRAY:
                if (whole) {
                    return Json.MAPPER.readTree(parser);
                }
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser));
                }
                return array;
            default:
                return scalar(parser, token);
        }
    }

    /** A scalar node exactly as Jackson's tree deserializer makes it (default features). */
    private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return TextNode.valueOf(parser.getText());
            case VALUE_TRUE:
                return BooleanNode.TRUE;
            case VALUE_FALSE:
                return BooleanNode.FALSE;
            case VALUE_NULL:
                return NullNode.instance;
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT:
                        return JsonNodeFactory.instance.numberNode(parser.getIntValue());
                    case LONG:
                        return JsonNodeFactory.instance.numberNode(parser.getLongValue());
                    default:
                        return JsonNodeFactory.instance.numberNode(parser.getBigIntegerValue());
                }
            default:
                // fractions (NaN, big decimals) and anything unusual: the tree deserializer decides, as for a whole tree
                return Json.MAPPER.readTree(parser);
        }
    }
}
