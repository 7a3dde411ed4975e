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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 *
 * <p>A tree may also be read without building one ({@link #slots()}, {@link SlotReader}): each member
 * kept whole lands in a slot of its own, members below plain objects are followed into them, and the
 * top-level members marked {@link #readAsTree(String)} (those reached through arrays) are read as above into
 * a small tree beside the slots; a top-level member linked to the root and holding an object (a wrapper)
 * is read as a record of its own. Where that reading cannot give what {@link #read} gives (a member
 * repeated, a linked member elsewhere), it says so and the record is read as a tree.
 */
public final class MemberTree {
    private final Map<String, MemberTree> children = new HashMap<>();
    /** Members that lead to a node linked with {@link #link} (not read by the slot reading). */
    private final Set<String> links = new HashSet<>();
    private boolean whole;
    /** A top-level member the slot reading reads as a tree (see {@link #readAsTree(String)}). */
    private boolean asTree;
    /** This node's place in a slot reading's values, once {@link #slots()} numbered the tree; -1 before. */
    private int id = -1;
    /** Once numbered: the children the slot reading follows, and {@link #LINKED} for the linked members. */
    private Map<String, MemberTree> slotChildren;
    /** At the root once numbered: how many nodes the slot reading has places for; 0 before. */
    private int slotCount;

    /** The node below this one for {@code member}, created when missing. */
    public MemberTree add(String member) {
        checkOpen();
        return children.computeIfAbsent(member, name -> new MemberTree());
    }

    /** Makes {@code member} lead to {@code node} (which may be this node itself). */
    public void link(String member, MemberTree node) {
        checkOpen();
        MemberTree previous = children.putIfAbsent(member, node);
        if (previous != null && previous != node) {
            throw new IllegalStateException("member '" + member + "' already leads elsewhere");
        }
        links.add(member);
    }

    /** Keeps everything below this node. */
    public MemberTree keepWhole() {
        checkOpen();
        whole = true;
        return this;
    }

    /**
     * The slot reading reads the top-level {@code member} (of this root), and what is below it, as a tree
     * ({@link MemberValues#tree()}); a linked member is never read into slots anyway.
     */
    public void readAsTree(String member) {
        if (!links.contains(member)) {
            add(member).asTree = true;
        }
    }

    private void checkOpen() {
        if (id >= 0) {
            throw new IllegalStateException("the tree is numbered for slot reading and can no longer change");
        }
    }

    /**
     * Numbers this (root) tree for slot reading, once; from then on it cannot change. Returns how many
     * places a record's values have.
     */
    public synchronized int slots() {
        if (id < 0) {
            List<MemberTree> order = new ArrayList<>();
            number(order);
            slotCount = order.size();
        }
        return slotCount;
    }

    private void number(List<MemberTree> order) {
        id = order.size();
        order.add(this);
        slotChildren = new HashMap<>();
        if (whole || asTree) {
            return; // read whole, by read(): nothing below has a place of its own
        }
        for (Map.Entry<String, MemberTree> child : children.entrySet()) {
            if (links.contains(child.getKey())) {
                slotChildren.put(child.getKey(), LINKED);
            } else {
                slotChildren.put(child.getKey(), child.getValue());
                child.getValue().number(order);
            }
        }
    }

    /** What a linked member leads to in a slot reading: nowhere (the record is read as a tree instead). */
    private static final MemberTree LINKED = new MemberTree();

    // for ByteSlotReader, which reads a numbered tree's records from their bytes
    boolean isWhole() {
        return whole;
    }

    boolean isReadAsTree() {
        return asTree;
    }

    int slotId() {
        return id;
    }

    /** Once numbered: the members the slot reading follows ({@link #isLinked} for a linked one); null before. */
    Map<String, MemberTree> slotChildren() {
        return slotChildren;
    }

    Map<String, MemberTree> children() {
        return children;
    }

    static boolean isLinked(MemberTree node) {
        return node == LINKED;
    }

    static JsonNode seen() {
        return SEEN;
    }

    /** The place of a top-level member in a slot reading's values (see {@link MemberValues#has}), or -1. */
    public int place(String member) {
        MemberTree child = slotChildren == null ? null : slotChildren.get(member);
        return child == null || child == LINKED ? -1 : child.id;
    }

    /** True once {@link #slots()} numbered the tree. */
    public boolean numbered() {
        return id >= 0;
    }

    /**
     * Where a slot reading holds the value at {@code members} (a path of object members from the root):
     * in a slot (a member kept whole, then the rest of the path below it), in the tree of members read
     * as a tree, or nowhere (the path goes through a linked member, or to a member this tree does not keep).
     */
    public Locator locate(List<String> members) {
        if (id < 0) {
            throw new IllegalStateException("number the tree first (slots())");
        }
        MemberTree node = this;
        for (int i = 0; i < members.size(); i++) {
            String name = members.get(i);
            MemberTree child = node.children.get(name);
            if (child == null || node.links.contains(name)) {
                return Locator.NOWHERE;
            }
            if (child.asTree && node == this) {
                return new Locator(-1, members.toArray(String[]::new), true);
            }
            if (child.whole) {
                return new Locator(child.id, members.subList(i + 1, members.size()).toArray(String[]::new), false);
            }
            node = child;
        }
        return Locator.NOWHERE;
    }

    /**
     * Where a path's value is in a slot reading: {@code slot} (or the tree when {@code inTree}), then
     * the members in {@code below} from there. {@link #NOWHERE}: never read.
     */
    public record Locator(int slot, String[] below, boolean inTree) {
        public static final Locator NOWHERE = new Locator(-1, new String[0], false);

        /** True when a slot reading never holds a value there. */
        public boolean nowhere() {
            return slot < 0 && !inTree;
        }

        /** The value in {@code values}, as {@code JsonNode.get} member by member finds it (nulls included), or null. */
        public JsonNode find(MemberValues values) {
            JsonNode node;
            if (inTree) {
                node = values.tree();
            } else if (slot >= 0) {
                node = values.slot(slot);
            } else {
                return null;
            }
            for (String member : below) {
                if (node == null) {
                    return null;
                }
                node = node.get(member);
            }
            return node;
        }
    }

    /** A reader of records into slots, for one reading thread (it keeps a cache of the strings it met). */
    public SlotReader slotReader() {
        return new SlotReader(this);
    }

    /**
     * Reads records into {@link MemberValues}. Strings of the members kept whole are shared with earlier
     * records of the same member where the text is the same (a small cache per member), so the many
     * repeated values of a log (operations, workloads, app ids, client strings, record types) are one
     * string each and do not cost a new one per record.
     */
    public static final class SlotReader {
        private static final int MAX_CACHED_LENGTH = 512;

        private final MemberTree root;
        private final Cache[] caches;
        private JsonNode[] values;
        private ObjectNode tree;
        private boolean irregular;
        /** The linked member of the record read as a record of its own (a wrapper's inner record), or null. */
        private String wrapper;
        private MemberValues inner;

        private SlotReader(MemberTree root) {
            this.root = root;
            this.caches = new Cache[root.slots()];
        }

        /**
         * Reads the object whose START_OBJECT the parser is on, leaving the parser on its END_OBJECT;
         * null when the record must be read as a tree instead ({@link #read(JsonParser)}): a member read
         * here appeared twice, or a linked member other than one wrapper. Malformed JSON fails as the tree reading does.
         */
        public MemberValues read(JsonParser parser) throws IOException {
            values = new JsonNode[caches.length];
            tree = null;
            irregular = false;
            wrapper = null;
            inner = null;
            readObject(root, parser);
            return irregular ? null : new MemberValues(values, tree, wrapper, inner);
        }

        /**
         * A top-level member linked to the root, holding an object (a wrapper's record, e.g. an Azure
         * Monitor record's properties): read as a record of its own, once. Inside it, or a second one,
         * the record is read as a tree.
         */
        private boolean readWrapped(MemberTree node, String name, JsonToken value, JsonParser parser) throws IOException {
            if (node != root || value != JsonToken.START_OBJECT || wrapper != null || root.children.get(name) != root) {
                return false;
            }
            JsonNode[] outerValues = values;
            ObjectNode outerTree = tree;
            values = new JsonNode[caches.length];
            tree = null;
            wrapper = name; // set first: a linked member inside is irregular
            readObject(root, parser);
            inner = new MemberValues(values, tree, null, null);
            values = outerValues;
            tree = outerTree;
            return true;
        }

        private void readObject(MemberTree node, JsonParser parser) throws IOException {
            for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                JsonToken value = parser.nextToken();
                MemberTree child = node.slotChildren.get(name);
                if (child == null) {
                    if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                        parser.skipChildren();
                    }
                } else if (child == LINKED && readWrapped(node, name, value, parser)) {
                    continue;
                } else if (child == LINKED || values[child.id] != null) {
                    // a wrapper (the tree reading unwraps it), or a member repeated (a tree keeps its first
                    // place and last value): the record is read again as a tree, which fails where it must
                    irregular = true;
                    if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                        parser.skipChildren();
                    }
                } else if (child.asTree && node == root) {
                    values[child.id] = SEEN;
                    if (tree == null) {
                        tree = JsonNodeFactory.instance.objectNode();
                    }
                    tree.set(name, child.read(parser));
                } else if (child.whole) {
                    values[child.id] = value == JsonToken.VALUE_STRING ? text(child.id, parser) : child.read(parser);
                } else if (value == JsonToken.START_OBJECT) {
                    values[child.id] = SEEN;
                    readObject(child, parser);
                } else {
                    // not an object: no member below can be found in it (read as the tree reading reads it)
                    values[child.id] = SEEN;
                    child.read(parser);
                }
            }
        }

        private TextNode text(int slot, JsonParser parser) throws IOException {
            int length = parser.getTextLength();
            Cache cache = caches[slot];
            if (cache == null) {
                cache = caches[slot] = new Cache();
            }
            if (length > MAX_CACHED_LENGTH || cache.off) {
                return TextNode.valueOf(parser.getText());
            }
            return cache.text(parser.getTextCharacters(), parser.getTextOffset(), length);
        }
    }

    /**
     * The strings one member had lately, by a hash of their text (a slot of the table holds the last one
     * with that hash). A member whose values hardly repeat (ids, timestamps) stops being looked up.
     */
    private static final class Cache {
        private static final int SIZE = 256;
        private static final int TRIAL = 4096;

        private final char[][] keys = new char[SIZE][];
        private final TextNode[] nodes = new TextNode[SIZE];
        private int lookups;
        private int hits;
        private boolean off;

        TextNode text(char[] chars, int offset, int length) {
            int end = offset + length;
            // the length and up to 16 characters at each end: enough to tell the values of one member apart
            int hash = length;
            for (int i = offset, stop = Math.min(end, offset + 16); i < stop; i++) {
                hash = 31 * hash + chars[i];
            }
            for (int i = Math.max(offset + 16, end - 16); i < end; i++) {
                hash = 31 * hash + chars[i];
            }
            int index = (hash ^ (hash >>> 8) ^ (hash >>> 16)) & (SIZE - 1);
            char[] key = keys[index];
            if (++lookups == TRIAL) {
                off = hits < TRIAL / 8;
            }
            if (key != null && Arrays.equals(key, 0, key.length, chars, offset, end)) {
                hits++;
                return nodes[index];
            }
            char[] copy = Arrays.copyOfRange(chars, offset, end);
            TextNode fresh = TextNode.valueOf(new String(copy));
            keys[index] = copy;
            nodes[index] = fresh;
            return fresh;
        }
    }

    /** The mark of a member met that holds no value of its own in the slots (an object followed, a tree member). */
    private static final JsonNode SEEN = com.fasterxml.jackson.databind.node.MissingNode.getInstance();

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
