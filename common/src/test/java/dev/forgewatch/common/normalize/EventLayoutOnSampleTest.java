package dev.forgewatch.common.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.FieldLayout;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.mapping.FieldDefinition;
import dev.forgewatch.common.pipeline.EventReader;
import dev.forgewatch.common.pipeline.InputFiles;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.pipeline.RunStats;
import dev.forgewatch.common.quarantine.QuarantineSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The normalizer builds events on a layout per source kind (each field's position fixed once from
 * fields.yaml). The layouts are the catalog's fields of each kind in the catalog's order, and on the
 * whole sample tenant every event equals the one built field by field, in the same order.
 */
class EventLayoutOnSampleTest {
    private static final Path SAMPLE = Path.of("..", "samples", "data");
    private static final FieldCatalog CATALOG = FieldCatalog.standard();

    @Test
    void eachKindsLayoutIsItsFieldsInTheOrderOfFieldsYaml() {
        Normalizer normalizer = Normalizer.lean(CATALOG, TokenObserver.NONE);
        for (SourceKind kind : List.of(SourceKind.AUDIT, SourceKind.SIGNIN, SourceKind.APP, SourceKind.GRAPH_ACTIVITY)) {
            List<String> expected = new ArrayList<>();
            for (FieldDefinition field : CATALOG.fields()) {
                if (field.source(kind.shortName()) != null && !field.name().equals(Fields.TIMESTAMP) && !field.name().equals(Fields.EVENT_ID)) {
                    expected.add(field.name());
                }
            }
            FieldLayout layout = normalizer.layout(kind);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < layout.size(); i++) {
                names.add(layout.name(i));
                assertThat(layout.position(layout.name(i))).isEqualTo(i);
            }
            assertThat(names).as(kind.shortName()).isNotEmpty().containsExactlyElementsOf(expected);
        }
    }

    @Test
    void sampleEventsEqualEventsBuiltFieldByFieldInCatalogOrder() throws IOException {
        for (Normalizer normalizer : List.of(Normalizer.lean(CATALOG, TokenObserver.NONE), new Normalizer(CATALOG, TokenObserver.NONE))) {
            List<CanonicalEvent> events = new ArrayList<>();
            new EventReader(new InputOpener(IngestLimits.DEFAULT, LineParser.NONE), normalizer, QuarantineSink.into(new ArrayList<>()),
                    new RunStats(), ProgressListener.NONE).read(InputFiles.expand(List.of(SAMPLE)), events::add);
            assertThat(events).hasSizeGreaterThan(40_000);

            Map<SourceKind, Integer> kinds = new EnumMap<>(SourceKind.class);
            List<String> catalogOrder = new ArrayList<>();
            CATALOG.fields().forEach(field -> catalogOrder.add(field.name()));
            for (CanonicalEvent event : events) {
                kinds.merge(event.kind(), 1, Integer::sum);
                CanonicalEvent.Builder builder = CanonicalEvent.builder().id(event.id()).timestamp(event.timestamp())
                        .kind(event.kind()).origin(event.origin()).raw(event.raw().deepCopy());
                for (String name : catalogOrder) { // the order events were built in before layouts
                    Object value = event.fields().get(name);
                    if (value != null) {
                        builder.field(name, value);
                    }
                }
                CanonicalEvent byName = builder.build();
                assertThat(event).isEqualTo(byName).hasSameHashCodeAs(byName).hasToString(byName.toString());
                assertThat(new ArrayList<>(event.fields().keySet())).containsExactlyElementsOf(byName.fields().keySet());
                assertThat(event.fields()).hasSize(byName.fields().size());
            }
            assertThat(kinds.keySet()).contains(SourceKind.AUDIT, SourceKind.SIGNIN, SourceKind.APP); // the sample holds no Graph activity log
        }
    }
}
