package dev.forgewatch.common.normalize;

import static dev.forgewatch.common.testing.TestRecords.event;
import static dev.forgewatch.common.testing.TestRecords.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.SourceKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The linkable identifiers (issue 16, token provenance) read from workload audit records and from
 * sign-ins of all four categories in both export shapes (Microsoft Graph signIn, Azure Monitor).
 */
class ProvenanceFieldsTest {
    private static final String SESSION = "00a1f3c2-7b4e-8d15-0c3a-6e9b2f4d7a18";

    @Test
    void exchangeAuditRecordCarriesTheTokenThatMadeTheAccess() {
        CanonicalEvent event = event(json("provenance/exchange-mailitemsaccessed.json"));

        assertThat(event.kind()).isEqualTo(SourceKind.AUDIT);
        assertThat(event.fields()).containsEntry(Fields.UNIQUE_TOKEN_ID, "qK3vXy9TDkuF0m2Lw8RzAA")
                .containsEntry(Fields.TOKEN_ISSUED_AT, Instant.parse("2025-09-16T09:12:44Z"))
                .containsEntry(Fields.CLIENT_APP_ID, "9199bf20-a13f-4107-85dc-02114787ef48");
        // the Entra session id, not Exchange's own SessionId, is the one sign-ins share
        assertThat(event.text(Fields.SESSION_ID)).isEqualTo(SESSION);
        assertThat(event.raw().path("SessionId").asText()).isEqualTo("7d2e9c41-5b8a-4f3e-a6c1-0e9d8b7a6f52");
        assertThat(event.fields()).doesNotContainKey(Fields.SIGNIN_CATEGORY);
    }

    @Test
    void otherWorkloadsReadTheSameAppAccessContext() {
        CanonicalEvent event = event(json("provenance/sharepoint-fileaccessed.json"));

        assertThat(event.text(Fields.WORKLOAD)).isEqualTo("OneDrive");
        assertThat(event.fields()).containsEntry(Fields.UNIQUE_TOKEN_ID, "Wc8pG2nQ5kS7dT1vYz4bAA")
                .containsEntry(Fields.SESSION_ID, SESSION)
                .containsEntry(Fields.TOKEN_ISSUED_AT, Instant.parse("2025-09-16T09:40:02Z"));
    }

    @Test
    void auditRecordWithoutAppAccessContextKeepsExchangeSessionAndHasNoTokenId() {
        CanonicalEvent event = event("mailitemsaccessed-bind.json");

        assertThat(event.text(Fields.SESSION_ID)).isEqualTo("0d8c6a2b-3e4f-4a5b-9c6d-7e8f9a0b1c2d");
        assertThat(event.fields()).doesNotContainKeys(Fields.UNIQUE_TOKEN_ID, Fields.TOKEN_ISSUED_AT);
    }

    @Test
    void graphSignInsOfEveryCategoryCarryTheirTokenIdentifier() {
        List<CanonicalEvent> events = events(json("provenance/graph-signins-beta.json").get("value"));

        assertThat(events).extracting(e -> e.text(Fields.SIGNIN_CATEGORY))
                .containsExactly("interactive", "non_interactive", "service_principal", "managed_identity");
        assertThat(events).extracting(e -> e.text(Fields.UNIQUE_TOKEN_ID))
                .containsExactly("qK3vXy9TDkuF0m2Lw8RzAA", "R7nB4wQeP0yJ2kX9cV1tAA", "M2fT8hK5sE6rW0aZ3nL7AA",
                        "Hx5Lm8Qa2Ud4Fp7Yr1CwAA");
        assertThat(events.get(0).text(Fields.SESSION_ID)).isEqualTo(SESSION);
        assertThat(events.get(1).text(Fields.SESSION_ID)).as("a refresh in the same session").isEqualTo(SESSION);
        assertThat(events).allMatch(e -> e.kind() == SourceKind.SIGNIN);
    }

    @Test
    void azureMonitorSignInsOfEveryCategoryReadTheSameAsGraph() {
        List<CanonicalEvent> monitor = events(json("provenance/monitor-signins-all-categories.json").get("records"));
        List<CanonicalEvent> graph = events(json("provenance/graph-signins-beta.json").get("value"));

        assertThat(monitor).extracting(e -> e.text(Fields.SIGNIN_CATEGORY))
                .containsExactly("interactive", "non_interactive", "service_principal", "managed_identity");
        for (int i = 0; i < monitor.size(); i++) {
            CanonicalEvent m = monitor.get(i);
            CanonicalEvent g = graph.get(i);
            assertThat(m.id()).isEqualTo(g.id());
            assertThat(m.text(Fields.UNIQUE_TOKEN_ID)).isEqualTo(g.text(Fields.UNIQUE_TOKEN_ID));
            assertThat(m.text(Fields.SESSION_ID)).isEqualTo(g.text(Fields.SESSION_ID));
            assertThat(m.text(Fields.APP_ID)).isEqualTo(g.text(Fields.APP_ID));
        }
    }

    @Test
    void isInteractiveDecidesTheCategoryWhenNothingBetterIsThere() {
        // Graph v1.0 signIn: no signInEventTypes
        assertThat(event(json("graph-signins.json").get("value").get(0)).text(Fields.SIGNIN_CATEGORY))
                .isEqualTo("interactive");
        JsonNode record = json("graph-signins.json").get("value").get(0).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) record).put("isInteractive", false);
        assertThat(event(record).text(Fields.SIGNIN_CATEGORY)).isEqualTo("non_interactive");
    }

    @Test
    void anUnknownMonitorCategoryFallsBackToTheSignInItself() {
        JsonNode record = json("provenance/monitor-signins-all-categories.json").get("records").get(1).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) record).put("category", "FutureSignInLogs");
        CanonicalEvent event = event(record);
        assertThat(event.text(Fields.SIGNIN_CATEGORY)).as("isInteractive false").isEqualTo("non_interactive");
    }

    private static List<CanonicalEvent> events(JsonNode array) {
        List<CanonicalEvent> events = new ArrayList<>();
        array.forEach(record -> events.add(event(record.deepCopy())));
        return events;
    }
}
