package dev.forgewatch.hunt.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.pipeline.EventReader;
import dev.forgewatch.common.pipeline.InputFiles;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.pipeline.RunStats;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.hunt.Intake;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The spill codec on the sample tenant's real events: what goes to disk comes back equal, field for field. */
class SpillFormatTest {
    private static final Path SAMPLE = Path.of("..", "samples", "data");

    private static List<CanonicalEvent> lean;

    /** The sample tenant through the hunt's lean normalizer, read once for the class. */
    private static synchronized List<CanonicalEvent> lean() throws IOException {
        if (lean == null) {
            lean = sample(Intake.standard().leanNormalizer());
        }
        return lean;
    }

    private static List<CanonicalEvent> sample(Normalizer normalizer) throws IOException {
        Intake intake = Intake.standard();
        List<CanonicalEvent> events = new ArrayList<>();
        new EventReader(intake.opener(), normalizer, QuarantineSink.DISCARD, new RunStats(), ProgressListener.NONE)
                .read(InputFiles.expand(List.of(SAMPLE)), events::add);
        return events;
    }

    private static byte[] write(List<CanonicalEvent> events) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (SpillFormat.Writer writer = new SpillFormat.Writer(bytes)) {
            for (CanonicalEvent event : events) {
                writer.write(event);
            }
        }
        return bytes.toByteArray();
    }

    private static List<CanonicalEvent> read(byte[] bytes) throws IOException {
        List<CanonicalEvent> events = new ArrayList<>();
        try (SpillFormat.Reader reader = new SpillFormat.Reader(new ByteArrayInputStream(bytes))) {
            CanonicalEvent event;
            while ((event = reader.read()) != null) {
                events.add(event);
            }
        }
        return events;
    }

    @Test
    void taggedEventsComeBackWithTheirTags() throws IOException {
        List<CanonicalEvent> events = lean().subList(0, 5_000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (SpillFormat.Writer writer = new SpillFormat.Writer(bytes)) {
            for (int i = 0; i < events.size(); i++) {
                writer.write(events.get(i), i % 3 == 0 ? i * 100_003L : i / 7);
            }
        }
        List<CanonicalEvent> back = new ArrayList<>();
        try (SpillFormat.Reader reader = new SpillFormat.Reader(new ByteArrayInputStream(bytes.toByteArray()))) {
            CanonicalEvent event;
            while ((event = reader.readTagged()) != null) {
                int i = back.size();
                assertThat(reader.tag()).isEqualTo(i % 3 == 0 ? i * 100_003L : i / 7);
                back.add(event);
            }
        }
        assertThat(back).isEqualTo(events);
    }

    @Test
    void theSampleTenantsEventsComeBackEqualWithAndWithoutRawBags() throws IOException {
        for (List<CanonicalEvent> events : List.of(lean(), sample(Intake.standard().normalizer()))) {
            assertThat(events).hasSizeGreaterThan(10_000);
            assertThat(events).extracting(CanonicalEvent::kind).contains(SourceKind.AUDIT, SourceKind.SIGNIN, SourceKind.TOKEN);

            List<CanonicalEvent> back = read(write(events));

            assertThat(back).hasSameSizeAs(events);
            for (int i = 0; i < events.size(); i++) {
                CanonicalEvent event = events.get(i);
                CanonicalEvent again = back.get(i);
                // id, time, kind, origin, every field with its Java type, the raw bag
                assertThat(again.fields()).as(event.id()).containsExactlyEntriesOf(event.fields());
                // the raw bag travels as JSON, as it always has: the same document (a number may come back as another node class)
                assertThat(again.raw().toString()).as(event.id()).isEqualTo(event.raw().toString());
                assertThat(List.of(again.id(), again.timestamp(), again.kind(), again.origin()))
                        .isEqualTo(List.of(event.id(), event.timestamp(), event.kind(), event.origin()));
            }
        }
    }

    @Test
    void repeatedValuesComeBackAsOneSharedStringAndNamesInterned() throws IOException {
        List<CanonicalEvent> back = read(write(lean()));

        List<String> operations = back.stream().map(CanonicalEvent::operation).filter(op -> "MailItemsAccessed".equals(op)).toList();
        assertThat(operations).hasSizeGreaterThan(100);
        assertThat(operations).allSatisfy(op -> assertThat(op).isSameAs(operations.get(0)));
        assertThat(back).allSatisfy(event -> assertThat(event.fields().keySet())
                .allSatisfy(name -> assertThat(name).isSameAs(name.intern())));
    }

    @Test
    void valuesThatNeverRepeatAndLongOrWideTextSurvive() throws IOException {
        List<CanonicalEvent> events = new ArrayList<>();
        char[] wide = new char[70_000];
        Arrays.fill(wide, '\u6f22');
        for (int i = 0; i < 5_000; i++) {
            events.add(CanonicalEvent.builder().id("id-" + i).kind(SourceKind.APP).origin(new SourceRef("app.ndjson", i))
                    .timestamp(Instant.ofEpochSecond(-5 + i, i * 7))
                    .field(Fields.SESSION_ID, "session-" + i) // unique: its table closes
                    .field(Fields.USER_AGENT, i % 1000 == 0 ? new String(wide) : "agent \u00e9 " + (i % 3))
                    .field(Fields.OPERATION_COUNT, (long) (i % 2 == 0 ? -i : Long.MAX_VALUE - i))
                    .field(Fields.IS_THROTTLED, i % 2 == 0)
                    .field(Fields.FOLDER_PATHS, List.of("\\Inbox", "\\Sent " + i))
                    .build());
        }
        assertThat(read(write(events))).isEqualTo(events); // no raw bags: the events themselves are equal
    }

    @Test
    void theValueTableFindsEachTextByItsNumberWhateverTheInstance() throws IOException {
        List<String> texts = lean().stream().flatMap(event -> event.fields().values().stream())
                .flatMap(value -> value instanceof List<?> list ? list.stream() : java.util.stream.Stream.of(value))
                .filter(String.class::isInstance).map(String.class::cast).distinct().toList();
        assertThat(texts).hasSizeGreaterThan(5_000); // the table grows many times over

        SpillFormat.StringTable table = new SpillFormat.StringTable();
        for (int i = 0; i < texts.size(); i++) {
            assertThat(table.find(texts.get(i))).isEqualTo(-1);
            assertThat(table.add(texts.get(i))).isEqualTo(i);
        }
        assertThat(table.size()).isEqualTo(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            assertThat(table.find(text)).as(text).isEqualTo(i);
            assertThat(table.find(new String(text.toCharArray()))).as(text).isEqualTo(i); // equal, not the same string
            assertThat(table.find(text + "\u0000")).as(text).isEqualTo(-1);
        }
    }

    @Test
    void eventsReadBackAreLookedUpByAnyEqualNameAndHoldImmutableLists() throws IOException {
        List<CanonicalEvent> events = lean();
        List<CanonicalEvent> back = read(write(events));

        List<String> wrong = new ArrayList<>();
        int lists = 0;
        for (int i = 0; i < events.size(); i++) {
            CanonicalEvent event = events.get(i);
            CanonicalEvent again = back.get(i);
            for (String name : event.fields().keySet()) {
                if (!event.get(name).equals(again.get(new String(name.toCharArray())))) {
                    wrong.add(event.id() + " " + name);
                }
            }
            if (again.get("no_such_field") != null) {
                wrong.add(event.id() + " no_such_field");
            }
            for (Object value : again.fields().values()) {
                if (value instanceof List<?> list) {
                    lists++;
                    try {
                        list.clear();
                        wrong.add(event.id() + " list changed");
                    } catch (UnsupportedOperationException expected) {
                        // immutable, as the normalizer's
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(lists).isGreaterThan(1_000);
    }

    @Test
    void eventsOfMoreShapesThanTheReaderKeepsLayoutsForComeBackEqual() throws IOException {
        List<CanonicalEvent> events = new ArrayList<>();
        for (CanonicalEvent event : lean()) {
            if (events.size() == 12_000) {
                break;
            }
            if (event.fields().size() < 14) {
                continue;
            }
            // each event leaves out the fields of its own subset of its first 13 places: thousands of shapes
            int pattern = events.size() % (1 << 13);
            CanonicalEvent.Builder builder = event.toBuilder();
            List<String> names = new ArrayList<>(event.fields().keySet());
            for (int place = 0; place < 13; place++) {
                if ((pattern & (1 << place)) != 0) {
                    builder.field(names.get(place), null);
                }
            }
            events.add(builder.build());
        }
        assertThat(events.stream().map(event -> List.copyOf(event.fields().keySet())).distinct().count())
                .isGreaterThan(SpillFormat.MAX_SHAPES);

        List<CanonicalEvent> back = read(write(events));

        // equal events, and each with its fields in the same order
        assertThat(back).isEqualTo(events);
        assertThat(back.stream().map(event -> List.copyOf(event.fields().keySet())).toList())
                .isEqualTo(events.stream().map(event -> List.copyOf(event.fields().keySet())).toList());
    }

    @Test
    void readingOnlyTheWantedEventsGivesThoseOfAFullReadingAndShowsThemAsTheyAre() throws IOException {
        for (List<CanonicalEvent> events : List.of(lean(), sample(Intake.standard().normalizer()))) {
            byte[] bytes = write(events);
            List<String> seenWrong = new ArrayList<>();
            int[] looked = {0};
            Predicate<Function<String, Object>> mail = fields -> {
                // what the test is shown is what the event will hold
                CanonicalEvent event = events.get(looked[0]++);
                for (String name : List.of(Fields.OPERATION, Fields.MAILBOX_OWNER_UPN, Fields.FOLDER_PATHS, Fields.TIMESTAMP,
                        Fields.EVENT_ID, "no_such_field")) {
                    if (!java.util.Objects.equals(fields.apply(name), event.get(name))) {
                        seenWrong.add(event.id() + " " + name);
                    }
                }
                return "MailItemsAccessed".equals(fields.apply(Fields.OPERATION));
            };
            List<CanonicalEvent> wanted = new ArrayList<>();
            try (SpillFormat.Reader reader = new SpillFormat.Reader(new ByteArrayInputStream(bytes))) {
                CanonicalEvent event;
                while ((event = reader.read(mail)) != null) {
                    wanted.add(event);
                }
            }

            List<CanonicalEvent> expected = events.stream().filter(event -> "MailItemsAccessed".equals(event.operation())).toList();
            assertThat(looked[0]).isEqualTo(events.size());
            assertThat(seenWrong).isEmpty();
            assertThat(expected).hasSizeGreaterThan(1_000).hasSizeLessThan(events.size() / 2);
            assertThat(wanted).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(wanted.get(i).fields()).as(expected.get(i).id()).containsExactlyEntriesOf(expected.get(i).fields());
                assertThat(wanted.get(i).raw().toString()).isEqualTo(expected.get(i).raw().toString());
                assertThat(wanted.get(i).id()).isEqualTo(expected.get(i).id());
            }
        }
    }

    @Test
    void taggedEventsReadSelectivelyKeepTheirTags() throws IOException {
        List<CanonicalEvent> events = lean().subList(0, 8_000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (SpillFormat.Writer writer = new SpillFormat.Writer(bytes)) {
            for (int i = 0; i < events.size(); i++) {
                writer.write(events.get(i), i * 3L);
            }
        }
        List<Long> tags = new ArrayList<>();
        List<CanonicalEvent> back = new ArrayList<>();
        try (SpillFormat.Reader reader = new SpillFormat.Reader(new ByteArrayInputStream(bytes.toByteArray()))) {
            CanonicalEvent event;
            while ((event = reader.readTagged(fields -> "MailItemsAccessed".equals(fields.apply(Fields.OPERATION)))) != null) {
                back.add(event);
                tags.add(reader.tag());
            }
        }
        List<Long> expectedTags = new ArrayList<>();
        List<CanonicalEvent> expected = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if ("MailItemsAccessed".equals(events.get(i).operation())) {
                expected.add(events.get(i));
                expectedTags.add(i * 3L);
            }
        }
        assertThat(expected).isNotEmpty().hasSizeLessThan(events.size());
        assertThat(back).isEqualTo(expected);
        assertThat(tags).isEqualTo(expectedTags);
    }

    @Test
    void aTruncatedFileIsReportedNotMisread() throws IOException {
        byte[] bytes = write(lean().subList(0, 50));

        assertThatThrownBy(() -> read(Arrays.copyOf(bytes, bytes.length - 3))).isInstanceOf(EOFException.class)
                .hasMessageContaining("corrupt sort spill file");
    }
}
