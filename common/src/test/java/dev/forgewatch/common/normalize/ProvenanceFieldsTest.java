package dev.forgewatch.common.normalize;

import static dev.forgewatch.common.testing.TestRecords.event;
import static dev.forgewatch.common.testing.TestRecords.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
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

    @Test
    void graphActivityExportIsItsOwnKindWithTheRequestAndTheTokenThatMadeIt() {
        List<CanonicalEvent> events = events(json("provenance/graph-activity-export.json").get("records"));
        CanonicalEvent delegated = events.get(0);

        assertThat(events).allMatch(e -> e.kind() == SourceKind.GRAPH_ACTIVITY);
        assertThat(delegated.id()).isEqualTo("c81f5e27-4a9d-4b36-9e02-7d1c8b5a3f64");
        assertThat(delegated.timestamp()).isEqualTo(Instant.parse("2025-09-16T09:20:31.7741209Z"));
        assertThat(delegated.fields()).containsEntry(Fields.WORKLOAD, "MicrosoftGraph")
                .containsEntry(Fields.OPERATION, "Microsoft Graph Activity")
                .containsEntry(Fields.APP_ID, "14d82eec-204b-4c2f-b7e8-296a70dab67e")
                .containsEntry(Fields.USER_KEY, "6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
                .containsEntry(Fields.TENANT_ID, "4f1c2d3e-5b6a-4789-9abc-def012345678")
                .containsEntry(Fields.CLIENT_IP, "203.0.113.24")
                .containsEntry(Fields.HTTP_METHOD, "GET")
                .containsEntry(Fields.HTTP_STATUS, 200L)
                .containsEntry(Fields.OUTCOME, "success")
                .containsEntry(Fields.URL_ORIGINAL,
                        "https://graph.microsoft.com/v1.0/me/mailFolders/inbox/messages?$top=25&$select=subject,from,receivedDateTime")
                .containsEntry(Fields.UNIQUE_TOKEN_ID, "T4wPq7Xz1kGm3Rb8Vn2yAA")
                .containsEntry(Fields.SESSION_ID, SESSION)
                .containsEntry(Fields.TOKEN_ISSUED_AT, Instant.parse("2025-09-16T09:12:44Z"))
                .doesNotContainKey(Fields.SERVICE_PRINCIPAL_ID);
        assertThat(delegated.text(Fields.USER_AGENT)).startsWith("Mozilla/5.0");
        // what no canonical field takes stays in the raw bag, with the envelope
        assertThat(delegated.raw().path("scopes").asText()).isEqualTo("Mail.Read User.Read openid profile email");
        assertThat(delegated.raw().path("deviceId").asText()).isEqualTo("3e9a7c15-8b2d-4f60-a1c4-9d7e2b5f8a03");
        assertThat(delegated.raw().path("azureMonitor").path("category").asText()).isEqualTo("MicrosoftGraphActivityLogs");

        CanonicalEvent appOnly = events.get(1);
        assertThat(appOnly.fields()).containsEntry(Fields.SERVICE_PRINCIPAL_ID, "0c7e3a94-1f6b-4d28-9e5c-b2a8d1f4e670")
                .containsEntry(Fields.UNIQUE_TOKEN_ID, "M2fT8hK5sE6rW0aZ3nL7AA")
                .doesNotContainKeys(Fields.USER_KEY, Fields.SESSION_ID);
        assertThat(events.get(2).fields()).containsEntry(Fields.HTTP_STATUS, 403L).containsEntry(Fields.OUTCOME, "failure")
                .containsEntry(Fields.RESULT, "403");
    }

    @Test
    void logAnalyticsRowsReadTheSameAsTheExport() {
        List<CanonicalEvent> rows = events(json("provenance/graph-activity-rows.json"));
        CanonicalEvent row = rows.get(0);

        assertThat(rows).allMatch(e -> e.kind() == SourceKind.GRAPH_ACTIVITY);
        assertThat(row.id()).isEqualTo("e2c9a4f7-1b3d-4e86-a5c0-6f8d2b7e1a43");
        assertThat(row.fields()).containsEntry(Fields.UNIQUE_TOKEN_ID, "T4wPq7Xz1kGm3Rb8Vn2yAA")
                .containsEntry(Fields.SESSION_ID, SESSION)
                .containsEntry(Fields.USER_KEY, "6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
                .containsEntry(Fields.TOKEN_ISSUED_AT, Instant.parse("2025-09-16T09:12:44Z"))
                .containsEntry(Fields.HTTP_METHOD, "GET")
                .containsEntry(Fields.URL_ORIGINAL, "https://graph.microsoft.com/v1.0/me/messages/AAMkAGI2TG93AAA=");
        // TenantId of a Log Analytics row is the workspace, not the Entra tenant
        assertThat(row.text(Fields.TENANT_ID)).isEqualTo("4f1c2d3e-5b6a-4789-9abc-def012345678");
        CanonicalEvent throttled = rows.get(1);
        assertThat(throttled.fields()).containsEntry(Fields.OUTCOME, "failure").containsEntry(Fields.HTTP_STATUS, 429L)
                .containsEntry(Fields.SERVICE_PRINCIPAL_ID, "0c7e3a94-1f6b-4d28-9e5c-b2a8d1f4e670")
                .doesNotContainKeys(Fields.USER_KEY, Fields.SESSION_ID);
    }

    @Test
    void oneTokenLinksTheSignInThatIssuedItToWhatItDidInGraph() {
        CanonicalEvent signIn = events(json("provenance/graph-signins-beta.json").get("value")).get(2);
        CanonicalEvent request = events(json("provenance/graph-activity-export.json").get("records")).get(1);

        assertThat(request.text(Fields.UNIQUE_TOKEN_ID)).isEqualTo(signIn.text(Fields.UNIQUE_TOKEN_ID));
        assertThat(request.text(Fields.SERVICE_PRINCIPAL_ID)).isEqualTo(signIn.text(Fields.SERVICE_PRINCIPAL_ID));
    }

    @Test
    void badGraphActivityRecordsAreRejectedWithTheReasonAndTheEnvelopeFillsGaps() throws Exception {
        Normalizer normalizer = new Normalizer(FieldCatalog.standard(), TokenObserver.NONE);
        Normalization badDate = normalizer.normalize(Json.MAPPER.readTree("{\"TimeGenerated\":\"2025-09-16T12:00:02Z\","
                + "\"Type\":\"MicrosoftGraphActivityLogs\",\"RequestId\":\"r-2\",\"TokenIssuedAt\":\"yesterday\"}"), new SourceRef("t", 2));
        Normalization noTime = normalizer.normalize(Json.MAPPER.readTree(
                "{\"Type\":\"MicrosoftGraphActivityLogs\",\"RequestId\":\"r-4\"}"), new SourceRef("t", 4));
        Normalization envelopeTime = normalizer.normalize(Json.MAPPER.readTree("{\"time\":\"2025-09-16T12:00:01Z\","
                + "\"category\":\"MicrosoftGraphActivityLogs\",\"tenantId\":\"4f1c2d3e-5b6a-4789-9abc-def012345678\","
                + "\"callerIpAddress\":\"[2001:db8::7]:443\",\"properties\":{\"requestId\":\"r-1\",\"responseStatusCode\":\"204\"}}"),
                new SourceRef("t", 1));

        assertThat(((Normalization.Rejected) badDate).reason()).contains("TokenIssuedAt").contains("token_issued_at");
        assertThat(((Normalization.Rejected) noTime).reason()).isEqualTo("graph_activity record has no timestamp ([timeGenerated, TimeGenerated])");
        CanonicalEvent filled = ((Normalization.Accepted) envelopeTime).events().get(0);
        assertThat(filled.timestamp()).isEqualTo(Instant.parse("2025-09-16T12:00:01Z"));
        assertThat(filled.fields()).containsEntry(Fields.TENANT_ID, "4f1c2d3e-5b6a-4789-9abc-def012345678")
                .containsEntry(Fields.CLIENT_IP, "2001:db8::7").containsEntry(Fields.OUTCOME, "success");
    }

    private static List<CanonicalEvent> events(JsonNode array) {
        List<CanonicalEvent> events = new ArrayList<>();
        array.forEach(record -> events.add(event(record.deepCopy())));
        return events;
    }
}
