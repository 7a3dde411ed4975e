package dev.forgewatch.bench.jmh;

import dev.forgewatch.bench.BenchData;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.pipeline.EventReader;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.pipeline.RunStats;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.hunt.HuntSetup;
import dev.forgewatch.hunt.order.TimeOrderedSorter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Events per second through the hunt's ordering stage alone: 20,000 bulk records normalized once at
 * setup (in the generator's order, as an export hands them over), then each invocation puts them in
 * time order with the hunt's sorter and reads them out, plus the unmerged second pass the mail tally
 * makes. {@code memory} is the events held in memory: all of them (no disk), or a tenth (a run on
 * disk, stragglers spilled apart, everything merged back: the 1M-record hunt's proportions).
 * {@link #followAndReadBack} is the hunt's way since the detector follows the run: events handed on
 * as the run takes them while no straggler has come, then the rest (or, once one came, the merge),
 * and a mail pass that builds only the records it can count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class SortBench {
    static final int RECORDS = 20_000;

    @Param({"20000", "2000"})
    int memory;

    private static final String MAIL_ITEMS_ACCESSED = "MailItemsAccessed";

    private List<CanonicalEvent> events;
    /** The mailbox of the first MailItemsAccessed record: the one the mail pass of followAndReadBack looks for. */
    private String mailbox;
    private Path temp;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        temp = Files.createTempDirectory("forgewatch-bench");
        Path ndjson = BenchData.bulk(temp.resolve("bulk.ndjson"), RECORDS);
        HuntSetup setup = HuntSetup.standard();
        List<CanonicalEvent> read = new ArrayList<>();
        new EventReader(setup.opener(), setup.normalizer(), QuarantineSink.DISCARD, new RunStats(), ProgressListener.NONE)
                .read(List.of(ndjson), read::add);
        events = List.copyOf(read);
        mailbox = events.stream().filter(event -> MAIL_ITEMS_ACCESSED.equals(event.operation())).findFirst().orElseThrow()
                .text(Fields.MAILBOX_OWNER_UPN);
        Files.delete(ndjson);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(temp);
    }

    /** One op is one record's events sorted, read out in order, and read once more unmerged. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void sortAndReadBack(Blackhole hole) throws IOException {
        try (TimeOrderedSorter sorter = new TimeOrderedSorter(temp, memory)) {
            events.forEach(sorter::add);
            Iterator<CanonicalEvent> sorted = sorter.sorted();
            while (sorted.hasNext()) {
                hole.consume(sorted.next());
            }
            sorter.forEachUnordered(hole::consume);
        }
    }

    /**
     * One op is one record's events ordered as the hunt does it (following the run), read out, and read
     * once more unmerged as the hunt's mail pass does: only one mailbox's MailItemsAccessed records are
     * built, the others read past.
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void followAndReadBack(Blackhole hole) throws IOException {
        try (TimeOrderedSorter sorter = new TimeOrderedSorter(temp, memory)) {
            sorter.follow(hole::consume);
            events.forEach(sorter::add);
            Iterator<CanonicalEvent> rest = sorter.followed() ? sorter.rest() : sorter.sorted();
            while (rest.hasNext()) {
                hole.consume(rest.next());
            }
            sorter.forEachUnordered(fields -> MAIL_ITEMS_ACCESSED.equals(fields.apply(Fields.OPERATION))
                    && mailbox.equals(fields.apply(Fields.MAILBOX_OWNER_UPN)), hole::consume);
        }
    }
}
