package dev.forgewatch.common.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.mapping.SourcePath;
import dev.forgewatch.common.normalize.Normalization;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.Timestamps;
import dev.forgewatch.common.normalize.TokenObserver;
import dev.forgewatch.common.testing.TestRecords;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Realistic records with fields removed, retyped or replaced never make the normalizer throw. */
class NormalizerFuzzTest {
    private static final List<JsonNode> SEEDS = List.of(
            TestRecords.json("mailitemsaccessed-bind.json"), TestRecords.json("mailitemsaccessed-sync.json"),
            TestRecords.json("send.json"), TestRecords.json("set-mailbox-audit-bypass.json"),
            TestRecords.json("user-logged-in.json"), TestRecords.json("consent-to-application.json"),
            TestRecords.json("graph-signins.json").get("value").get(0),
            TestRecords.json("monitor-signins.json").get("records").get(0));

    private final Normalizer normalizer = new Normalizer(FieldCatalog.standard(), TokenObserver.NONE);

    @Provide
    Arbitrary<JsonNode> replacement() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return Arbitraries.of(f.nullNode(), f.textNode(""), f.textNode("fifty"), f.textNode("2023-02-30T25:61:00"),
                f.numberNode(-1L), f.numberNode(Long.MAX_VALUE), f.numberNode(1.5e300), f.booleanNode(true),
                f.arrayNode(), f.objectNode(), f.arrayNode().add(f.objectNode().put("Name", "MailAccessType")),
                f.textNode("[::1"), f.textNode("999.1.1.1:80"), f.textNode("\u0000\ud800"));
    }

    @Property(tries = 600, seed = "202612031")
    void mutatedRecordsAreAcceptedOrRejectedWithAReason(@ForAll("seedIndex") int seed, @ForAll("paths") List<Integer> picks,
                                                         @ForAll("replacement") JsonNode value, @ForAll boolean remove) {
        ObjectNode record = (ObjectNode) SEEDS.get(seed).deepCopy();
        mutate(record, picks, value, remove);

        Normalization result = normalizer.normalize(record, new SourceRef("fuzz", 1));

        if (result instanceof Normalization.Rejected rejected) {
            assertThat(rejected.reason()).isNotBlank();
        } else {
            assertThat(((Normalization.Accepted) result).events()).isNotEmpty();
        }
    }

    @Provide
    Arbitrary<Integer> seedIndex() {
        return Arbitraries.integers().between(0, SEEDS.size() - 1);
    }

    @Provide
    Arbitrary<List<Integer>> paths() {
        return Arbitraries.integers().between(0, 40).list().ofMinSize(1).ofMaxSize(4);
    }

    /** Walks down the record by the picked member/element indexes and replaces or removes what it reaches. */
    private static void mutate(JsonNode node, List<Integer> picks, JsonNode value, boolean remove) {
        JsonNode current = node;
        for (int depth = 0; depth < picks.size(); depth++) {
            boolean last = depth == picks.size() - 1;
            if (current instanceof ObjectNode object && object.size() > 0) {
                List<String> names = new ArrayList<>();
                Iterator<String> it = object.fieldNames();
                it.forEachRemaining(names::add);
                String name = names.get(picks.get(depth) % names.size());
                if (last || !object.get(name).isContainerNode()) {
                    if (remove) {
                        object.remove(name);
                    } else {
                        object.set(name, value);
                    }
                    return;
                }
                current = object.get(name);
            } else if (current instanceof ArrayNode array && array.size() > 0) {
                int index = picks.get(depth) % array.size();
                if (last || !array.get(index).isContainerNode()) {
                    if (remove) {
                        array.remove(index);
                    } else {
                        array.set(index, value);
                    }
                    return;
                }
                current = array.get(index);
            } else {
                return;
            }
        }
    }

    @Property(tries = 500, seed = "202612032")
    void timestampsNeverThrow(@ForAll String text) {
        Timestamps.parse(text);
    }

    @Property(tries = 500, seed = "202612033")
    void pathParsingFailsOnlyWithAReason(@ForAll String text) {
        try {
            SourcePath.parse(text).evaluate(SEEDS.get(0));
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
