package dev.forgewatch.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.ingest.InputFormat;
import dev.forgewatch.common.quarantine.QuarantineRecord;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every shipped record goes through the real readers and normalizer; the damaged files fail exactly as planned. */
class SampleParsingTest {
    @Test
    void everyRecordOfTheSampleBecomesAnEvent() {
        List<Path> files = SampleReading.logFiles(SampleReading.SHIPPED);
        SampleReading.Result result = SampleReading.shipped();

        assertThat(result.quarantined()).isEmpty();
        assertThat(result.summary().events()).isEqualTo(result.summary().recordsRead()).isGreaterThan(25_000);
        assertThat(result.summary().eventsByKind()).containsOnlyKeys(SourceKind.AUDIT, SourceKind.SIGNIN, SourceKind.TOKEN);
        assertThat(result.summary().filesByFormat()).containsOnlyKeys(InputFormat.JSON_DOCUMENT, InputFormat.AUDIT_CSV,
                InputFormat.NDJSON, InputFormat.TEXT_LINES);
        assertThat(files).anyMatch(file -> file.toString().endsWith(".json.gz"))
                .anyMatch(file -> file.toString().endsWith(".json"))
                .anyMatch(file -> file.toString().endsWith(".csv.gz"))
                .anyMatch(file -> file.toString().endsWith(".ndjson.gz"))
                .anyMatch(file -> file.toString().endsWith(".log.gz"));
    }

    @Test
    void everySourceShapeIsInTheSample() {
        SampleReading.Result result = SampleReading.shipped();

        assertThat(result.events()).extracting(event -> event.text("record_type")).contains("50", "2", "3", "15");
        assertThat(result.events()).extracting(event -> event.operation()).contains("MailItemsAccessed", "MailboxLogin",
                "Send", "Update", "MoveToDeletedItems", "SoftDelete", "UserLoggedIn", "Sign-in activity");
        assertThat(result.events()).filteredOn(event -> event.kind() == SourceKind.SIGNIN)
                .extracting(event -> event.raw().has("azureMonitor")).contains(true, false);
    }

    @Test
    void damagedFilesAreQuarantinedExactlyAsExpected() {
        JsonNode damaged = SampleReading.expected(SampleReading.SHIPPED).path("damaged");
        int total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> files = damaged.fields(); files.hasNext(); ) {
            Map.Entry<String, JsonNode> file = files.next();
            SampleReading.Result result = SampleReading.read(List.of(SampleReading.SHIPPED.resolve(file.getKey())));
            JsonNode expected = file.getValue();

            assertThat(result.events()).as(file.getKey()).hasSize(expected.path("events").asInt());
            assertThat(result.quarantined()).as(file.getKey()).hasSize(expected.path("quarantined").asInt());
            List<String> reasons = result.quarantined().stream().map(QuarantineRecord::reason).toList();
            for (JsonNode reason : expected.path("reasonsContain")) {
                assertThat(reasons).as(file.getKey()).anyMatch(text -> text.contains(reason.asText()));
            }
            total += result.quarantined().size();
        }
        assertThat(total).isEqualTo(SampleReading.expected(SampleReading.SHIPPED).path("quarantinedTotal").asInt()).isEqualTo(4);
    }

    @Test
    void theUnknownRecordTypePassesThroughAsAnEvent() {
        SampleReading.Result result = SampleReading.read(List.of(SampleReading.SHIPPED.resolve("damaged/unknown-record-type.json")));

        assertThat(result.quarantined()).isEmpty();
        assertThat(result.events()).singleElement().satisfies(event -> {
            assertThat(event.number("record_type")).isEqualTo(999L);
            assertThat(event.operation()).isEqualTo("MailboxInsightsRefreshed");
        });
    }
}
