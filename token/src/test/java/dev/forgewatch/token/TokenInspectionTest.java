package dev.forgewatch.token;

import static dev.forgewatch.token.testing.TestTokens.ISSUED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalization;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.secret.Fingerprints;
import dev.forgewatch.token.extract.AccessLogParser;
import dev.forgewatch.token.extract.ExtractionSettings;
import dev.forgewatch.token.extract.TokenExtractor;
import dev.forgewatch.token.parse.TokenParser;
import dev.forgewatch.token.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenInspectionTest {
    private static final String TOKEN = TestTokens.token().build();
    private static final String FORGED = TestTokens.token().signedBy(TestTokens.STOLEN_KEY).build();

    private static TokenInspection inspection(int cacheSize) {
        return new TokenInspection(new TokenExtractor(ExtractionSettings.DEFAULT), new TokenParser(), TestTokens.inspector(), cacheSize);
    }

    private static List<CanonicalEvent> normalize(TokenInspection inspection, JsonNode record) {
        Normalization result = new Normalizer(FieldCatalog.standard(), inspection).normalize(record, new SourceRef("app.ndjson", 3));
        assertThat(result).isInstanceOf(Normalization.Accepted.class);
        return ((Normalization.Accepted) result).events();
    }

    @Test
    void anAppRecordWithABearerTokenBecomesATokenEventWithItsFindings() throws Exception {
        JsonNode record = Json.MAPPER.readTree("{\"@timestamp\":\"2023-06-01T10:05:00Z\",\"client_ip\":\"203.0.113.24\","
                + "\"method\":\"GET\",\"path\":\"/owa/service.svc\",\"status\":200,\"user_agent\":\"Client=REST;Client=RESTSystem;;\","
                + "\"headers\":{\"Authorization\":\"Bearer " + FORGED + "\"}}");

        List<CanonicalEvent> events = normalize(inspection(16), record);

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(SourceKind.TOKEN);
            assertThat(event.list(Fields.TOKEN_FINDINGS)).containsExactlyInAnyOrder("compromised-key", "cross-scope-key");
            assertThat(event.text(Fields.TOKEN_FINGERPRINT)).isEqualTo(Fingerprints.sha256Hex(FORGED));
            assertThat(event.text(Fields.TOKEN_KEY_SCOPE)).isEqualTo("consumers");
            assertThat(event.clientIp()).isEqualTo("203.0.113.24");
            assertThat(event.text(Fields.USER_AGENT)).isEqualTo("Client=REST;Client=RESTSystem;;");
            assertThat(event.raw().toString()).doesNotContain(FORGED).contains("Bearer [REDACTED sha256:");
        });
    }

    /** Issue 16: a gateway-log token joins the mail it read by Entra's token id, not only by address. */
    @Test
    void aGatewayTokenJoinsTheMailItReadByTokenIdAndSession() throws Exception {
        String uti = "Zm9yZ2VkLXRva2VuLWlkAA";
        String sid = "00b7c3d1-5e2a-4f68-9b0c-3d7e1a9f2c45";
        String forged = TestTokens.token().signedBy(TestTokens.STOLEN_KEY).claim("uti", uti).claim("sid", sid).build();
        JsonNode gateway = Json.MAPPER.readTree("{\"@timestamp\":\"2023-06-01T10:05:00Z\",\"client_ip\":\"198.51.100.9\","
                + "\"method\":\"POST\",\"path\":\"/owa/service.svc\",\"status\":200,"
                + "\"headers\":{\"Authorization\":\"Bearer " + forged + "\"}}");
        JsonNode mail = Json.MAPPER.readTree("{\"CreationTime\":\"2023-06-01T10:05:02\",\"Id\":\"0c9d7e61-1f2a-4b3c-8d4e-5f6a7b8c9d0e\","
                + "\"Operation\":\"MailItemsAccessed\",\"RecordType\":50,\"Workload\":\"Exchange\",\"ResultStatus\":\"Succeeded\","
                + "\"UserId\":\"alex.wilber@fabrikam.example\",\"MailboxOwnerUPN\":\"alex.wilber@fabrikam.example\","
                + "\"ClientIPAddress\":\"198.51.100.9\",\"OperationProperties\":[{\"Name\":\"MailAccessType\",\"Value\":\"Bind\"}],"
                + "\"AppAccessContext\":{\"AADSessionId\":\"" + sid + "\",\"IssuedAtTime\":\"2023-06-01T10:00:00\","
                + "\"UniqueTokenId\":\"" + uti + "\"}}");

        CanonicalEvent token = normalize(inspection(16), gateway).get(0);
        CanonicalEvent access = normalize(inspection(16), mail).get(0);

        assertThat(token.kind()).isEqualTo(SourceKind.TOKEN);
        assertThat(token.list(Fields.TOKEN_FINDINGS)).contains("compromised-key");
        assertThat(access.kind()).isEqualTo(SourceKind.AUDIT);
        assertThat(token.text(Fields.UNIQUE_TOKEN_ID)).isEqualTo(access.text(Fields.UNIQUE_TOKEN_ID)).isEqualTo(uti);
        assertThat(token.text(Fields.SESSION_ID)).isEqualTo(access.text(Fields.SESSION_ID)).isEqualTo(sid);
        assertThat(token.toString() + token.raw()).doesNotContain(forged);
    }

    @Test
    void eachDistinctTokenOfARecordIsItsOwnEventAndRecordsWithoutTokensStayAppEvents() throws Exception {
        JsonNode two = Json.MAPPER.readTree("{\"@timestamp\":\"2023-06-01T10:05:00Z\",\"id\":\"r-1\",\"authorization\":\"Bearer " + TOKEN
                + "\",\"url\":\"/x?access_token=" + FORGED + "\"}");
        JsonNode none = Json.MAPPER.readTree("{\"@timestamp\":\"2023-06-01T10:05:00Z\",\"path\":\"/health\"}");

        List<CanonicalEvent> events = normalize(inspection(16), two);

        assertThat(events).extracting(CanonicalEvent::id)
                .containsExactly("r-1:" + Fingerprints.sha256Hex(TOKEN), "r-1:" + Fingerprints.sha256Hex(FORGED));
        assertThat(events.get(0).fields()).doesNotContainKey(Fields.TOKEN_FINDINGS);
        assertThat(normalize(inspection(16), none)).singleElement().extracting(CanonicalEvent::kind).isEqualTo(SourceKind.APP);
    }

    @Test
    void aRepeatedTokenIsInspectedOnceButJudgedAtEverySighting() throws Exception {
        TokenInspection inspection = inspection(16);
        JsonNode record = Json.MAPPER.readTree("{\"authorization\":\"Bearer " + TOKEN + "\"}");
        Instant seen = ISSUED.plus(Duration.ofMinutes(5));

        Map<String, Object> first = inspection.observe(record, seen).get(0);
        Map<String, Object> again = inspection.observe(record.deepCopy(), seen.plusSeconds(60)).get(0);
        Map<String, Object> muchLater = inspection.observe(record, seen.plus(Duration.ofHours(5))).get(0);

        assertThat(again).isSameAs(first);
        assertThat(muchLater.get(Fields.TOKEN_FINDINGS)).isEqualTo(List.of("expired-when-seen"));
        assertThat(first).doesNotContainKey(Fields.TOKEN_FINDINGS);
    }

    @Test
    void theCacheForgetsTheLeastRecentlyUsedToken() throws Exception {
        TokenInspection inspection = inspection(2);
        Instant seen = ISSUED.plus(Duration.ofMinutes(5));
        JsonNode a = Json.MAPPER.readTree("{\"token\":\"" + TOKEN + "\"}");
        JsonNode b = Json.MAPPER.readTree("{\"token\":\"" + FORGED + "\"}");
        JsonNode c = Json.MAPPER.readTree("{\"token\":\"" + TestTokens.token().claim("n", 3).build() + "\"}");

        Map<String, Object> firstA = inspection.observe(a, seen).get(0);
        inspection.observe(b, seen);
        assertThat(inspection.observe(a, seen).get(0)).isSameAs(firstA);
        inspection.observe(c, seen);
        inspection.observe(b, seen);

        assertThat(inspection.observe(a, seen).get(0)).isNotSameAs(firstA).isEqualTo(firstA);
    }

    @Test
    void accessLogLinesThroughTheLineParserAndTheNormalizer() {
        JsonNode line = new AccessLogParser().parse("203.0.113.24 - - [01/Jun/2023:10:05:00 +0000] \"GET /mail?access_token=" + TOKEN
                + " HTTP/1.1\" 200 512 \"-\" \"python-requests/2.31\"");

        CanonicalEvent event = normalize(inspection(16), line).get(0);

        assertThat(event.kind()).isEqualTo(SourceKind.TOKEN);
        assertThat(event.text(Fields.TOKEN_FINGERPRINT)).isEqualTo(Fingerprints.sha256Hex(TOKEN));
        assertThat(event.text("http_method")).isEqualTo("GET");
        assertThat(event.number("http_status")).isEqualTo(200L);
        assertThat(event.text("url_path")).startsWith("/mail?access_token=[REDACTED sha256:");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2023-06-01T10:05:00Z"));
        assertThat(event.toString() + event.raw()).doesNotContain(TOKEN);
    }

    @Test
    void theStandardConfigurationUsesTheShippedLedger() {
        TokenInspection standard = TokenInspection.standard();

        assertThat(standard.ledger().find("1LTMzakihiRla_8z2BEJVXeWMqo", null)).isPresent();
        assertThat(standard.inspect(TOKEN, ISSUED).findingIds()).isEmpty();
    }
}
