package dev.forgewatch.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalization;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import dev.forgewatch.elastic.assets.IngestPipeline;
import dev.forgewatch.elastic.testing.EsNode;
import dev.forgewatch.elastic.testing.EsNodeExtension;
import dev.forgewatch.elastic.testing.RawRecords;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest pipeline and the Java normalizer agree: every record goes through
 * {@code _ingest/pipeline/_simulate} on the real node and through {@code EcsMapper.toDocument(normalize(record))},
 * and the documents must be identical (and {@code _id} must be the event id). A record the normalizer
 * rejects must come out as {@code event.kind: pipeline_error} with the same reason.
 */
@ExtendWith(EsNodeExtension.class)
class IngestPipelineDifferentialTest {
    private static final int BATCH = 500;
    /** Its own id, so the installer tests own the real one. */
    private static final String PIPELINE = IngestPipeline.NAME + "-differential";
    private static final FieldCatalog CATALOG = FieldCatalog.standard();

    @BeforeAll
    static void installPipeline(EsNode node) throws Exception {
        node.request("PUT", "/_ingest/pipeline/" + PIPELINE,
                Json.MAPPER.writeValueAsString(IngestPipeline.definition(CATALOG)));
    }

    @Test
    void everySampleTenantRecordGivesTheSameDocument(EsNode node) throws Exception {
        List<RawRecords.Named> records = RawRecords.samples();
        assertThat(records).hasSizeGreaterThan(30_000);
        Outcome outcome = compare(node, records);
        assertThat(outcome.mismatches).isEmpty();
        // the sample's damaged/ folder holds a record the normalizer rejects, on purpose
        assertThat(outcome.accepted + outcome.rejected).isEqualTo(records.size());
        assertThat(outcome.accepted).isGreaterThan(30_000);
    }

    @Test
    void fixturesAndEdgeCasesGiveTheSameDocumentOrTheSameRejection(EsNode node, @TempDir Path scratch) throws Exception {
        List<RawRecords.Named> records = RawRecords.fixtures(scratch);
        Outcome outcome = compare(node, records);
        assertThat(outcome.mismatches).isEmpty();
        assertThat(outcome.rejected).as("edge cases include rejected records").isGreaterThanOrEqualTo(3);
        // and secrets of every kind the normalizer redacts, so the port's redaction is exercised
        String all = records.toString();
        assertThat(all).contains("eyJhbGciOi").containsIgnoringCase("client_secret=").contains("Authorization");
        assertThat(outcome.accepted).isGreaterThan(15);
    }

    private record Outcome(List<String> mismatches, int accepted, int rejected) {
    }

    private static Outcome compare(EsNode node, List<RawRecords.Named> records) throws Exception {
        Normalizer normalizer = new Normalizer(CATALOG, TokenObserver.NONE);
        EcsMapper mapper = new EcsMapper(CATALOG);
        List<String> mismatches = new ArrayList<>();
        int accepted = 0;
        int rejected = 0;
        for (int start = 0; start < records.size(); start += BATCH) {
            List<RawRecords.Named> batch = records.subList(start, Math.min(records.size(), start + BATCH));
            ObjectNode body = Json.MAPPER.createObjectNode();
            ArrayNode docs = body.putArray("docs");
            batch.forEach(r -> docs.addObject().set("_source", r.record().deepCopy()));
            JsonNode response = Json.MAPPER.readTree(node.request("POST",
                    "/_ingest/pipeline/" + PIPELINE + "/_simulate", Json.MAPPER.writeValueAsString(body)));
            for (int i = 0; i < batch.size(); i++) {
                RawRecords.Named named = batch.get(i);
                JsonNode simulated = response.path("docs").get(i);
                JsonNode source = simulated.path("doc").path("_source");
                Normalization result = normalizer.normalize(named.record().deepCopy(), new SourceRef(named.origin(), 0));
                if (result instanceof Normalization.Rejected rejection) {
                    rejected++;
                    if (!source.path("event").path("kind").asText().equals("pipeline_error")
                            || !source.path("error").path("message").asText().equals(rejection.reason())) {
                        mismatches.add(named.origin() + ": Java rejects (" + rejection.reason() + "), pipeline gave " + simulated);
                    }
                    continue;
                }
                accepted++;
                CanonicalEvent event = ((Normalization.Accepted) result).events().get(0);
                // through JSON text, so both sides have the same number node types
                JsonNode expected = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(mapper.toDocument(event)));
                if (!expected.equals(source)) {
                    mismatches.add(named.origin() + ":\n  java:     " + expected + "\n  pipeline: " + simulated);
                } else if (!event.id().equals(simulated.path("doc").path("_id").asText())) {
                    mismatches.add(named.origin() + ": _id " + simulated.path("doc").path("_id") + " != " + event.id());
                }
                if (mismatches.size() > 5) {
                    return new Outcome(mismatches, accepted, rejected);
                }
            }
        }
        return new Outcome(mismatches, accepted, rejected);
    }
}
