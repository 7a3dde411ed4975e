package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A record read into slots by {@link MemberTree.SlotReader}, without a tree of it: the value of each
 * member kept whole in its place (the nodes a tree reading would hold there), and the members read as a
 * tree in {@link #tree()}; a wrapper's record (an Azure Monitor record's properties) as a record of its
 * own in {@link #inner()}. {@link MemberTree.Locator} finds a path's value in it.
 */
public final class MemberValues {
    private final JsonNode[] slots;
    private final ObjectNode tree;
    private final String wrapper;
    private final MemberValues inner;

    MemberValues(JsonNode[] slots, ObjectNode tree, String wrapper, MemberValues inner) {
        this.slots = slots;
        this.tree = tree;
        this.wrapper = wrapper;
        this.inner = inner;
    }

    /** The top-level member that held a record of its own (see {@link #inner()}), or null. */
    public String wrapper() {
        return wrapper;
    }

    /** The record in {@link #wrapper()}, read into slots as this one, or null. */
    public MemberValues inner() {
        return inner;
    }

    /** True when the member at {@code place} ({@link MemberTree#place}) was present, a JSON null included. */
    public boolean has(int place) {
        return place >= 0 && slots[place] != null;
    }

    /** The value in a slot: null when the member was absent, a NullNode for a JSON null. */
    JsonNode slot(int slot) {
        return slots[slot];
    }

    /** The members read as a tree, in a record of their own (empty when none was present). */
    public ObjectNode tree() {
        return tree != null ? tree : EMPTY;
    }

    private static final ObjectNode EMPTY = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
}
