package dev.forgewatch.common.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.pipeline.EventReader;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.pipeline.RunStats;
import dev.forgewatch.common.quarantine.QuarantineSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lean normalizer stops remembering and sharing the values of a field that are new in nearly every
 * record (session ids, message ids here) and keeps sharing those that repeat (operations, users); once
 * a field's values repeat again it shares them again. The events are those of the full normalizer
 * either way: only which of two equal strings an event holds may differ.
 */
class ValueSharingTest {
    private static final FieldCatalog CATALOG = FieldCatalog.standard();
    /** More records than the windows and the span of values made without sharing, with room to spare. */
    private static final int UNIQUE_RECORDS = 3 * Normalizer.SHARING_WINDOW;
    private static final int REPEATING_RECORDS = Normalizer.SHARING_SKIP + 3 * Normalizer.SHARING_WINDOW;

    @TempDir
    Path dir;

    /** Mail item access records of the test fixture: users and folders repeat, session and message ids are new per record unless {@code sessions} is set. */
    private Path records(String name, int count, int first, int sessions) throws IOException {
        ObjectNode template = (ObjectNode) Json.MAPPER.readTree(
                ValueSharingTest.class.getResourceAsStream("/records/mailitemsaccessed-bind.json"));
        Path file = dir.resolve(name);
        Instant start = Instant.parse("2023-06-12T14:03:27Z");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = first; i < first + count; i++) {
                ObjectNode record = template.deepCopy();
                record.put("Id", String.format("5a2d6f9e-8c1b-4c6a-9a47-%012d", i));
                record.put("CreationTime", start.plusSeconds(i).toString().replace("Z", ""));
                record.put("UserId", "user" + (i % 23) + "@fabrikam.example");
                int session = sessions > 0 ? i % sessions : i;
                record.put("SessionId", String.format("0d8c6a2b-3e4f-4a5b-9c6d-%012d", session));
                ArrayNode items = (ArrayNode) record.get("Folders").get(0).get("FolderItems");
                items.removeAll();
                items.addObject().put("InternetMessageId", "<AM6PR04MB" + i + "A@AM6PR04MB1234.eurprd04.prod.outlook.example>");
                items.addObject().put("InternetMessageId", "<AM6PR04MB" + i + "B@AM6PR04MB1234.eurprd04.prod.outlook.example>");
                out.write(Json.MAPPER.writeValueAsString(record));
                out.write('\n');
            }
        }
        return file;
    }

    private static List<CanonicalEvent> read(Normalizer normalizer, Path file) throws IOException {
        List<CanonicalEvent> events = new ArrayList<>();
        new EventReader(new InputOpener(IngestLimits.DEFAULT, LineParser.NONE), normalizer, QuarantineSink.into(new ArrayList<>()),
                new RunStats(), ProgressListener.NONE).read(List.of(file), events::add);
        return events;
    }

    private static List<String> described(List<CanonicalEvent> events) {
        return events.stream().map(e -> e.kind() + " " + e.id() + " " + e.timestamp() + " " + e.fields()).toList();
    }

    @Test
    void uniqueValuesAreNotSharedAndRepeatingOnesAre() throws IOException {
        Normalizer lean = Normalizer.lean(CATALOG, TokenObserver.NONE);
        Normalizer whole = new Normalizer(CATALOG, TokenObserver.NONE);

        Path unique = records("unique.ndjson", UNIQUE_RECORDS, 0, 0);
        List<CanonicalEvent> events = read(lean, unique);
        assertThat(described(events)).containsExactlyElementsOf(described(read(whole, unique)));
        assertThat(events).hasSize(UNIQUE_RECORDS);
        assertThat(events.get(UNIQUE_RECORDS - 1).text("session_id")).isEqualTo("0d8c6a2b-3e4f-4a5b-9c6d-%012d".formatted(UNIQUE_RECORDS - 1));
        assertThat(lean.sharesValues(SourceKind.AUDIT, "session_id")).isFalse();
        assertThat(lean.sharesValues(SourceKind.AUDIT, "internet_message_ids")).isFalse();
        assertThat(lean.sharesValues(SourceKind.AUDIT, "user_id")).isTrue();
        assertThat(lean.sharesValues(SourceKind.AUDIT, "operation")).isTrue();
        // repeating values are one string: the 23 users' events hold the same instance
        assertThat(events.get(UNIQUE_RECORDS - 1).userId()).isSameAs(events.get(UNIQUE_RECORDS - 1 - 23).userId());

        // the same sessions again and again: judged again after the span, and shared from then on
        Path repeating = records("repeating.ndjson", REPEATING_RECORDS, UNIQUE_RECORDS, 7);
        List<CanonicalEvent> later = read(lean, repeating);
        assertThat(described(later)).containsExactlyElementsOf(described(read(whole, repeating)));
        assertThat(lean.sharesValues(SourceKind.AUDIT, "session_id")).isTrue();
        assertThat(lean.sharesValues(SourceKind.AUDIT, "internet_message_ids")).isFalse();
        CanonicalEvent last = later.get(REPEATING_RECORDS - 1);
        assertThat(last.text("session_id")).isSameAs(later.get(REPEATING_RECORDS - 1 - 7).text("session_id"));
    }
}
