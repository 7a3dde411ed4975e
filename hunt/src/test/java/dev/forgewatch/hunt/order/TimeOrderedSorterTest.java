package dev.forgewatch.hunt.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.event.SourceRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeOrderedSorterTest {
    @TempDir
    Path dir;

    private static CanonicalEvent event(int second, String id) {
        return CanonicalEvent.builder().id(id).kind(SourceKind.AUDIT).origin(new SourceRef("f", second))
                .timestamp(Instant.parse("2023-06-12T10:00:00Z").plusSeconds(second))
                .field(Fields.OPERATION, "MailItemsAccessed").field(Fields.FOLDER_PATHS, List.of("\\Inbox"))
                .field(Fields.OPERATION_COUNT, 3L).field(Fields.IS_THROTTLED, false)
                .build();
    }

    private List<CanonicalEvent> sort(List<CanonicalEvent> input, int chunk) throws IOException {
        List<CanonicalEvent> out = new ArrayList<>();
        try (TimeOrderedSorter sorter = new TimeOrderedSorter(dir, chunk)) {
            input.forEach(sorter::add);
            Iterator<CanonicalEvent> sorted = sorter.sorted();
            sorted.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void descendingExportsComeOutAscendingWithTiesByIdAcrossSpills() throws IOException {
        List<CanonicalEvent> input = new ArrayList<>();
        for (int i = 99; i >= 0; i--) {
            input.add(event(i / 2, "id-" + String.format("%03d", i)));
        }
        Random random = new Random(7);
        java.util.Collections.shuffle(input, random);

        List<CanonicalEvent> inMemory = sort(input, 1000);
        List<CanonicalEvent> spilled = sort(input, 7);

        assertThat(spilled).isEqualTo(inMemory);
        for (int i = 1; i < spilled.size(); i++) {
            assertThat(TimeOrderedSorter.ORDER.compare(spilled.get(i - 1), spilled.get(i))).isNegative();
        }
        assertThat(spilled.get(0).id()).isEqualTo("id-000");
        assertThat(spilled.get(1).id()).isEqualTo("id-001");
        assertThat(spilled.get(0).fields()).isEqualTo(event(0, "id-000").fields());
    }

    @Test
    void spilledEventsComeBackWhole() throws IOException {
        ObjectNode raw = JsonNodeFactory.instance.objectNode();
        raw.put("ClientInfoString", "Client=OWA;Mozilla/5.0 \u00e9\u6f22\"quoted\"");
        raw.putArray("Folders").addObject().put("Path", "\\Inbox");
        CanonicalEvent token = CanonicalEvent.builder().id("token-1").kind(SourceKind.TOKEN).origin(new SourceRef("proxy.ndjson", 42))
                .timestamp(Instant.parse("2023-05-24T00:50:48.123456789Z"))
                .field(Fields.TOKEN_ISSUED_AT, Instant.parse("2023-05-24T00:45:00Z"))
                .field(Fields.USER_AGENT, "Mozilla/5.0 (Windows NT 10.0) \u00fc\u00df")
                .raw(raw).build();
        List<CanonicalEvent> input = List.of(event(5, "b"), token, event(1, "a"), event(3, "c"));

        List<CanonicalEvent> spilled = sort(input, 1);

        assertThat(spilled).containsExactlyElementsOf(sort(input, 100));
        CanonicalEvent back = spilled.stream().filter(e -> e.id().equals("token-1")).findFirst().orElseThrow();
        assertThat(back.fields()).isEqualTo(token.fields());
        assertThat(back.raw()).isEqualTo(raw);
        assertThat(back.origin()).isEqualTo(token.origin());
        assertThat(back.timestamp()).isEqualTo(token.timestamp());
        // names come back as the very strings the code's constants are, so lookups match by identity
        assertThat(back.fields().keySet()).containsExactly(Fields.TOKEN_ISSUED_AT, Fields.USER_AGENT)
                .allSatisfy(name -> assertThat(name).isSameAs(name.intern()));
    }

    @Test
    void spillFilesAreRemovedOnClose() throws IOException {
        try (TimeOrderedSorter sorter = new TimeOrderedSorter(dir, 2)) {
            for (int i = 0; i < 10; i++) {
                sorter.add(event(i, "x" + i));
            }
            // in order: everything beyond the two in memory streams onto the one run
            assertThat(sorter.spillCount()).isEqualTo(1);
            sorter.sorted().next();
        }
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void manyChunksAreMergedAFewAtATimeIntoTheSameOrder() throws IOException {
        List<CanonicalEvent> input = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            input.add(event((i * 7919) % 500, "id-" + i));
        }
        List<CanonicalEvent> out = new ArrayList<>();
        try (TimeOrderedSorter sorter = new TimeOrderedSorter(dir, 3, 4)) {
            input.forEach(sorter::add);
            // scattered input: stragglers everywhere, spilled in chunks far beyond the fan-in
            assertThat(sorter.spillCount()).isGreaterThan(4 * 4);
            sorter.sorted().forEachRemaining(out::add);
            try (var folders = Files.list(dir)) {
                Path folder = folders.findFirst().orElseThrow();
                try (var files = Files.list(folder)) {
                    // what is left to merge at the end: fewer spill files than the fan-in, beside owner and lock
                    assertThat(files.filter(f -> f.getFileName().toString().endsWith(".bin")).count()).isLessThan(4);
                }
            }
        }
        assertThat(out).isEqualTo(sort(input, 1000));
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aNearlyOrderedExportIsOneRunWithNoStragglerChunks() throws IOException {
        // content blobs arrive nearly in time order: each event at most 40 s from its place
        List<CanonicalEvent> input = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            input.add(event(i + random.nextInt(40), "id-" + i));
        }
        List<CanonicalEvent> out = new ArrayList<>();
        try (TimeOrderedSorter sorter = new TimeOrderedSorter(dir, 100)) {
            input.forEach(sorter::add);
            assertThat(sorter.spillCount()).isEqualTo(1);
            sorter.sorted().forEachRemaining(out::add);
        }
        assertThat(out).isEqualTo(inMemory(input));
    }

    @Test
    void lateStragglersAreSpilledApartAndStillComeOutInOrder() throws IOException {
        List<CanonicalEvent> input = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            input.add(event(10_000 + i, "id-" + i));
            if (i % 10 == 9) {
                input.add(event(i, "late-" + i)); // a record from long before, exported late
            }
        }
        List<CanonicalEvent> out = new ArrayList<>();
        List<CanonicalEvent> again = new ArrayList<>();
        try (TimeOrderedSorter sorter = new TimeOrderedSorter(dir, 40)) {
            input.forEach(sorter::add);
            // the run, and the stragglers in chunks of a quarter of memory
            assertThat(sorter.spillCount()).isBetween(2, 1 + 100 / 10 + 1);
            sorter.sorted().forEachRemaining(out::add);
            sorter.forEachUnordered(again::add);
        }
        assertThat(out).isEqualTo(inMemory(input));
        assertThat(again).containsExactlyInAnyOrderElementsOf(input);
    }

    @Test
    void aSelectiveSecondLookGivesTheWantedEventsOfAFullOneFromMemoryAndEveryFile() throws IOException {
        List<CanonicalEvent> input = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            input.add(event(10_000 + i, "id-" + i));
            if (i % 10 == 9) {
                input.add(event(i, "late-" + i)); // stragglers: files of their own, tagged
            }
        }
        List<CanonicalEvent> all = new ArrayList<>();
        List<CanonicalEvent> late = new ArrayList<>();
        List<CanonicalEvent> none = new ArrayList<>();
        try (TimeOrderedSorter sorter = new TimeOrderedSorter(dir, 40)) {
            input.forEach(sorter::add);
            assertThat(sorter.spillCount()).isGreaterThan(1);
            sorter.sorted().forEachRemaining(event -> { });
            sorter.forEachUnordered(all::add);
            sorter.forEachUnordered(fields -> fields.apply(Fields.EVENT_ID).toString().startsWith("late-")
                    && "MailItemsAccessed".equals(fields.apply(Fields.OPERATION)), late::add);
            sorter.forEachUnordered(fields -> fields.apply(Fields.OPERATION) == null, none::add);
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(input);
        assertThat(late).hasSize(100).containsExactlyInAnyOrderElementsOf(
                input.stream().filter(event -> event.id().startsWith("late-")).toList());
        assertThat(none).isEmpty();
    }

    @Test
    void anyInputComesOutAsAnInMemorySortWouldHaveIt() throws IOException {
        Random random = new Random(23);
        for (int round = 0; round < 30; round++) {
            int size = random.nextInt(600);
            int disorder = 1 + random.nextInt(round % 3 == 0 ? 5 : 2_000);
            List<CanonicalEvent> input = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                input.add(event(i + random.nextInt(disorder) - (random.nextInt(20) == 0 ? random.nextInt(5_000) : 0),
                        "id-" + random.nextInt(size + 1)));
            }
            int chunk = 1 + random.nextInt(120);
            int fanIn = 2 + random.nextInt(6);
            List<CanonicalEvent> out = new ArrayList<>();
            List<CanonicalEvent> again = new ArrayList<>();
            try (TimeOrderedSorter sorter = new TimeOrderedSorter(dir, chunk, fanIn)) {
                input.forEach(sorter::add);
                sorter.sorted().forEachRemaining(out::add);
                sorter.forEachUnordered(again::add);
            }
            assertThat(out).as("round %d: %d events, chunk %d, fan-in %d", round, size, chunk, fanIn)
                    .usingElementComparator(TimeOrderedSorter.ORDER).isEqualTo(inMemory(input));
            assertThat(out).containsExactlyInAnyOrderElementsOf(input);
            assertThat(again).containsExactlyInAnyOrderElementsOf(input);
        }
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aFullyReversedExportIsAllStragglersAndStillComesOutInOrder() throws IOException {
        List<CanonicalEvent> input = new ArrayList<>();
        for (int i = 1_999; i >= 0; i--) {
            input.add(event(i, "id-" + i));
        }
        List<CanonicalEvent> out = new ArrayList<>();
        List<CanonicalEvent> again = new ArrayList<>();
        try (TimeOrderedSorter sorter = new TimeOrderedSorter(dir, 40, 8)) {
            input.forEach(sorter::add);
            // every event after the first window is earlier than the run: chunks of a quarter of memory
            assertThat(sorter.spillCount()).isGreaterThan(1_900 / 10);
            sorter.sorted().forEachRemaining(out::add);
            sorter.forEachUnordered(again::add);
        }
        assertThat(out).isEqualTo(inMemory(input));
        assertThat(out.get(0).id()).isEqualTo("id-0");
        assertThat(again).containsExactlyInAnyOrderElementsOf(input);
    }

    @Test
    void eventsEqualInTimeAndIdComeOutInTheOrderTheyWereAddedSpilledOrNot() throws IOException {
        // a record exported twice or more (same id and time), copies told apart by where they were read
        List<CanonicalEvent> input = new ArrayList<>();
        Random random = new Random(5);
        int copy = 0;
        for (int i = 0; i < 3_000; i++) {
            int second = i / 3 + random.nextInt(30) - (random.nextInt(25) == 0 ? random.nextInt(400) : 0);
            input.add(copy(second, "id-" + (second % 7), copy++));
        }
        for (int chunk : new int[] {1, 2, 7, 50, 10_000}) {
            List<CanonicalEvent> out = new ArrayList<>();
            try (TimeOrderedSorter sorter = new TimeOrderedSorter(dir, chunk, 3)) {
                input.forEach(sorter::add);
                sorter.sorted().forEachRemaining(out::add);
            }
            // a stable sort in memory: equal events keep the order they were added in
            assertThat(out).as("chunk %d", chunk).extracting(CanonicalEvent::origin)
                    .containsExactlyElementsOf(inMemory(input).stream().map(CanonicalEvent::origin).toList());
        }
    }

    @Test
    void inOrderInputSpanningManySpillsIsOneRunAndComesBackWhole() throws IOException {
        List<CanonicalEvent> input = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            input.add(event(i / 4, "id-" + String.format("%05d", i)));
        }
        List<CanonicalEvent> out = new ArrayList<>();
        try (TimeOrderedSorter sorter = new TimeOrderedSorter(dir, 64)) {
            input.forEach(sorter::add);
            assertThat(sorter.spillCount()).isEqualTo(1);
            sorter.sorted().forEachRemaining(out::add);
        }
        assertThat(out).isEqualTo(input);
    }

    @Test
    void memoryIsBoundedByTheEventsEstimatedBytesAsWellAsTheirCount() throws IOException {
        List<CanonicalEvent> input = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            input.add(event(1_000 - i, "id-" + i)); // reversed: every event beyond memory is a straggler
        }
        long perEvent = TimeOrderedSorter.estimatedBytes(input.get(0));
        List<CanonicalEvent> out = new ArrayList<>();
        try (TimeOrderedSorter sorter = new TimeOrderedSorter(dir, 1_000_000, 8, 100 * perEvent)) {
            input.forEach(sorter::add);
            // a hundred events' worth of memory, not the count bound's million: stragglers spilled in chunks of
            // a quarter to a half of it (the window gives up room to them while they are fewer than a quarter)
            assertThat(sorter.spillCount()).isBetween(1 + 900 / 50, 1 + 900 / 25);
            sorter.sorted().forEachRemaining(out::add);
        }
        assertThat(out).isEqualTo(inMemory(input));
        try (TimeOrderedSorter sorter = new TimeOrderedSorter(dir, 1_000_000, 8, 10_000 * perEvent)) {
            input.forEach(sorter::add);
            assertThat(sorter.spillCount()).isZero();
        }
    }

    @Test
    void aFollowerSeesTheRunAsItIsWrittenWhenLatenessStaysWithinTheWindow() throws IOException {
        // day-long sawtooth as mailbox exports arrive: each mailbox's day in order, mailboxes one after the other,
        // copies of a record (same time and id) among them; a window of three days' events never sees a straggler
        List<CanonicalEvent> input = new ArrayList<>();
        Random random = new Random(11);
        int line = 0;
        for (int day = 0; day < 12; day++) {
            for (int mailbox = 0; mailbox < 20; mailbox++) {
                int second = day * 1_000;
                for (int i = 0; i < 10; i++) {
                    second += random.nextInt(90);
                    input.add(copy(second, "id-" + (second % 13), line++));
                }
            }
        }
        List<CanonicalEvent> handed = new ArrayList<>();
        List<CanonicalEvent> again = new ArrayList<>();
        try (TimeOrderedSorter sorter = new TimeOrderedSorter(dir, 600, 4)) {
            sorter.follow(handed::add);
            input.forEach(sorter::add);
            assertThat(sorter.followed()).isTrue();
            assertThat(sorter.handedOn()).isEqualTo(handed.size()).isGreaterThan(input.size() / 2);
            assertThat(sorter.spillCount()).isEqualTo(1);
            sorter.rest().forEachRemaining(handed::add);
            sorter.forEachUnordered(again::add);
        }
        // the very order of sorted(): time, id, then the order they were added in
        assertThat(handed).extracting(CanonicalEvent::origin)
                .containsExactlyElementsOf(inMemory(input).stream().map(CanonicalEvent::origin).toList());
        assertThat(again).containsExactlyInAnyOrderElementsOf(input);
    }

    @Test
    void theFirstStragglerEndsFollowingAndSortedStillGivesTheWholeOrder() throws IOException {
        List<CanonicalEvent> input = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            input.add(event(10_000 + i, "id-" + i));
            if (i == 1_500) {
                input.add(event(10_010, "late")); // long after its time went to the run
            }
        }
        List<CanonicalEvent> handed = new ArrayList<>();
        List<CanonicalEvent> out = new ArrayList<>();
        try (TimeOrderedSorter sorter = new TimeOrderedSorter(dir, 100, 4)) {
            sorter.follow(handed::add);
            input.forEach(sorter::add);
            assertThat(sorter.followed()).isFalse();
            assertThat(handed).hasSizeBetween(1_000, 1_501).hasSize((int) sorter.handedOn());
            assertThat(handed).isEqualTo(input.subList(0, handed.size())); // handed on in order until the straggler came
            sorter.sorted().forEachRemaining(out::add);
            assertThat(handed).hasSize((int) sorter.handedOn());
        }
        assertThat(out).isEqualTo(inMemory(input));
    }

    @Test
    void aFollowerOfInputThatFitsInMemoryIsHandedNothingUntilTheRest() throws IOException {
        List<CanonicalEvent> input = new ArrayList<>();
        for (int i = 99; i >= 0; i--) {
            input.add(event(i, "id-" + i));
        }
        List<CanonicalEvent> handed = new ArrayList<>();
        try (TimeOrderedSorter sorter = new TimeOrderedSorter(dir, 1_000)) {
            sorter.follow(handed::add);
            input.forEach(sorter::add);
            assertThat(sorter.followed()).isTrue();
            assertThat(handed).isEmpty();
            sorter.rest().forEachRemaining(handed::add);
        }
        assertThat(handed).isEqualTo(inMemory(input));
    }

    /** Days of mailboxes one after the other, each mailbox's day in order: lateness up to a day, ties among copies. */
    private static List<CanonicalEvent> sawtooth(int days, int mailboxes, int perMailbox, long seed) {
        List<CanonicalEvent> input = new ArrayList<>();
        Random random = new Random(seed);
        int line = 0;
        for (int day = 0; day < days; day++) {
            for (int mailbox = 0; mailbox < mailboxes; mailbox++) {
                int second = day * 100_000;
                for (int i = 0; i < perMailbox; i++) {
                    second += random.nextInt(100_000 / perMailbox);
                    input.add(copy(second, "id-" + (second % 11), line++));
                }
            }
        }
        return input;
    }

    @Test
    void stragglersLateByAFewCyclesGoToAFewFilesAndStillComeOutInOrder() throws IOException {
        List<CanonicalEvent> input = sawtooth(30, 40, 10, 3); // a day of 400 events, a window of 200
        for (int fanIn : new int[] {64, 4, 2}) {
            List<CanonicalEvent> out = new ArrayList<>();
            List<CanonicalEvent> again = new ArrayList<>();
            int spills;
            try (TimeOrderedSorter sorter = new TimeOrderedSorter(dir, 200, fanIn)) {
                input.forEach(sorter::add);
                spills = sorter.spillCount();
                sorter.sorted().forEachRemaining(out::add);
                sorter.forEachUnordered(again::add);
            }
            // the very order of an in-memory stable sort, copies included
            assertThat(out).as("fan-in %d", fanIn).extracting(CanonicalEvent::origin)
                    .containsExactlyElementsOf(inMemory(input).stream().map(CanonicalEvent::origin).toList());
            assertThat(again).containsExactlyInAnyOrderElementsOf(input);
            if (fanIn > 2) {
                // some 150 chunks of 50 stragglers; each day's are appended to the files of the day before
                assertThat(spills).as("fan-in %d", fanIn).isBetween(2, 1 + 8);
            } else {
                assertThat(spills).isGreaterThan(1 + 8); // one file open for appending: a chunk that does not fit it gets a file
            }
        }
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void tiesKeepTheirAddedOrderWhateverFilesTheStragglersGoTo() throws IOException {
        Random random = new Random(31);
        for (int round = 0; round < 20; round++) {
            List<CanonicalEvent> input = sawtooth(2 + random.nextInt(8), 1 + random.nextInt(30), 1 + random.nextInt(12), round);
            // and some records from long before, re-exported
            for (int i = 0; i < input.size(); i += 1 + random.nextInt(40)) {
                CanonicalEvent old = input.get(random.nextInt(i + 1));
                input.add(i, copy((int) (old.timestamp().getEpochSecond() - Instant.parse("2023-06-12T10:00:00Z").getEpochSecond()),
                        old.id(), 1_000_000 + i));
            }
            int chunk = 1 + random.nextInt(150);
            int fanIn = 2 + random.nextInt(10);
            List<CanonicalEvent> out = new ArrayList<>();
            try (TimeOrderedSorter sorter = new TimeOrderedSorter(dir, chunk, fanIn)) {
                input.forEach(sorter::add);
                sorter.sorted().forEachRemaining(out::add);
            }
            assertThat(out).as("round %d: %d events, chunk %d, fan-in %d", round, input.size(), chunk, fanIn)
                    .extracting(CanonicalEvent::origin)
                    .containsExactlyElementsOf(inMemory(input).stream().map(CanonicalEvent::origin).toList());
        }
    }

    @Test
    void anEventsEstimateGrowsWithItsFieldsAndRawBag() {
        CanonicalEvent small = CanonicalEvent.builder().id("a").kind(SourceKind.AUDIT).origin(new SourceRef("f", 1))
                .timestamp(Instant.EPOCH).field(Fields.OPERATION, "MailItemsAccessed").build();
        ObjectNode raw = JsonNodeFactory.instance.objectNode().put("Extra", "value").put("Other", 1);
        CanonicalEvent withRaw = small.toBuilder().raw(raw).build();
        assertThat(TimeOrderedSorter.estimatedBytes(event(1, "a"))).isGreaterThan(TimeOrderedSorter.estimatedBytes(small));
        assertThat(TimeOrderedSorter.estimatedBytes(withRaw)).isGreaterThan(TimeOrderedSorter.estimatedBytes(small));
    }

    private static CanonicalEvent copy(int second, String id, int line) {
        return CanonicalEvent.builder().id(id).kind(SourceKind.AUDIT).origin(new SourceRef("copies", line))
                .timestamp(Instant.parse("2023-06-12T10:00:00Z").plusSeconds(second))
                .field(Fields.OPERATION, "MailItemsAccessed").build();
    }

    private static List<CanonicalEvent> inMemory(List<CanonicalEvent> input) {
        List<CanonicalEvent> sorted = new ArrayList<>(input);
        sorted.sort(TimeOrderedSorter.ORDER);
        return sorted;
    }
}
