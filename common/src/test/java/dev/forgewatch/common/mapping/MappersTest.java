package dev.forgewatch.common.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.testing.Golden;
import dev.forgewatch.common.testing.TestRecords;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Pins the ECS and CIM output for every record kind in golden files. */
class MappersTest {
    private final FieldCatalog catalog = FieldCatalog.standard();
    private final EcsMapper ecs = new EcsMapper(catalog);
    private final CimMapper cim = new CimMapper(catalog);

    static Stream<Arguments> records() {
        return Stream.of(
                Arguments.of("mailitemsaccessed-bind", TestRecords.json("mailitemsaccessed-bind.json")),
                Arguments.of("mailitemsaccessed-sync", TestRecords.json("mailitemsaccessed-sync.json")),
                Arguments.of("send", TestRecords.json("send.json")),
                Arguments.of("set-mailbox-audit-bypass", TestRecords.json("set-mailbox-audit-bypass.json")),
                Arguments.of("user-logged-in", TestRecords.json("user-logged-in.json")),
                Arguments.of("consent-to-application", TestRecords.json("consent-to-application.json")),
                Arguments.of("graph-signin", TestRecords.json("graph-signins.json").get("value").get(0)),
                Arguments.of("graph-signin-failed", TestRecords.json("graph-signins.json").get("value").get(1)),
                Arguments.of("monitor-signin", TestRecords.json("monitor-signins.json").get("records").get(0)),
                Arguments.of("mailitemsaccessed-app-access-context",
                        TestRecords.json("provenance/exchange-mailitemsaccessed.json")),
                Arguments.of("graph-signin-service-principal",
                        TestRecords.json("provenance/graph-signins-beta.json").get("value").get(2)),
                Arguments.of("monitor-signin-managed-identity",
                        TestRecords.json("provenance/monitor-signins-all-categories.json").get("records").get(3)),
                Arguments.of("graph-activity-delegated",
                        TestRecords.json("provenance/graph-activity-export.json").get("records").get(0)),
                Arguments.of("graph-activity-row-app-only",
                        TestRecords.json("provenance/graph-activity-rows.json").get(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void ecsDocumentIsPinned(String name, JsonNode record) throws Exception {
        CanonicalEvent event = TestRecords.event(record.deepCopy());
        Golden.assertMatches("ecs/" + name + ".json", Json.PRETTY.writeValueAsString(ecs.toDocument(event)) + "\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void cimFieldsArePinned(String name, JsonNode record) throws Exception {
        CanonicalEvent event = TestRecords.event(record.deepCopy());
        Golden.assertMatches("cim/" + name + ".json", Json.PRETTY.writeValueAsString(cim.toCim(event)) + "\n");
    }

    @Test
    @SuppressWarnings("unchecked")
    void ecsDocumentNestsDottedNamesAndClassifiesTheEvent() {
        Map<String, Object> doc = ecs.toDocument(TestRecords.event("mailitemsaccessed-bind.json"));

        assertThat(doc.get("@timestamp")).isEqualTo("2023-06-12T14:03:27Z");
        Map<String, Object> event = (Map<String, Object>) doc.get("event");
        assertThat(event).containsEntry("action", "MailItemsAccessed").containsEntry("dataset", "forgewatch.audit")
                .containsEntry("category", List.of("email")).containsEntry("type", List.of("access"))
                .containsEntry("outcome", "success").containsEntry("id", "5a2d6f9e-8c1b-4c6a-9a47-0d3e2b7f1c11");
        assertThat((Map<String, Object>) doc.get("source")).containsEntry("ip", "203.0.113.24");
        Map<String, Object> m365 = (Map<String, Object>) doc.get("m365");
        assertThat((Map<String, Object>) m365.get("mailbox")).containsEntry("owner_upn", "alex.wilber@fabrikam.example");
        assertThat(((Map<String, Object>) doc.get("forgewatch")).get("raw")).isInstanceOf(JsonNode.class);
    }

    @Test
    void cimUsesCimNamesAndTagsFromTheEventClass() {
        Map<String, Object> fields = cim.toCim(TestRecords.event(TestRecords.json("graph-signins.json").get("value").get(1)));

        assertThat(fields).containsEntry("user", "megan.bowen@fabrikam.example").containsEntry("src", "198.51.100.61")
                .containsEntry("action", "failure").containsEntry("app", "Microsoft Office")
                .containsEntry("eventtype", "forgewatch_signin").containsEntry("tag", List.of("authentication"));
    }

    @Test
    void codecRoundTripsEveryRecordKind() {
        CanonicalEventCodec codec = new CanonicalEventCodec(catalog);
        records().forEach(arguments -> {
            CanonicalEvent event = TestRecords.event(((JsonNode) arguments.get()[1]).deepCopy());
            CanonicalEvent decoded = codec.decode(codec.encode(event), new SourceRef("unused", 0));
            assertThat(decoded).as((String) arguments.get()[0]).isEqualTo(event);
        });
    }
}
