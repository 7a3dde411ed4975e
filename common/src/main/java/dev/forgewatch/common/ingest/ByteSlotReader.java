package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * {@link MemberTree.SlotReader} straight from a line's UTF-8 bytes, without a Jackson parser: no parser
 * per line, member names looked up by their bytes (no name strings), strings of the members kept whole
 * shared by their bytes (no decoding when the value was met before), skipped values only scanned.
 *
 * <p>It takes only what it reads exactly as the Jackson reading does and leaves everything else to it
 * ({@link #read} returns -1): JSON Jackson would reject (and some it would take: numbers of more than 18
 * digits, escaped member names, nesting deeper than {@link #MAX_DEPTH}), and records the slots cannot
 * hold (a member repeated, a linked member other than one wrapper). So a record it reads has the slots,
 * tree, nodes (node classes included) and end the Jackson reading gives, and anything else is read,
 * read as a tree or quarantined by that reading, with its reasons. Bytes must be well-formed UTF-8
 * ({@link ByteLineReader} hands out no other lines).
 */
final class ByteSlotReader {
    /** Nesting this reader follows (Jackson's limit is far above: deeper records go to it). */
    static final int MAX_DEPTH = 64;
    private static final int MAX_CACHED_LENGTH = 512;
    private static final int MAX_NUMBER_LENGTH = 64;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Thrown (never filled in) to leave a record to the Jackson reading. */
    private static final class Decline extends RuntimeException {
        Decline() {
            super(null, null, false, false);
        }
    }

    private static final Decline DECLINE = new Decline();

    private final Node root;
    private final int slotCount;
    private final ByteCache[] caches;
    private final NameCache names = new NameCache();

    // the record being read
    private byte[] b;
    private int pos;
    private int end;
    private int depth;
    private JsonNode[] values;
    private ObjectNode tree;
    private String wrapper;
    private MemberValues inner;
    private MemberValues result;
    /** Set by {@link #stringEnd}: the string held an escape. */
    private boolean escaped;

    ByteSlotReader(MemberTree tree) {
        this.slotCount = tree.slots();
        this.caches = new ByteCache[slotCount];
        Map<MemberTree, Node> compiled = new IdentityHashMap<>();
        this.root = compile(tree, compiled);
        for (Node node : compiled.values()) {
            for (Names table : new Names[] {node.slots, node.members}) {
                if (table != null) {
                    for (int i = 0; i < table.keys.length; i++) {
                        if (table.keys[i] != null) {
                            names.seed(table.keys[i], table.strings[i]);
                        }
                    }
                }
            }
        }
    }

    /** A member tree's node with its members' tables by bytes. */
    private static final class Node {
        final boolean whole;
        final boolean asTree;
        final int id;
        /** The members the slot reading follows (slotChildren), null where the slot reading never comes. */
        Names slots;
        /** The members a tree reading keeps (children). */
        Names members;

        Node(MemberTree tree) {
            this.whole = tree.isWhole();
            this.asTree = tree.isReadAsTree();
            this.id = tree.slotId();
        }
    }

    /** What a linked member leads to in the slot tables. */
    private static final Node LINKED = new Node(new MemberTree());

    private static Node compile(MemberTree tree, Map<MemberTree, Node> compiled) {
        Node node = compiled.get(tree);
        if (node != null) {
            return node;
        }
        node = new Node(tree);
        compiled.put(tree, node);
        Map<String, MemberTree> slotChildren = tree.slotChildren();
        if (slotChildren != null) {
            Names table = new Names(slotChildren.size());
            for (Map.Entry<String, MemberTree> child : slotChildren.entrySet()) {
                MemberTree target = tree.children().get(child.getKey());
                table.put(child.getKey(), MemberTree.isLinked(child.getValue()) ? LINKED : compile(child.getValue(), compiled),
                        target == tree);
            }
            node.slots = table;
        }
        Names members = new Names(tree.children().size());
        for (Map.Entry<String, MemberTree> child : tree.children().entrySet()) {
            members.put(child.getKey(), compile(child.getValue(), compiled), false);
        }
        node.members = members;
        return node;
    }

    /**
     * Reads the object starting at {@code from} ('{') of {@code bytes}, which ends by {@code end} at the
     * latest; returns where it ends (after its '}'), its values then in {@link #values()}; or -1 when the
     * record is to be read by the Jackson reading.
     */
    int read(byte[] bytes, int from, int end) {
        this.b = bytes;
        this.end = end;
        this.pos = from + 1;
        this.depth = 1;
        this.values = new JsonNode[slotCount];
        this.tree = null;
        this.wrapper = null;
        this.inner = null;
        this.result = null;
        try {
            readSlots(root);
            result = new MemberValues(values, tree, wrapper, inner);
            return pos;
        } catch (Decline | ArrayIndexOutOfBoundsException e) {
            return -1;
        } finally {
            this.b = null;
            this.values = null;
            this.tree = null;
            this.inner = null;
        }
    }

    /** The values of the record {@link #read} read last. */
    MemberValues values() {
        return result;
    }

    /** SlotReader.readObject: the members of the object whose '{' was just passed, up to after its '}'. */
    private void readSlots(Node node) {
        Names table = node.slots;
        if (firstMember()) {
            do {
                int index = name(table);
                Node child = index >= 0 ? table.nodes[index] : null;
                colon();
                byte first = b[pos];
                if (child == null) {
                    skipValue();
                } else if (child == LINKED) {
                    if (node != root || first != '{' || wrapper != null || !table.toOwner[index]) {
                        throw DECLINE; // a linked member the slots cannot hold: the record is read as a tree
                    }
                    readWrapped(table.strings[index]);
                } else if (values[child.id] != null) {
                    throw DECLINE; // a member repeated: read as a tree, which keeps its first place and last value
                } else if (child.asTree && node == root) {
                    values[child.id] = MemberTree.seen();
                    if (tree == null) {
                        tree = NODES.objectNode();
                    }
                    tree.set(table.strings[index], readTree(child));
                } else if (child.whole) {
                    values[child.id] = first == '"' ? text(child.id) : readWhole();
                } else if (first == '{') {
                    values[child.id] = MemberTree.seen();
                    enter();
                    readSlots(child);
                    depth--;
                } else {
                    values[child.id] = MemberTree.seen();
                    skipValue();
                }
            } while (nextMember());
        }
    }

    /** The wrapper's object, read as a record of its own (SlotReader.readWrapped). */
    private void readWrapped(String name) {
        JsonNode[] outerValues = values;
        ObjectNode outerTree = tree;
        values = new JsonNode[slotCount];
        tree = null;
        wrapper = name;
        enter();
        readSlots(root);
        depth--;
        inner = new MemberValues(values, tree, null, null);
        values = outerValues;
        tree = outerTree;
    }

    /** MemberTree.read: the value here with the members of {@code node} only. */
    private JsonNode readTree(Node node) {
        byte first = b[pos];
        if (first == '{') {
            if (node.whole) {
                return readWhole();
            }
            enter();
            ObjectNode object = NODES.objectNode();
            Names table = node.members;
            if (firstMember()) {
                do {
                    int index = name(table);
                    colon();
                    if (index < 0) {
                        skipValue();
                    } else {
                        object.set(table.strings[index], readTree(table.nodes[index]));
                    }
                } while (nextMember());
            }
            depth--;
            return object;
        }
        if (first == '[') {
            if (node.whole) {
                return readWhole();
            }
            enter();
            ArrayNode array = NODES.arrayNode();
            if (firstElement()) {
                do {
                    array.add(readTree(node));
                } while (nextElement());
            }
            depth--;
            return array;
        }
        return scalar();
    }

    /** The value here as Jackson's tree deserializer reads it. */
    private JsonNode readWhole() {
        byte first = b[pos];
        if (first == '{') {
            enter();
            ObjectNode object = NODES.objectNode();
            if (firstMember()) {
                do {
                    String name = anyName();
                    colon();
                    object.set(name, readWhole()); // a repeated member keeps its first place and its last value
                } while (nextMember());
            }
            depth--;
            return object;
        }
        if (first == '[') {
            enter();
            ArrayNode array = NODES.arrayNode();
            if (firstElement()) {
                do {
                    array.add(readWhole());
                } while (nextElement());
            }
            depth--;
            return array;
        }
        return scalar();
    }

    /** Passes the value here, checking it as the parser does. */
    private void skipValue() {
        byte first = b[pos];
        switch (first) {
            case '"':
                pos = stringEnd(pos + 1) + 1;
                break;
            case '{':
                enter();
                if (firstMember()) {
                    do {
                        pos = stringEnd(pos + 1) + 1; // the name (firstMember/nextMember saw its quote)
                        colon();
                        skipValue();
                    } while (nextMember());
                }
                depth--;
                break;
            case '[':
                enter();
                if (firstElement()) {
                    do {
                        skipValue();
                    } while (nextElement());
                }
                depth--;
                break;
            case 't':
            case 'f':
            case 'n':
                literal();
                break;
            default:
                number(false);
        }
    }

    /** A scalar node as the tree deserializer makes it (default features). */
    private JsonNode scalar() {
        byte first = b[pos];
        switch (first) {
            case '"': {
                int start = pos + 1;
                int close = stringEnd(start);
                pos = close + 1;
                return TextNode.valueOf(escaped ? unescape(start, close) : new String(b, start, close - start, StandardCharsets.UTF_8));
            }
            case 't':
            case 'f':
            case 'n':
                return literal();
            default:
                return number(true);
        }
    }

    /** A string of a member kept whole, shared with earlier values of the member of the same bytes. */
    private JsonNode text(int slot) {
        int start = pos + 1;
        int close = stringEnd(start);
        pos = close + 1;
        int length = close - start;
        ByteCache cache = caches[slot];
        if (cache == null) {
            cache = caches[slot] = new ByteCache();
        }
        if (escaped) {
            return TextNode.valueOf(unescape(start, close));
        }
        if (length > MAX_CACHED_LENGTH || cache.off) {
            return TextNode.valueOf(new String(b, start, length, StandardCharsets.UTF_8));
        }
        return cache.text(b, start, length);
    }

    // ---- structure

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw DECLINE;
        }
        pos++;
    }

    /** After '{': true when a member follows (pos on its name's quote), false after an empty object's '}'. */
    private boolean firstMember() {
        skipSpace();
        byte c = b[pos];
        if (c == '"') {
            return true;
        }
        if (c == '}') {
            pos++;
            return false;
        }
        throw DECLINE;
    }

    /** After a member's value: true at the next member's quote, false after the object's '}'. */
    private boolean nextMember() {
        skipSpace();
        byte c = b[pos];
        if (c == ',') {
            pos++;
            skipSpace();
            if (b[pos] == '"') {
                return true;
            }
            throw DECLINE;
        }
        if (c == '}') {
            pos++;
            return false;
        }
        throw DECLINE;
    }

    /** After '[': true when an element follows (pos on it), false after an empty array's ']'. */
    private boolean firstElement() {
        skipSpace();
        if (b[pos] == ']') {
            pos++;
            return false;
        }
        return true;
    }

    private boolean nextElement() {
        skipSpace();
        byte c = b[pos];
        if (c == ',') {
            pos++;
            skipSpace();
            return true;
        }
        if (c == ']') {
            pos++;
            return false;
        }
        throw DECLINE;
    }

    /** Past the ':' after a name, and the space around it, onto the value. */
    private void colon() {
        skipSpace();
        if (b[pos] != ':') {
            throw DECLINE;
        }
        pos++;
        skipSpace();
        if (pos >= end) {
            throw DECLINE;
        }
    }

    /** JSON's whitespace (the parser takes no other); never past the line. */
    private void skipSpace() {
        int p = pos;
        while (p < end) {
            byte c = b[p];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                p++;
            } else {
                break;
            }
        }
        if (p >= end) {
            throw DECLINE; // the line ends inside the record
        }
        pos = p;
    }

    // ---- names

    /** The name at pos (its quote) found in {@code table}: its index, or -1; pos is left after its closing quote. */
    private int name(Names table) {
        int start = pos + 1;
        int hash = 0;
        int p = start;
        while (true) {
            if (p >= end) {
                throw DECLINE;
            }
            byte c = b[p];
            if (c == '"') {
                break;
            }
            if (c == '\\' || (c >= 0 && c < 0x20)) {
                throw DECLINE; // an escaped name (the Jackson reading unescapes it), or a control character
            }
            hash = 31 * hash + c;
            p++;
        }
        pos = p + 1;
        return table == null ? -1 : table.find(b, start, p - start, hash);
    }

    /** Any name at pos, as a string (one string per name, shared). */
    private String anyName() {
        int start = pos + 1;
        int hash = 0;
        int p = start;
        while (true) {
            if (p >= end) {
                throw DECLINE;
            }
            byte c = b[p];
            if (c == '"') {
                break;
            }
            if (c == '\\' || (c >= 0 && c < 0x20)) {
                throw DECLINE;
            }
            hash = 31 * hash + c;
            p++;
        }
        pos = p + 1;
        return names.get(b, start, p - start, hash);
    }

    // ---- strings

    /**
     * Where the string whose first byte is at {@code from} ends (its closing quote); checks its escapes
     * and that it holds no control character, as the parser does. Sets {@link #escaped}.
     */
    private int stringEnd(int from) {
        int p = from;
        boolean sawEscape = false;
        while (true) {
            for (int words = end - 8; p <= words; p += 8) {
                long w = (long) LONGS.get(b, p);
                long q = w ^ QUOTES;
                long s = w ^ BACKSLASHES;
                if (((((q - LOW_BITS) & ~q) | ((s - LOW_BITS) & ~s) | ((w - SPACES) & ~w)) & HIGH_BITS) != 0) {
                    break; // a quote, backslash or control character in this word (maybe)
                }
            }
            if (p >= end) {
                throw DECLINE;
            }
            byte c = b[p];
            if (c == '"') {
                escaped = sawEscape;
                return p;
            }
            if (c == '\\') {
                sawEscape = true;
                p = escapeEnd(p);
            } else if (c >= 0 && c < 0x20) {
                throw DECLINE; // an unescaped control character: the parser rejects it
            } else {
                p++;
            }
        }
    }

    /** Past the escape whose backslash is at {@code p}, checked. */
    private int escapeEnd(int p) {
        if (p + 1 >= end) {
            throw DECLINE;
        }
        switch (b[p + 1]) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                return p + 2;
            case 'u':
                if (p + 5 >= end) {
                    throw DECLINE;
                }
                for (int i = p + 2; i < p + 6; i++) {
                    hex(b[i]);
                }
                return p + 6;
            default:
                throw DECLINE;
        }
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw DECLINE;
    }

    /** The text of the (checked) string in [from, to) that holds escapes. */
    private String unescape(int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        int run = from;
        int p = from;
        while (p < to) {
            if (b[p] != '\\') {
                p++;
                continue;
            }
            if (p > run) {
                out.append(new String(b, run, p - run, StandardCharsets.UTF_8)); // escapes are ASCII: no character is cut
            }
            byte e = b[p + 1];
            switch (e) {
                case 'b':
                    out.append('\b');
                    break;
                case 'f':
                    out.append('\f');
                    break;
                case 'n':
                    out.append('\n');
                    break;
                case 'r':
                    out.append('\r');
                    break;
                case 't':
                    out.append('\t');
                    break;
                case 'u':
                    out.append((char) (hex(b[p + 2]) << 12 | hex(b[p + 3]) << 8 | hex(b[p + 4]) << 4 | hex(b[p + 5])));
                    p += 4;
                    break;
                default:
                    out.append((char) e); // " \ /
            }
            p += 2;
            run = p;
        }
        if (to > run) {
            out.append(new String(b, run, to - run, StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    // ---- scalars

    private JsonNode literal() {
        int p = pos;
        JsonNode node;
        if (matches(p, 't', 'r', 'u', 'e')) {
            node = BooleanNode.TRUE;
            p += 4;
        } else if (matches(p, 'n', 'u', 'l', 'l')) {
            node = NullNode.instance;
            p += 4;
        } else if (p + 4 < end && b[p + 4] == 'e' && matches(p, 'f', 'a', 'l', 's')) {
            node = BooleanNode.FALSE;
            p += 5;
        } else {
            throw DECLINE;
        }
        delimited(p);
        pos = p;
        return node;
    }

    private boolean matches(int p, char c0, char c1, char c2, char c3) {
        return p + 3 < end && b[p] == c0 && b[p + 1] == c1 && b[p + 2] == c2 && b[p + 3] == c3;
    }

    /** A scalar must be followed by a space, ',' '}' or ']' (the parser rejects "truex", "12a"). */
    private void delimited(int p) {
        if (p >= end) {
            throw DECLINE;
        }
        byte c = b[p];
        if (c != ',' && c != '}' && c != ']' && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            throw DECLINE;
        }
    }

    /**
     * A number as JSON writes it (no leading zeros, no '+', digits after '.' and 'e'); its node when
     * {@code make}: an int when it fits, else a long; a double for fractions and exponents, as the tree
     * deserializer makes them. Integers of more than 18 digits go to the Jackson reading.
     */
    private JsonNode number(boolean make) {
        int start = pos;
        int p = start;
        boolean negative = false;
        if (p < end && b[p] == '-') {
            negative = true;
            p++;
        }
        int digits = p;
        if (p >= end) {
            throw DECLINE;
        }
        byte c = b[p];
        if (c == '0') {
            p++;
            if (p < end && b[p] >= '0' && b[p] <= '9') {
                throw DECLINE; // a leading zero
            }
        } else if (c >= '1' && c <= '9') {
            p++;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                p++;
            }
        } else {
            throw DECLINE;
        }
        int intEnd = p;
        boolean fraction = false;
        if (p < end && b[p] == '.') {
            fraction = true;
            p++;
            int from = p;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                p++;
            }
            if (p == from) {
                throw DECLINE;
            }
        }
        if (p < end && (b[p] == 'e' || b[p] == 'E')) {
            fraction = true;
            p++;
            if (p < end && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            int from = p;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                p++;
            }
            if (p == from) {
                throw DECLINE;
            }
        }
        if (p - start > MAX_NUMBER_LENGTH || intEnd - digits > 18) {
            throw DECLINE; // long numbers (big integers, the parser's length limit) are the Jackson reading's
        }
        delimited(p);
        pos = p;
        if (!make) {
            return null;
        }
        if (fraction) {
            return NODES.numberNode(Double.parseDouble(new String(b, start, p - start, StandardCharsets.ISO_8859_1)));
        }
        long value = 0;
        for (int i = digits; i < intEnd; i++) {
            value = value * 10 + (b[i] - '0');
        }
        if (negative) {
            value = -value;
        }
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    // ---- tables

    /** Member names by their UTF-8 bytes (open addressing), each with its string and node. */
    private static final class Names {
        final byte[][] keys;
        final String[] strings;
        final Node[] nodes;
        /** For the slot tables: the member leads back to the node that holds it (a wrapper linked to the root). */
        final boolean[] toOwner;
        final int mask;

        Names(int members) {
            int size = Integer.highestOneBit(Math.max(4, members * 4) - 1) << 1;
            keys = new byte[size][];
            strings = new String[size];
            nodes = new Node[size];
            toOwner = new boolean[size];
            mask = size - 1;
        }

        void put(String name, Node node, boolean owner) {
            byte[] key = name.getBytes(StandardCharsets.UTF_8);
            int i = spread(hash(key, 0, key.length)) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            strings[i] = name;
            nodes[i] = node;
            toOwner[i] = owner;
        }

        int find(byte[] b, int from, int length, int hash) {
            int i = spread(hash) & mask;
            while (true) {
                byte[] key = keys[i];
                if (key == null) {
                    return -1;
                }
                if (key.length == length && Arrays.equals(key, 0, length, b, from, from + length)) {
                    return i;
                }
                i = (i + 1) & mask;
            }
        }
    }

    /** The hash {@link #name} computes as it scans a name. */
    static int hash(byte[] b, int from, int length) {
        int hash = 0;
        for (int i = from; i < from + length; i++) {
            hash = 31 * hash + b[i];
        }
        return hash;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 7) ^ (hash >>> 15);
    }

    /** The strings of names met in trees kept whole, by their bytes (a slot holds the last name with its hash). */
    private static final class NameCache {
        private static final int SIZE = 1024;
        private final byte[][] keys = new byte[SIZE][];
        private final String[] strings = new String[SIZE];

        void seed(byte[] key, String name) {
            int i = spread(hash(key, 0, key.length)) & (SIZE - 1);
            if (keys[i] == null) {
                keys[i] = key;
                strings[i] = name;
            }
        }

        String get(byte[] b, int from, int length, int hash) {
            int i = spread(hash) & (SIZE - 1);
            byte[] key = keys[i];
            if (key != null && key.length == length && Arrays.equals(key, 0, length, b, from, from + length)) {
                return strings[i];
            }
            String name = new String(b, from, length, StandardCharsets.UTF_8);
            if (length <= 64) {
                keys[i] = Arrays.copyOfRange(b, from, from + length);
                strings[i] = name;
            }
            return name;
        }
    }

    /**
     * The strings one member had lately, by their bytes (a slot of the table holds the last one with its
     * hash); a member whose values hardly repeat (ids, timestamps) stops being looked up.
     */
    private static final class ByteCache {
        private static final int SIZE = 256;
        private static final int TRIAL = 4096;

        private final byte[][] keys = new byte[SIZE][];
        private final TextNode[] nodes = new TextNode[SIZE];
        private int lookups;
        private int hits;
        boolean off;

        TextNode text(byte[] b, int from, int length) {
            // the length and the first and last eight bytes: enough to tell the values of one member apart
            long mix;
            if (length >= 8) {
                mix = (long) LONGS.get(b, from) * 31 + (long) LONGS.get(b, from + length - 8);
            } else {
                mix = 0;
                for (int i = from; i < from + length; i++) {
                    mix = mix * 31 + b[i];
                }
            }
            mix = (mix + length) * 0x9E3779B97F4A7C15L;
            int index = (int) (mix >>> 56);
            byte[] key = keys[index];
            if (++lookups == TRIAL) {
                off = hits < TRIAL / 8;
            }
            if (key != null && key.length == length && Arrays.equals(key, 0, length, b, from, from + length)) {
                hits++;
                return nodes[index];
            }
            byte[] copy = Arrays.copyOfRange(b, from, from + length);
            TextNode fresh = TextNode.valueOf(new String(copy, StandardCharsets.UTF_8));
            keys[index] = copy;
            nodes[index] = fresh;
            return fresh;
        }
    }
}
