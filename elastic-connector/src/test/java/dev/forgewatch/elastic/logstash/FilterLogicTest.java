package dev.forgewatch.elastic.logstash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import dev.forgewatch.common.testing.TestRecords;
import dev.forgewatch.hunt.Intake;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The Logstash filter's logic, without Logstash. */
class FilterLogicTest {
    private static final FieldCatalog CATALOG = FieldCatalog.standard();
    private final FilterLogic logic = new FilterLogic(() -> new Normalizer(CATALOG, TokenObserver.NONE), new EcsMapper(CATALOG), "default");

    @Test
    void aRawAuditRecordInMessageBecomesTheEcsDocumentTheJavaPathMakes() throws Exception {
        String message = TestRecords.json("mailitemsaccessed-bind.json").toString();
        List<FilterLogic.Output> outputs = logic.apply(message, "pipeline main");
        assertThat(outputs).hasSize(1);
        FilterLogic.Output output = outputs.get(0);
        assertThat(output.error()).isFalse();
        assertThat(output.id()).isEqualTo("5a2d6f9e-8c1b-4c6a-9a47-0d3e2b7f1c11");
        assertThat(output.dataStream()).isEqualTo("logs-forgewatch.audit-default");
        assertThat((JsonNode) Json.MAPPER.valueToTree(output.document()))
                .isEqualTo((JsonNode) Json.MAPPER.valueToTree(new EcsMapper(CATALOG).toDocument(TestRecords.event("mailitemsaccessed-bind.json"))));
    }

    @Test
    void anAlreadyParsedObjectWorksToo() {
        Map<?, ?> record = Json.MAPPER.convertValue(TestRecords.json("user-logged-in.json"), Map.class);
        assertThat(logic.apply(record, "p").get(0).dataStream()).isEqualTo("logs-forgewatch.audit-default");
    }

    @Test
    void bearerTokensAreInspectedAndNeverEmitted() {
        String jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3Qta2V5In0.eyJpc3MiOiJodHRwczovL3N0cy53aW5kb3dzLm5ldC8xMjMvIiwidGlkIjoiMTIzIn0.c2ln";
        FilterLogic inspecting = FilterLogic.standard("default");
        List<FilterLogic.Output> outputs = inspecting.apply("{\"@timestamp\":\"2023-05-24T02:00:00Z\",\"id\":\"r1\","
                + "\"url.path\":\"/owa/service.svc\",\"Authorization\":\"Bearer " + jwt + "\"}", "p");
        assertThat(outputs).hasSize(1);
        FilterLogic.Output output = outputs.get(0);
        assertThat(output.dataStream()).isEqualTo("logs-forgewatch.token-default");
        String document = output.document().toString();
        assertThat(document).doesNotContain(jwt).contains("fingerprint").contains("test-key");
    }

    /** Issue 16: the filter carries the linkable identifiers of Graph activity logs into ECS like the Java path. */
    @Test
    @SuppressWarnings("unchecked")
    void graphActivityRecordsGoToTheirOwnDataStreamWithTheirTokenIds() throws Exception {
        JsonNode record = TestRecords.json("provenance/graph-activity-export.json").get("records").get(0);
        FilterLogic.Output output = logic.apply(record.toString(), "p").get(0);

        assertThat(output.error()).isFalse();
        assertThat(output.id()).isEqualTo("c81f5e27-4a9d-4b36-9e02-7d1c8b5a3f64");
        assertThat(output.dataStream()).isEqualTo("logs-forgewatch.graph_activity-default");
        Map<String, Object> token = (Map<String, Object>) output.document().get("token");
        assertThat(token).containsEntry("unique_id", "T4wPq7Xz1kGm3Rb8Vn2yAA").containsEntry("issued_at", "2025-09-16T09:12:44Z");
        assertThat((JsonNode) Json.MAPPER.valueToTree(output.document())).isEqualTo((JsonNode) Json.MAPPER.valueToTree(
                new EcsMapper(CATALOG).toDocument(TestRecords.event(record.deepCopy()))));
    }

    @Test
    void badInputBecomesAnErrorDocumentWithoutTheSecret() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";
        FilterLogic.Output notJson = logic.apply("{\"token\": \"" + jwt + "\" oops", "p").get(0);
        assertThat(notJson.error()).isTrue();
        assertThat(notJson.id()).isNull();
        assertThat(notJson.document().toString()).doesNotContain(jwt).contains("pipeline_error");

        FilterLogic.Output rejected = logic.apply("{\"CreationTime\":\"yesterday\",\"Operation\":\"Send\",\"RecordType\":2}", "p").get(0);
        assertThat(rejected.error()).isTrue();
        assertThat(rejected.document().toString()).contains("field CreationTime (timestamp): expected a timestamp");
    }

    /**
     * Logstash runs one filter instance on every pipeline worker at once, and a normalizer is not
     * thread-safe: each worker gets a normalizer of its own, and a day of the sample's Exchange audit,
     * filtered by four threads together, gives each record the documents one thread alone gives.
     */
    @Test
    void workersFilteringAtOnceGetWhatOneWorkerGets() throws Exception {
        List<String> records = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(
                Path.of("..", "samples", "data", "management-api", "Audit.Exchange", "2023-05-24.json.gz")))) {
            Json.MAPPER.readTree(in).forEach(record -> records.add(record.toString()));
        }
        assertThat(records).hasSizeGreaterThan(500);
        List<String> alone = filterAll(FilterLogic.standard("default"), records);

        AtomicInteger made = new AtomicInteger();
        FilterLogic shared = new FilterLogic(() -> {
            made.incrementAndGet();
            return Intake.standard().normalizer();
        }, new EcsMapper(CATALOG), "default");
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int worker = 0; worker < 4; worker++) {
                results.add(workers.submit(() -> filterAll(shared, records)));
            }
            for (Future<List<String>> result : results) {
                assertThat(result.get()).isEqualTo(alone);
            }
        } finally {
            workers.shutdownNow();
        }
        assertThat(made).hasValue(4);
    }

    private static List<String> filterAll(FilterLogic logic, List<String> records) {
        List<String> documents = new ArrayList<>();
        for (String record : records) {
            for (FilterLogic.Output output : logic.apply(record, "pipeline main")) {
                documents.add(output.id() + " " + output.dataStream() + " " + Json.MAPPER.valueToTree(output.document()));
            }
        }
        return documents;
    }
}
