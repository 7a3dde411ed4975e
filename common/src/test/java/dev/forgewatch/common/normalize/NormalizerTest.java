package dev.forgewatch.common.normalize;

import static dev.forgewatch.common.testing.TestRecords.event;
import static dev.forgewatch.common.testing.TestRecords.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NormalizerTest {
    private final Normalizer normalizer = new Normalizer(FieldCatalog.standard(), TokenObserver.NONE);

    private Normalization normalize(String json) throws Exception {
        return normalizer.normalize(Json.MAPPER.readTree(json), new SourceRef("inline", 7));
    }

    @Test
    void mailItemsAccessedBindBecomesAuditEventWithEveryMailboxField() {
        CanonicalEvent event = event("mailitemsaccessed-bind.json");

        assertThat(event.kind()).isEqualTo(SourceKind.AUDIT);
        assertThat(event.id()).isEqualTo("5a2d6f9e-8c1b-4c6a-9a47-0d3e2b7f1c11");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2023-06-12T14:03:27Z"));
        assertThat(event.fields()).containsEntry(Fields.OPERATION, "MailItemsAccessed")
                .containsEntry(Fields.RECORD_TYPE, 50L)
                .containsEntry(Fields.WORKLOAD, "Exchange")
                .containsEntry(Fields.OUTCOME, "success")
                .containsEntry(Fields.RESULT, "Succeeded")
                .containsEntry(Fields.USER_ID, "alex.wilber@fabrikam.example")
                .containsEntry(Fields.MAILBOX_OWNER_UPN, "alex.wilber@fabrikam.example")
                .containsEntry(Fields.TENANT_ID, "4f1c2d3e-5b6a-4789-9abc-def012345678")
                .containsEntry(Fields.CLIENT_IP, "203.0.113.24")
                .containsEntry(Fields.APP_ID, "00000002-0000-0ff1-ce00-000000000000")
                .containsEntry(Fields.CLIENT_APP_ID, "9199bf20-a13f-4107-85dc-02114787ef48")
                .containsEntry(Fields.SESSION_ID, "0d8c6a2b-3e4f-4a5b-9c6d-7e8f9a0b1c2d")
                .containsEntry(Fields.LOGON_TYPE, 0L)
                .containsEntry("external_access", false)
                .containsEntry(Fields.MAIL_ACCESS_TYPE, "Bind")
                .containsEntry(Fields.IS_THROTTLED, false)
                .containsEntry(Fields.OPERATION_COUNT, 2L)
                .containsEntry(Fields.FOLDER_PATHS, List.of("\\Inbox"))
                .containsEntry(Fields.ITEM_COUNT, 2L);
        assertThat(event.text(Fields.USER_AGENT)).startsWith("Client=OWA;Mozilla/5.0");
        assertThat(event.origin()).isEqualTo(new SourceRef("test", 1));
    }

    @Test
    void membersConsumedWholeLeaveTheRawBagAndTheRestStays() {
        CanonicalEvent event = event("mailitemsaccessed-bind.json");

        assertThat(event.raw().has("ClientIPAddress")).isFalse();
        assertThat(event.raw().has("AppId")).isFalse();
        assertThat(event.raw().has("CreationTime")).isFalse();
        assertThat(event.raw().has("Id")).isFalse();
        // Only part of these is mapped, so they are kept whole.
        assertThat(event.raw().path("OperationProperties").size()).isEqualTo(2);
        assertThat(event.raw().path("Folders").get(0).path("FolderItems").size()).isEqualTo(2);
        assertThat(event.raw().path("LogonUserSid").asText()).isEqualTo("S-1-5-21-1842203466-2016364617-3121372401-4410");
        assertThat(event.raw().path("OriginatingServer").asText()).startsWith("AM6PR04MB1234");
    }

    @Test
    void syncRecordFallsBackToClientIpWithoutBracketsAndPortAndSeesThrottling() {
        CanonicalEvent event = event("mailitemsaccessed-sync.json");

        assertThat(event.clientIp()).isEqualTo("2001:db8:4a::17");
        assertThat(event.text(Fields.MAIL_ACCESS_TYPE)).isEqualTo("Sync");
        assertThat(event.flag(Fields.IS_THROTTLED)).isTrue();
        assertThat(event.list(Fields.FOLDER_PATHS)).containsExactly("\\Sent Items");
        // Empty ClientAppId is "not there", and a folder without FolderItems has no item count.
        assertThat(event.fields()).doesNotContainKeys(Fields.CLIENT_APP_ID, Fields.ITEM_COUNT);
        // The empty ClientIPAddress was not used, so it stays in the raw bag.
        assertThat(event.raw().has("ClientIPAddress")).isTrue();
        assertThat(event.raw().has("ClientIP")).isFalse();
    }

    @Test
    void sendRecordTakesItsFolderFromTheItem() {
        CanonicalEvent event = event("send.json");

        assertThat(event.operation()).isEqualTo("Send");
        assertThat(event.number(Fields.RECORD_TYPE)).isEqualTo(2L);
        assertThat(event.list(Fields.FOLDER_PATHS)).containsExactly("\\Drafts");
        assertThat(event.text(Fields.APP_ID)).isEqualTo("d3590ed6-52b3-4102-aeff-aad2292ab01c");
        assertThat(event.raw().path("Item").path("Subject").asText()).isEqualTo("Quarterly briefing");
    }

    @Test
    void adminCmdletParametersBecomeNameValuePairs() {
        CanonicalEvent event = event("set-mailbox-audit-bypass.json");

        assertThat(event.operation()).isEqualTo("Set-MailboxAuditBypassAssociation");
        assertThat(event.list("parameters")).containsExactly("Identity=svc-archive", "AuditBypassEnabled=True");
        assertThat(event.text(Fields.OUTCOME)).isEqualTo("success");
        assertThat(event.clientIp()).isEqualTo("198.51.100.7");
        assertThat(event.text("object_id")).isEqualTo("svc-archive");
        assertThat(event.number("user_type")).isEqualTo(3L);
    }

    @Test
    void stsLogonReadsUserAgentFromExtendedPropertiesAndApplicationId() {
        CanonicalEvent event = event("user-logged-in.json");

        assertThat(event.text(Fields.USER_AGENT)).startsWith("Mozilla/5.0 (Windows NT 10.0");
        assertThat(event.text(Fields.APP_ID)).isEqualTo("9199bf20-a13f-4107-85dc-02114787ef48");
        assertThat(event.number("error_code")).isZero();
        assertThat(event.text(Fields.OUTCOME)).isEqualTo("success");
        assertThat(event.list("target_names")).containsExactly("00000002-0000-0ff1-ce00-000000000000");
        assertThat(event.clientIp()).isEqualTo("203.0.113.24");
    }

    @Test
    void failedStsLogonIsAFailureWhateverItsResultStatusSays() {
        ObjectNode record = (ObjectNode) json("user-logged-in.json");
        record.put("Operation", "UserLoginFailed").put("ResultStatus", "Success").put("ErrorNumber", "50126");
        record.put("RecordType", "15");

        CanonicalEvent event = event(record);

        assertThat(event.text(Fields.OUTCOME)).isEqualTo("failure");
        assertThat(event.text(Fields.RESULT)).isEqualTo("Success");
        assertThat(event.number("error_code")).isEqualTo(50126L);
        assertThat(event.number(Fields.RECORD_TYPE)).as("numbers sent as strings").isEqualTo(15L);
    }

    @Test
    void consentRecordKeepsModifiedPropertiesAsPairsAndTargets() {
        CanonicalEvent event = event("consent-to-application.json");

        assertThat(event.operation()).isEqualTo("Consent to application.");
        assertThat(event.list("parameters")).anySatisfy(p -> assertThat(p)
                .startsWith("ConsentAction.Permissions=").contains("Mail.Read Mail.ReadWrite"));
        assertThat(event.list("target_names")).contains("Mail Summarizer Pro");
        assertThat(event.clientIp()).isNull();
    }

    @Test
    void graphSignInsBecomeSignInEventsWithOutcomeFromTheErrorCode() {
        JsonNode envelope = json("graph-signins.json");
        CanonicalEvent ok = event(envelope.get("value").get(0));
        CanonicalEvent failed = event(envelope.get("value").get(1));

        assertThat(ok.kind()).isEqualTo(SourceKind.SIGNIN);
        assertThat(ok.id()).isEqualTo("66ea54eb-6301-4ee5-be62-ff5a759b0100");
        assertThat(ok.fields()).containsEntry(Fields.OPERATION, "Sign-in activity")
                .containsEntry(Fields.WORKLOAD, "AzureActiveDirectory")
                .containsEntry(Fields.OUTCOME, "success")
                .containsEntry(Fields.IS_INTERACTIVE, true)
                .containsEntry(Fields.USER_KEY, "6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
                .containsEntry("app_display_name", "One Outlook Web")
                .containsEntry("geo_country", "US")
                .containsEntry("geo_city", "Redmond")
                .containsEntry("resource_id", "00000002-0000-0ff1-ce00-000000000000")
                .containsEntry(Fields.SESSION_ID, "0d8c6a2b-3e4f-4a5b-9c6d-7e8f9a0b1c2d");
        assertThat(failed.fields()).containsEntry(Fields.OUTCOME, "failure")
                .containsEntry("error_code", 50126L)
                .containsEntry(Fields.RESULT, "50126");
    }

    @Test
    void azureMonitorSignInIsUnwrappedAndKeepsItsEnvelope() {
        CanonicalEvent event = event(json("monitor-signins.json").get("records").get(0));

        assertThat(event.kind()).isEqualTo(SourceKind.SIGNIN);
        assertThat(event.id()).isEqualTo("aa11bb22-cc33-4d44-8e55-ff6677889900");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2023-06-13T08:15:42.1234567Z"));
        assertThat(event.fields()).containsEntry(Fields.TENANT_ID, "4f1c2d3e-5b6a-4789-9abc-def012345678")
                .containsEntry(Fields.IS_INTERACTIVE, false)
                .containsEntry(Fields.CLIENT_IP, "203.0.113.24");
        assertThat(event.text(Fields.USER_AGENT)).contains("Microsoft Outlook 16.0");
        assertThat(event.raw().path("azureMonitor").path("category").asText()).isEqualTo("NonInteractiveUserSignInLogs");
        assertThat(event.raw().path("azureMonitor").has("properties")).isFalse();
    }

    @Test
    void wrongTypeInAnAuditRecordIsRejectedNamingTheField() throws Exception {
        ObjectNode record = (ObjectNode) json("mailitemsaccessed-bind.json");
        record.put("RecordType", "fifty");

        Normalization result = normalizer.normalize(record, new SourceRef("f", 3));

        assertThat(result).isInstanceOf(Normalization.Rejected.class);
        assertThat(((Normalization.Rejected) result).reason())
                .isEqualTo("field RecordType (record_type): expected a whole number, got \"fifty\"");
    }

    @Test
    void unparseableTimestampIsRejected() throws Exception {
        ObjectNode record = (ObjectNode) json("send.json");
        record.put("CreationTime", "yesterday");

        Normalization result = normalizer.normalize(record, new SourceRef("f", 3));

        assertThat(((Normalization.Rejected) result).reason()).contains("CreationTime").contains("expected a timestamp");
    }

    @Test
    void unknownButWellFormedRecordTypePassesThroughWithItsRawFields() throws Exception {
        Normalization result = normalize("""
                {"CreationTime":"2023-06-14T10:00:00","Id":"c0ffee00-0000-4000-8000-000000000999","Operation":"CopilotInteraction",
                 "RecordType":999,"Workload":"Copilot","UserId":"alex.wilber@fabrikam.example","ResultStatus":"Succeeded",
                 "CopilotEventData":{"AppHost":"Teams"}}""");

        CanonicalEvent event = ((Normalization.Accepted) result).events().get(0);
        assertThat(event.kind()).isEqualTo(SourceKind.AUDIT);
        assertThat(event.operation()).isEqualTo("CopilotInteraction");
        assertThat(event.number(Fields.RECORD_TYPE)).isEqualTo(999L);
        assertThat(event.raw().path("CopilotEventData").path("AppHost").asText()).isEqualTo("Teams");
    }

    @Test
    void recordWithoutIdGetsAStableContentHashId() throws Exception {
        String record = """
                {"CreationTime":"2023-06-14T10:00:00","Operation":"MailboxLogin","RecordType":2,"UserId":"a@fabrikam.example"}""";
        String first = ((Normalization.Accepted) normalize(record)).events().get(0).id();
        String second = ((Normalization.Accepted) normalize(record)).events().get(0).id();
        String other = ((Normalization.Accepted) normalize(record.replace("a@", "b@"))).events().get(0).id();

        assertThat(first).startsWith("audit-").hasSize("audit-".length() + 40).isEqualTo(second).isNotEqualTo(other);
    }

    @Test
    void appRecordWithTimestampBecomesAppEventAndWithoutOneIsRejected() throws Exception {
        Normalization accepted = normalize("""
                {"@timestamp":"2023-06-15T09:00:01Z","client_ip":"192.0.2.10","method":"GET","path":"/owa/service.svc","status":200,
                 "user_agent":"curl/8.0"}""");
        Normalization rejected = normalize("{\"hello\":\"world\"}");

        CanonicalEvent event = ((Normalization.Accepted) accepted).events().get(0);
        assertThat(event.kind()).isEqualTo(SourceKind.APP);
        assertThat(event.fields()).containsEntry("http_method", "GET").containsEntry("url_path", "/owa/service.svc")
                .containsEntry("http_status", 200L).containsEntry(Fields.CLIENT_IP, "192.0.2.10");
        assertThat(((Normalization.Rejected) rejected).reason()).startsWith("unrecognized record");
    }

    @Test
    void appRecordsAreLenientAboutTypesTheyMerelyMightHave() throws Exception {
        Normalization result = normalize("""
                {"time":"2023-06-15T09:00:01Z","status":"ok","client_ip":"not-an-ip"}""");

        CanonicalEvent event = ((Normalization.Accepted) result).events().get(0);
        assertThat(event.fields()).doesNotContainKeys("http_status", Fields.CLIENT_IP);
        assertThat(event.raw().path("status").asText()).isEqualTo("ok");
    }

    @Test
    void nonObjectIsRejected() throws Exception {
        assertThat(((Normalization.Rejected) normalize("[1,2]")).reason()).isEqualTo("expected a JSON object, got an array");
        assertThat(((Normalization.Rejected) normalize("\"x\"")).reason()).isEqualTo("expected a JSON object, got a string");
    }

    @Test
    void tokenObserverTurnsAnAppRecordIntoOneEventPerTokenAndSecretsAreScrubbed() throws Exception {
        String jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ.eyJpc3MiOiJodHRwczovL3N0cy53aW5kb3dzLm5ldC94LyJ9.c2lnbmF0dXJlc2lnbmF0dXJlc2ln";
        TokenObserver observer = (record, seenAt) -> List.of(
                Map.of(Fields.TOKEN_FINGERPRINT, "f1", Fields.TOKEN_KID, "test"),
                Map.of(Fields.TOKEN_FINGERPRINT, "f2", Fields.TOKEN_KID, "other"));
        Normalizer withTokens = new Normalizer(FieldCatalog.standard(), observer);

        Normalization result = withTokens.normalize(Json.MAPPER.readTree("""
                {"@timestamp":"2023-06-15T09:00:01Z","request_id":"r-1","headers":{"Authorization":"Bearer %s"},
                 "query":"access_token=%s","client_secret":"s3cr3t-value"}""".formatted(jwt, jwt)), new SourceRef("proxy", 4));

        List<CanonicalEvent> events = ((Normalization.Accepted) result).events();
        assertThat(events).extracting(CanonicalEvent::kind).containsOnly(SourceKind.TOKEN);
        assertThat(events).extracting(CanonicalEvent::id).containsExactly("r-1:f1", "r-1:f2");
        String raw = events.get(0).raw().toString();
        assertThat(raw).doesNotContain(jwt).doesNotContain("c2lnbmF0dXJlc2lnbmF0dXJlc2ln").doesNotContain("s3cr3t-value");
        assertThat(events.get(0).raw().path("headers").path("Authorization").asText()).startsWith("Bearer [REDACTED sha256:");
        assertThat(events.get(0).raw().path("query").asText()).startsWith("access_token=[REDACTED-JWT sha256:");
    }
    @Test
    void aPartialRecordIsAskedForWholeWhenTheAnswerNeedsAllOfIt() throws Exception {
        Normalizer lean = Normalizer.lean(FieldCatalog.standard(), TokenObserver.NONE);
        SourceRef at = new SourceRef("inline", 1);
        String audit = "{\"CreationTime\":\"2023-06-01T10:00:00\",\"Operation\":\"Send\",\"RecordType\":2";

        // an app record (its tokens may be anywhere), a record without an id (hashed whole), one to reject (quarantined whole)
        assertThat(lean.normalize(Json.MAPPER.readTree("{\"@timestamp\":\"2023-06-01T10:00:00Z\",\"url\":\"/x\"}"), at, true)).isNull();
        assertThat(lean.normalize(Json.MAPPER.readTree(audit + "}"), at, true)).isNull();
        assertThat(lean.normalize(Json.MAPPER.readTree(audit.replace("2023-06-01T10:00:00", "soon") + ",\"Id\":\"x\"}"), at, true)).isNull();
        assertThat(lean.normalize(Json.MAPPER.readTree(audit + ",\"Id\":\"x\"}"), at, true))
                .isEqualTo(lean.normalize(Json.MAPPER.readTree(audit + ",\"Id\":\"x\"}"), at));
        // a normalizer keeping the raw bag reads whole records only
        assertThat(normalizer.membersRead()).isNull();
        assertThat(lean.membersRead()).isNotNull();
    }
}
