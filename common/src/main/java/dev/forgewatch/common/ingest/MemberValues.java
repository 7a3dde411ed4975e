package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A record read into slots by {@link MemberTree.SlotReader}, without a tree of it: the value of each
 * member kept whole in its place (the nodes a tree reading would hold there), and the members read as a
 * tree in {@link #tree()}. {@link MemberTree.Locator} finds a path's value in it.
 */
public final class MemberValues {
    private final JsonNode[] slots;
    private final ObjectNode tree;

    MemberValues(JsonNode[] slots, ObjectNode tree) {
        this.slots = slots;
        this.tree = tree;
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
