package dev.forgewatch.common.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class MemberTreeTest {
    private static JsonNode read(MemberTree members, String json) throws IOException {
        try (JsonParser parser = Json.MAPPER.createParser(json)) {
            parser.nextToken();
            return members.read(parser);
        }
    }

    private static MemberTree tree() {
        MemberTree root = new MemberTree();
        root.add("Id").keepWhole();
        root.add("Folders").add("Path").keepWhole();
        root.add("Item").keepWhole();
        root.link("properties", root);
        return root;
    }

    @Test
    void keepsTheNamedMembersAndTheShapeOfArraysOnly() throws IOException {
        JsonNode node = read(tree(), "{\"Id\":\"a\",\"Other\":{\"x\":[1,2,{\"y\":\"z\"}]},\"Folders\":[{\"Path\":\"\\\\Inbox\",\"Id\":\"f\"},"
                + "{\"Id\":\"g\"},7],\"Item\":{\"Subject\":\"s\",\"Size\":12.5},\"properties\":{\"Id\":\"inner\",\"More\":true},\"n\":null}");

        assertThat(node).isEqualTo(Json.MAPPER.readTree("{\"Id\":\"a\",\"Folders\":[{\"Path\":\"\\\\Inbox\"},{},7],"
                + "\"Item\":{\"Subject\":\"s\",\"Size\":12.5},\"properties\":{\"Id\":\"inner\"}}"));
    }

    @Test
    void valuesAreTheNodesAWholeTreeHolds() throws IOException {
        MemberTree root = new MemberTree();
        for (String name : new String[] {"i", "l", "b", "t", "f", "d", "s", "z", "e"}) {
            root.add(name).keepWhole();
        }
        String json = "{\"i\":1,\"l\":12345678901,\"b\":123456789012345678901234567890,\"t\":true,\"f\":false,"
                + "\"d\":1.5e3,\"s\":\"x\\u00e9\",\"z\":null,\"e\":\"\"}";
        JsonNode partial = read(root, json);
        JsonNode whole = Json.MAPPER.readTree(json);

        assertThat(partial).isEqualTo(whole);
        partial.fieldNames().forEachRemaining(name -> assertThat(partial.get(name).getClass()).isEqualTo(whole.get(name).getClass()));
    }

    @Test
    void aRepeatedMemberKeepsItsLastValueAsATreeDoes() throws IOException {
        String json = "{\"Id\":\"first\",\"Id\":\"second\"}";

        assertThat(read(tree(), json)).isEqualTo(Json.MAPPER.readTree(json));
    }

    @Test
    void malformedJsonInASkippedMemberFailsAsForAWholeTree() {
        String json = "{\"Id\":\"a\",\"Other\":{\"x\":[1,2,}]}}";

        String whole = messageOf(() -> Json.MAPPER.readTree(json));
        String partial = messageOf(() -> read(tree(), json));
        assertThat(partial).isNotNull().isEqualTo(whole);
    }

    private interface Read {
        Object run() throws IOException;
    }

    private static String messageOf(Read read) {
        try {
            read.run();
            return null;
        } catch (JsonProcessingException e) {
            return e.getOriginalMessage();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aMemberCannotLeadToTwoNodes() {
        MemberTree root = tree();
        assertThatThrownBy(() -> root.link("Id", new MemberTree())).isInstanceOf(IllegalStateException.class);
    }
}
