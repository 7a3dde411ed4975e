package dev.forgewatch.splunk.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.CimMapper;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.mapping.FieldDefinition;
import dev.forgewatch.common.normalize.Normalization;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import dev.forgewatch.common.testing.TestRecords;
import dev.forgewatch.detections.compile.splunk.ConfFile;
import dev.forgewatch.detections.compile.splunk.Stanza;
import dev.forgewatch.splunk.hec.HecEvent;
import dev.forgewatch.splunk.hec.HecEvents;
import dev.forgewatch.splunk.testing.EventtypeMatcher;
import dev.forgewatch.splunk.testing.PropsEmulator;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Same answer everywhere: the generated props.conf, applied to the raw record the way Splunk applies
 * it (emulated), gives the fields CimMapper gives for the canonical event, and every other catalog
 * field under its ECS name with the normalizer's value; the generated eventtypes and tags classify
 * the record as CimMapper does.
 */
class PropsEmulationTest {
    private static final FieldCatalog CATALOG = FieldCatalog.standard();
    private static final ConfFile PROPS = new PropsGenerator(CATALOG, ContentSources.standard().detections().ipIocs()).generate();
    private static final EventtypesGenerator EVENTTYPES = new EventtypesGenerator(CATALOG);

    static Stream<Arguments> records() {
        JsonNode signins = TestRecords.json("graph-signins.json").get("value");
        JsonNode beta = TestRecords.json("provenance/graph-signins-beta.json").get("value");
        JsonNode monitor = TestRecords.json("provenance/monitor-signins-all-categories.json").get("records");
        JsonNode activity = TestRecords.json("provenance/graph-activity-export.json").get("records");
        JsonNode rows = TestRecords.json("provenance/graph-activity-rows.json");
        return Stream.of(
                Arguments.of("mailitemsaccessed-bind", TestRecords.json("mailitemsaccessed-bind.json"), Sourcetype.AUDIT),
                Arguments.of("mailitemsaccessed-sync", TestRecords.json("mailitemsaccessed-sync.json"), Sourcetype.AUDIT),
                Arguments.of("send", TestRecords.json("send.json"), Sourcetype.AUDIT),
                Arguments.of("user-logged-in", TestRecords.json("user-logged-in.json"), Sourcetype.AUDIT),
                Arguments.of("set-mailbox-audit-bypass", TestRecords.json("set-mailbox-audit-bypass.json"), Sourcetype.AUDIT),
                Arguments.of("consent-to-application", TestRecords.json("consent-to-application.json"), Sourcetype.AUDIT),
                Arguments.of("graph-signin", signins.get(0), Sourcetype.SIGNIN),
                Arguments.of("graph-signin-failed", signins.get(1), Sourcetype.SIGNIN),
                Arguments.of("mailitemsaccessed-app-access-context",
                        TestRecords.json("provenance/exchange-mailitemsaccessed.json"), Sourcetype.AUDIT),
                Arguments.of("sharepoint-app-access-context",
                        TestRecords.json("provenance/sharepoint-fileaccessed.json"), Sourcetype.AUDIT),
                Arguments.of("graph-signin-interactive", beta.get(0), Sourcetype.SIGNIN),
                Arguments.of("graph-signin-non-interactive", beta.get(1), Sourcetype.SIGNIN),
                Arguments.of("graph-signin-service-principal", beta.get(2), Sourcetype.SIGNIN),
                Arguments.of("graph-signin-managed-identity", beta.get(3), Sourcetype.SIGNIN),
                Arguments.of("monitor-signin-interactive", monitor.get(0), Sourcetype.SIGNIN),
                Arguments.of("monitor-signin-service-principal", monitor.get(2), Sourcetype.SIGNIN),
                Arguments.of("graph-activity-delegated", activity.get(0), Sourcetype.GRAPH_ACTIVITY),
                Arguments.of("graph-activity-app-only", activity.get(1), Sourcetype.GRAPH_ACTIVITY),
                Arguments.of("graph-activity-forbidden", activity.get(2), Sourcetype.GRAPH_ACTIVITY),
                Arguments.of("graph-activity-row", rows.get(0), Sourcetype.GRAPH_ACTIVITY),
                Arguments.of("graph-activity-row-throttled", rows.get(1), Sourcetype.GRAPH_ACTIVITY),
                // empty provenance values: the normalizer has no value, so Splunk must not have "" either
                Arguments.of("mailitemsaccessed-empty-app-access-context", blank(
                        TestRecords.json("provenance/exchange-mailitemsaccessed.json"), "AppAccessContext.UniqueTokenId",
                        "AppAccessContext.IssuedAtTime", "AppAccessContext.AADSessionId", "SessionId", "ClientAppId"),
                        Sourcetype.AUDIT),
                Arguments.of("graph-signin-empty-token-id", blank(beta.get(2), "uniqueTokenIdentifier", "sessionId",
                        "servicePrincipalId"), Sourcetype.SIGNIN),
                Arguments.of("graph-activity-row-empty-token-id", blank(rows.get(0), "SignInActivityId", "SessionId",
                        "TokenIssuedAt"), Sourcetype.GRAPH_ACTIVITY));
    }

    /** A copy of the record with the members at these dotted paths set to "". */
    private static JsonNode blank(JsonNode record, String... paths) {
        JsonNode copy = record.deepCopy();
        for (String path : paths) {
            String[] steps = path.split("\\.");
            JsonNode parent = copy;
            for (int i = 0; i < steps.length - 1; i++) {
                parent = parent.get(steps[i]);
            }
            ((com.fasterxml.jackson.databind.node.ObjectNode) parent).put(steps[steps.length - 1], "");
        }
        return copy;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void propsGiveTheCimAndCanonicalValues(String name, JsonNode record, Sourcetype sourcetype) throws Exception {
        CanonicalEvent event = TestRecords.event(record.deepCopy());
        Map<String, Object> splunk = PropsEmulator.apply(stanza(sourcetype), indexed(event, record, sourcetype));

        Map<String, Object> expected = new LinkedHashMap<>();
        new CimMapper(CATALOG).toCim(event).forEach((field, value) -> {
            if (!List.of("_time", "eventtype", "tag").contains(field)) {
                expected.put(field, text(value));
            }
        });
        for (FieldDefinition field : CATALOG.fields()) {
            Object value = event.get(field.name());
            if (field.source(sourcetype.rulesKey().orElseThrow()) != null && !(value instanceof Instant) && value != null) {
                expected.put(SplunkFieldNames.of(field), text(value));
            }
        }
        Map<String, Object> actual = new LinkedHashMap<>();
        expected.keySet().forEach(field -> actual.put(field, splunk.get(field)));
        assertThat(actual).isEqualTo(expected);
        for (FieldDefinition field : CATALOG.fields()) {
            if (event.get(field.name()) == null && field.source(sourcetype.rulesKey().get()) != null) {
                assertThat(splunk.get(SplunkFieldNames.of(field))).as(field.name() + " is absent in the event").isNull();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void eventtypesAndTagsClassifyAsCimMapper(String name, JsonNode record, Sourcetype sourcetype) throws Exception {
        CanonicalEvent event = TestRecords.event(record.deepCopy());
        Map<String, Object> cim = new CimMapper(CATALOG).toCim(event);
        Map<String, Object> fields = new LinkedHashMap<>(PropsEmulator.apply(stanza(sourcetype), indexed(event, record, sourcetype)));
        fields.put("sourcetype", sourcetype.name());

        List<String> matched = new ArrayList<>();
        for (Stanza eventtype : EVENTTYPES.eventtypes().stanzas()) {
            if (EventtypeMatcher.matches(eventtype.value("search").orElseThrow(), fields)) {
                matched.add(eventtype.name());
            }
        }
        List<String> tags = EVENTTYPES.tags().stanza("eventtype=" + cim.get("eventtype"))
                .map(s -> s.settings().stream().map(setting -> setting.key()).toList()).orElse(List.of());

        assertThat(matched).containsExactly((String) cim.get("eventtype"));
        assertThat(tags).isEqualTo(cim.getOrDefault("tag", List.of()));
    }

    /** Token observations and findings are ECS documents: props gives every field its Splunk name there too. */
    @Test
    void ecsDocumentsCarryTheSameSplunkNames() throws Exception {
        TokenObserver observer = (record, seenAt) -> List.of(Map.of(
                "token_fingerprint", "f00d", "token_kid", "1LTMzakihiRla_8z2BEJVXeWMqo", "token_key_scope", "consumers",
                "token_issued_at", Instant.parse("2023-06-12T13:00:00Z"), "token_findings", List.of("compromised-key")));
        JsonNode proxyLine = Json.MAPPER.readTree("{\"@timestamp\":\"2023-06-12T14:05:00Z\","
                + "\"client_ip\":\"203.0.113.9\",\"user\":\"alex@fabrikam.example\",\"method\":\"GET\",\"status\":200}");
        CanonicalEvent token = ((Normalization.Accepted) new Normalizer(CATALOG, observer).normalize(proxyLine,
                new SourceRef("t", 1))).events().get(0);
        JsonNode document = Json.MAPPER.valueToTree(
                new EcsMapper(CATALOG).toDocument(token));

        Map<String, Object> splunk = PropsEmulator.apply(stanza(Sourcetype.TOKEN), document);

        for (Map.Entry<String, Object> field : token.fields().entrySet()) {
            Object value = field.getValue() instanceof Instant instant
                    ? DateTimeFormatter.ISO_INSTANT.format(instant) : text(field.getValue());
            assertThat(splunk.get(SplunkFieldNames.of(CATALOG.field(field.getKey())))).as(field.getKey()).isEqualTo(value);
        }
        assertThat(splunk).containsEntry("TokenKid", "1LTMzakihiRla_8z2BEJVXeWMqo").containsEntry("src", "203.0.113.9")
                .containsEntry("event_id", token.id());
    }

    /** The record as ForgeWatch ships it to that sourcetype (Azure Monitor records unwrapped, secrets scrubbed). */
    private static JsonNode indexed(CanonicalEvent event, JsonNode record, Sourcetype sourcetype) {
        HecEvent shipped = new HecEvents(new EcsMapper(CATALOG)).of(event, record, "test").orElseThrow();
        assertThat(shipped.sourcetype()).isEqualTo(sourcetype.name());
        return shipped.event();
    }

    private static Stanza stanza(Sourcetype sourcetype) {
        return PROPS.stanza(sourcetype.name()).orElseThrow();
    }

    private static Object text(Object value) {
        if (value instanceof List<?> list) {
            return list.size() == 1 ? list.get(0).toString() : list.stream().map(Object::toString).toList();
        }
        return value.toString();
    }
}
