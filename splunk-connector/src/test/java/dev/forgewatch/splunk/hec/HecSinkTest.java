package dev.forgewatch.splunk.hec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.delivery.Checkpoint;
import dev.forgewatch.common.delivery.ShipReport;
import dev.forgewatch.common.delivery.ShipRun;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.http.HttpTransport;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.CimMapper;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import dev.forgewatch.common.quarantine.QuarantineRecord;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.common.secret.Secret;
import dev.forgewatch.common.testing.TestRecords;
import dev.forgewatch.common.tls.TlsOptions;
import dev.forgewatch.splunk.app.ContentSources;
import dev.forgewatch.splunk.app.HecFields;
import dev.forgewatch.splunk.app.PropsGenerator;
import dev.forgewatch.splunk.app.Sourcetype;
import dev.forgewatch.splunk.http.SplunkHttp;
import dev.forgewatch.splunk.testing.FakeHec;
import dev.forgewatch.splunk.testing.PropsEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exported logs in, HEC events out: the shapes the app's props.conf expects, secrets never shipped. */
class HecSinkTest {
    private static final FieldCatalog CATALOG = FieldCatalog.standard();
    /** Assembled at run time: a JWT-shaped bearer value, so no token-like literal sits in the sources. */
    private static final String BEARER = "eyJ" + "hbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ" + ".eyJ" + "zdWIiOiJ0ZXN0In0.c2ln";
    private static final TokenObserver TOKENS = (record, seenAt) -> record.has("authorization")
            ? List.of(Map.of("token_fingerprint", "f00d", "token_kid", "1LTMzakihiRla_8z2BEJVXeWMqo")) : List.of();

    @Test
    void shipsVendorRecordsTokenDocumentsAndFindingsAndQuarantinesTheRest(@TempDir Path dir) throws Exception {
        JsonNode audit = TestRecords.json("mailitemsaccessed-bind.json");
        JsonNode monitor = TestRecords.json("monitor-signins.json").get("records").get(0);
        Path input = dir.resolve("export.ndjson");
        Files.writeString(input, String.join("\n", audit.toString(), monitor.toString(),
                "{\"@timestamp\":\"2023-06-12T14:05:00Z\",\"client_ip\":\"203.0.113.9\",\"authorization\":\"Bearer " + BEARER + "\"}",
                "{\"@timestamp\":\"2023-06-12T14:06:00Z\",\"path\":\"/health\"}",
                "{\"broken\": ") + "\n");
        Path findings = dir.resolve("findings.ndjson");
        Files.writeString(findings, "{\"@timestamp\":\"2023-06-12T14:03:27Z\",\"rule\":{\"id\":\"r1\",\"name\":\"Rule\"},"
                + "\"event\":{\"ids\":[\"a\"]},\"message\":\"m\"}\nnot json\n");
        List<QuarantineRecord> quarantined = new ArrayList<>();

        try (FakeHec hec = FakeHec.start("tok", true)) {
            HttpTransport http = SplunkHttp.transport(TlsOptions.VERIFY, Duration.ofSeconds(5), Duration.ofSeconds(10));
            HecShipper shipper = new HecShipper(new HecClient(http, hec.url(), Secret.of("tok"), "0b7c5e1a-3f2d-4c8e-9a6b-1d2e3f4a5b6c"), HecSettings.defaults(),
                    duration -> { });
            QuarantineSink quarantine = QuarantineSink.into(quarantined);
            HecEvents events = new HecEvents(new EcsMapper(CATALOG));
            HecSink sink = new HecSink(shipper, events, "collector-1", "m365");
            ShipRun.Result result = new ShipRun(new InputOpener(IngestLimits.DEFAULT, LineParser.NONE),
                    new Normalizer(CATALOG, TOKENS), quarantine, sink, Checkpoint.none()).ship(List.of(input));
            ShipReport records = sink.report();
            HecSink.Findings findingCounts = new HecSink(shipper, events, null, null).shipFindings(findings, quarantine);
            ShipReport report = shipper.finish();

            // records read, events shipped, events not shipped, records quarantined, files skipped
            assertThat(List.of(result.read().recordsRead(), records.sent(), records.notShipped(), result.read().quarantined(),
                    (long) result.filesSkipped())).containsExactly(5L, 3L, 1L, 1L, 0L);
            assertThat(findingCounts).isEqualTo(new HecSink.Findings(2, 1));
            assertThat(report.confirmed()).isEqualTo(4);
            assertThat(quarantined).hasSize(2);
            List<JsonNode> indexed = hec.indexed();
            assertThat(indexed).extracting(e -> e.path("sourcetype").asText()).containsExactly(Sourcetype.AUDIT.name(),
                    Sourcetype.SIGNIN.name(), Sourcetype.TOKEN.name(), Sourcetype.FINDING.name());

            JsonNode shippedAudit = indexed.get(0);
            assertThat(shippedAudit.path("event")).isEqualTo(audit);
            assertThat(shippedAudit.path("fields").path(HecFields.EVENT_ID).asText()).isEqualTo(audit.path("Id").asText());
            assertThat(shippedAudit.path("index").asText()).isEqualTo("m365");
            assertThat(shippedAudit.path("host").asText()).isEqualTo("collector-1");
            assertThat(shippedAudit.path("source").asText()).isEqualTo("export.ndjson");

            JsonNode signin = indexed.get(1).path("event");
            assertThat(signin.path("userPrincipalName").asText()).isEqualTo("alex.wilber@fabrikam.example");
            assertThat(signin.path("azureMonitor").path("category").asText()).isEqualTo("NonInteractiveUserSignInLogs");
            assertThat(signin.has("properties")).isFalse();

            JsonNode token = indexed.get(2).path("event");
            assertThat(token.path("token").path("kid").asText()).isEqualTo("1LTMzakihiRla_8z2BEJVXeWMqo");
            assertThat(indexed.toString()).doesNotContain(BEARER).doesNotContain(BEARER.substring(0, 30));

            assertThat(indexed.get(3).path("fields").path(HecFields.EVENT_ID).asText()).startsWith("finding-");
        }
    }

    /** The unwrapped Monitor sign-in reads, through the app's props.conf, as the normalizer reads the original. */
    @Test
    void aMonitorSignInShipsInTheShapeThePropsMap() throws Exception {
        JsonNode monitor = TestRecords.json("monitor-signins.json").get("records").get(0);
        CanonicalEvent event = TestRecords.event(monitor.deepCopy());
        HecEvent shipped = new HecEvents(new EcsMapper(CATALOG)).of(event, monitor, "x").orElseThrow();

        Map<String, Object> splunk = PropsEmulator.apply(
                new PropsGenerator(CATALOG, ContentSources.standard().detections().ipIocs()).generate().stanza(Sourcetype.SIGNIN.name()).orElseThrow(), shipped.event());

        new CimMapper(CATALOG).toCim(event).forEach((field, value) -> {
            if (!List.of("_time", "eventtype", "tag").contains(field)) {
                assertThat(splunk.get(field)).as(field).isEqualTo(value.toString());
            }
        });
        assertThat(Json.MAPPER.writeValueAsString(shipped.event())).doesNotContain("\"properties\"");
    }
}
