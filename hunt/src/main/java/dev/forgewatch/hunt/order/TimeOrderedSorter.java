package dev.forgewatch.hunt.order;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.CanonicalEvent;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Puts events from any number of files into time order in bounded memory, so stateful detections
 * (first-seen, windows, "no sign-in before this mail access") see one timeline across sources.
 * Memory is bounded twice: at most {@code chunkSize} events, and at most {@code memoryBytes} of them
 * by an estimate of each event's heap size ({@link #estimatedBytes}), so the sort's share of the heap
 * is the same whatever the input's size or record shapes. When more arrive than that, the sorter
 * exploits how exports really arrive (nearly in time order): the events in memory become a reorder
 * window, and whenever it is full, it is sorted (already-sorted stretches cost one comparison an
 * event) and its earliest quarter goes onto one time-ordered run on disk. An event earlier than what
 * already went to the run (a straggler) waits beside the window; a quarter of the memory full of
 * stragglers is sorted and appended to a file of stragglers that ends before it, or starts a new one
 * (see {@link #spillStragglers}). So a nearly ordered input costs one sequential run and a few files
 * of stragglers instead of sorting and merging everything, and any input at all still comes out in
 * order. Files are written in a compact form ({@link SpillFormat}) in a
 * folder of the run's own ({@link SpillFolder}) and merged at the end. At most {@code fanIn} spill
 * files are open at once (while writing, the run and fewer than {@code fanIn} files of stragglers
 * taking appends): with more files than that, groups of them are first merged into bigger
 * ones, so a long run stays under the open-file limit. Ties are broken by event id, so the order is
 * deterministic; events equal in both (a record exported twice) come out in the order they were
 * added, spilled or not: a straggler tying with an event of the run arrived after it, stragglers in
 * files carry the number of their chunk (chunks are spilled in the order they fill), and the events
 * still in memory arrived after every spilled event they tie with.
 *
 * <p>A consumer can {@link #follow} the run as it is written: as long as no straggler has arrived, the
 * events that went to the run are exactly the beginning of the final order, so a detector can judge
 * them while the input is still being read, and take only the window from {@link #rest()} at the end.
 */
public final class TimeOrderedSorter implements Closeable {
    /** Time, then event id. */
    public static final Comparator<CanonicalEvent> ORDER = TimeOrderedSorter::compare;
    /** Spill files merged at once: far below the usual soft limit of 1,024 open files. */
    public static final int DEFAULT_FAN_IN = 64;
    /**
     * The events' estimated heap held by the sort: a reorder window of some 50,000 typical audit
     * events, where the heap a run needs apart from it (detector state, read-ahead, spill tables)
     * is a few dozen MiB.
     */
    public static final long DEFAULT_MEMORY_BYTES = 32L << 20;
    /**
     * Files of stragglers kept open for appending: each holds a write buffer and its own value tables,
     * so a few; a chunk that fits none of them is written as a file of its own.
     */
    static final int OPEN_STRAGGLER_FILES = 8;

    private final Path tempParent;
    private final int chunkSize;
    private final int fanIn;
    private final long memoryBytes;
    /** Everything, while it fits in memory; afterwards the reorder window (sorted up to {@code sortedSize}, then new arrivals). */
    private ArrayList<CanonicalEvent> buffer = new ArrayList<>();
    private int sortedSize;
    private long bufferBytes;
    /** Events that arrived after their time had gone to the run, waiting to be spilled as a chunk. */
    private final ArrayList<CanonicalEvent> stragglers = new ArrayList<>();
    private long stragglerBytes;
    /** The in-order run on disk (while it is written), and the last event it took (events earlier than it are stragglers). */
    private SpillFormat.Writer runWriter;
    private Path run;
    private CanonicalEvent last;
    private boolean runStarted;
    /** The files of stragglers, in the order they were started (after sorted(): the run first). */
    private final List<Spill> spills = new ArrayList<>();
    private final List<StragglerFile> stragglerFiles = new ArrayList<>();
    private int openStragglerFiles;
    private final List<SpillFormat.Reader> openReaders = new ArrayList<>();
    /** Chunks of stragglers spilled (each numbered), and the files they went to. */
    private int chunks;
    private int stragglerFileCount;
    private int merges;
    private SpillFolder folder;
    /** Takes each event the run takes, as long as no straggler has come ({@link #follow}); null otherwise. */
    private Consumer<CanonicalEvent> follower;
    private boolean followed;
    private long handedOn;

    public TimeOrderedSorter(Path tempParent, int chunkSize) {
        this(tempParent, chunkSize, DEFAULT_FAN_IN);
    }

    public TimeOrderedSorter(Path tempParent, int chunkSize, int fanIn) {
        this(tempParent, chunkSize, fanIn, DEFAULT_MEMORY_BYTES);
    }

    public TimeOrderedSorter(Path tempParent, int chunkSize, int fanIn, long memoryBytes) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive");
        }
        if (fanIn < 2) {
            throw new IllegalArgumentException("fanIn must be at least 2");
        }
        if (memoryBytes < 1) {
            throw new IllegalArgumentException("memoryBytes must be positive");
        }
        this.tempParent = tempParent;
        this.chunkSize = chunkSize;
        this.fanIn = fanIn;
        this.memoryBytes = memoryBytes;
    }

    /** The order of {@link #ORDER}, without the boxing and indirection of composed comparators. */
    private static int compare(CanonicalEvent a, CanonicalEvent b) {
        int byTime = a.timestamp().compareTo(b.timestamp());
        return byTime != 0 ? byTime : a.id().compareTo(b.id());
    }

    /**
     * Roughly what an event keeps on the heap: the event, its field arrays and one value object a
     * field (most text values are shared with other events by the normalizer's pool), its id, and its
     * raw bag if it has one. Measured on the bulk generator's lean events: about 590 bytes for 20
     * fields, estimated 648.
     */
    static long estimatedBytes(CanonicalEvent event) {
        long bytes = 96 + 24L * event.fields().size() + 2L * event.id().length();
        JsonNode raw = event.raw();
        if (raw != null && !raw.isEmpty()) {
            bytes += 128L * raw.size();
        }
        return bytes;
    }

    /**
     * Hands each event on, in the final order, as it goes to the run, for as long as that stays exact:
     * until the first straggler arrives. An event goes to the run only once every event earlier than
     * it that has arrived went before it, so what was handed on is the beginning of {@link #sorted()}'s
     * order unless a later event turns out to precede it; that is a straggler, and from then on nothing
     * is handed on and {@link #followed()} says false: the follower's work is void, and the whole order
     * comes from {@link #sorted()} as usual. When it held to the end, {@link #rest()} gives the events
     * not handed on. Call before the first {@link #add}; the follower runs on the thread that adds.
     */
    public void follow(Consumer<CanonicalEvent> follower) {
        if (runStarted || !buffer.isEmpty() || !stragglers.isEmpty()) {
            throw new IllegalStateException("follow before the first event");
        }
        this.follower = follower;
        this.followed = true;
    }

    /** True when a follower was given and every event handed to it came in the final order (no straggler arrived). */
    public boolean followed() {
        return followed;
    }

    /** How many events went to the follower. */
    public long handedOn() {
        return handedOn;
    }

    public void add(CanonicalEvent event) {
        long bytes = estimatedBytes(event);
        if (last != null && compare(event, last) < 0) {
            if (follower != null) {
                follower = null; // it precedes what was handed on: following can no longer be exact
                followed = false;
            }
            stragglers.add(event); // its time has gone to the run already
            stragglerBytes += bytes;
        } else {
            buffer.add(event);
            bufferBytes += bytes;
        }
        if (buffer.size() + stragglers.size() > chunkSize || bufferBytes + stragglerBytes > memoryBytes) {
            try {
                makeRoom();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write sort spill file: " + e.getMessage(), e);
            }
        }
    }

    /** Back within both bounds: the window's earliest quarter goes to the run, or the stragglers to a chunk. */
    private void makeRoom() throws IOException {
        while (buffer.size() + stragglers.size() > chunkSize || bufferBytes + stragglerBytes > memoryBytes) {
            boolean manyStragglers = stragglers.size() >= Math.max(1, chunkSize / 4) || stragglerBytes >= memoryBytes / 4;
            if (buffer.isEmpty() || (manyStragglers && !stragglers.isEmpty())) {
                spillStragglers();
            } else {
                advanceRun();
            }
        }
    }

    /** Sorts the window and writes its earliest quarter (at least one event) to the run. */
    private void advanceRun() throws IOException {
        if (sortedSize < buffer.size()) {
            buffer.sort(ORDER); // the sorted rest of the last round and the new arrivals: one merge when they do not overlap
            sortedSize = buffer.size();
        }
        if (runWriter == null) {
            run = folder().resolve("run-0.bin");
            runWriter = writer(run);
            runStarted = true;
        }
        int count = Math.max(1, buffer.size() / 4);
        for (int i = 0; i < count; i++) {
            CanonicalEvent first = buffer.get(i);
            runWriter.write(first);
            bufferBytes -= estimatedBytes(first);
        }
        if (follower != null) {
            for (int i = 0; i < count; i++) {
                follower.accept(buffer.get(i));
            }
            handedOn += count;
        }
        last = buffer.get(count - 1);
        buffer.subList(0, count).clear();
        sortedSize -= count;
    }

    /** How many files went to disk so far: the in-order run and the files of stragglers. */
    public int spillCount() {
        return stragglerFileCount + (runStarted ? 1 : 0);
    }

    /** The most spill files open at once while reading them back. */
    public int fanIn() {
        return fanIn;
    }

    private Path folder() throws IOException {
        if (folder == null) {
            folder = SpillFolder.create(tempParent);
        }
        return folder.path();
    }

    /**
     * Sorts the stragglers and appends them to the open file of stragglers that ends latest at or before
     * their first event, or starts a new one. Exports late by a repeating pattern (a day of each
     * mailbox, one mailbox after the other) give chunks that start after the end of a chunk of the
     * previous cycle, so a few files take them all instead of a file a chunk and merges of merges. Each
     * event is written with its chunk's number: a chunk holds events added after those of every chunk
     * before it, so ties (equal time and id) between files come out in the order they were added by
     * that number, as ties within one chunk do by the stable sort (see {@link MergeIterator}).
     */
    private void spillStragglers() throws IOException {
        stragglers.sort(ORDER);
        CanonicalEvent first = stragglers.get(0);
        long number = ++chunks;
        StragglerFile target = null;
        for (StragglerFile file : stragglerFiles) {
            if (compare(file.last, first) <= 0 && (target == null || compare(file.last, target.last) > 0)) {
                target = file;
            }
        }
        if (target == null && stragglerFiles.size() < Math.min(OPEN_STRAGGLER_FILES, fanIn - 1)) {
            Spill spill = new Spill(folder().resolve("chunk-" + stragglerFileCount + ".bin"), true);
            spills.add(spill);
            stragglerFileCount++;
            target = new StragglerFile(writer(spill.path()));
            stragglerFiles.add(target);
        }
        if (target == null) {
            // none ends early enough and no more may be opened: a file of its own
            Spill spill = new Spill(folder().resolve("chunk-" + stragglerFileCount + ".bin"), true);
            spills.add(spill);
            stragglerFileCount++;
            try (SpillFormat.Writer writer = writer(spill.path())) {
                for (CanonicalEvent event : stragglers) {
                    writer.write(event, number);
                }
            }
        } else {
            for (CanonicalEvent event : stragglers) {
                target.writer.write(event, number);
            }
            target.last = stragglers.get(stragglers.size() - 1);
        }
        stragglers.clear();
        stragglerBytes = 0;
    }

    /** Closes the files of stragglers that were open for appending. */
    private void closeStragglerFiles() throws IOException {
        List<StragglerFile> open = new ArrayList<>(stragglerFiles);
        stragglerFiles.clear();
        IOException failed = null;
        for (StragglerFile file : open) {
            try {
                file.writer.close();
            } catch (IOException e) {
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** A file of stragglers open for appending, and its last event. */
    private static final class StragglerFile {
        final SpillFormat.Writer writer;
        CanonicalEvent last;

        StragglerFile(SpillFormat.Writer writer) {
            this.writer = writer;
        }
    }

    /** A spill file; {@code tagged}: each event carries its chunk's number (the run's events do not: 0). */
    private record Spill(Path path, boolean tagged) {
    }

    private static SpillFormat.Writer writer(Path file) throws IOException {
        return new SpillFormat.Writer(Files.newOutputStream(file));
    }

    /**
     * After a {@link #follow} that held ({@link #followed()}): the events not handed on, in order; they
     * follow every event handed on. Call once, after the last {@link #add}, instead of {@link #sorted()}.
     */
    public Iterator<CanonicalEvent> rest() throws IOException {
        if (!followed || !stragglers.isEmpty()) {
            throw new IllegalStateException("the follower did not see the events in order");
        }
        follower = null;
        buffer.sort(ORDER);
        sortedSize = buffer.size();
        if (runWriter != null) {
            runWriter.close(); // complete on disk for forEachUnordered
            runWriter = null;
        }
        if (run != null) {
            spills.add(0, new Spill(run, false));
            run = null;
        }
        return buffer.iterator();
    }

    /** All events added, in time order. Call once, after the last {@link #add}. */
    public Iterator<CanonicalEvent> sorted() throws IOException {
        follower = null;
        buffer.addAll(stragglers);
        stragglers.clear();
        stragglerBytes = 0;
        buffer.sort(ORDER);
        sortedSize = buffer.size();
        closeStragglerFiles();
        if (runWriter != null) {
            runWriter.close();
            runWriter = null;
        }
        if (run != null) {
            spills.add(0, new Spill(run, false)); // the run's events arrived before any straggler that ties with them
            run = null;
        }
        if (spills.isEmpty()) {
            return buffer.iterator();
        }
        // fewer than fanIn spill files, plus the events still in memory, are merged at the end
        while (spills.size() >= fanIn) {
            reduceSpills();
        }
        List<Source> sources = new ArrayList<>();
        for (Spill spill : spills) {
            sources.add(open(spill, openReaders));
        }
        sources.add(new MemorySource(buffer.iterator())); // the events still in memory arrived after every spilled one they tie with
        return new MergeIterator(sources);
    }

    /**
     * One pass of merging neighbouring groups of up to fanIn spill files into one file each, in place,
     * until fewer than fanIn are left. Merged files keep each event's tag, so ties still come out in the
     * order they were added.
     */
    private void reduceSpills() throws IOException {
        List<Spill> reduced = new ArrayList<>();
        int next = 0;
        while (next < spills.size()) {
            int left = spills.size() - next;
            if (reduced.size() + left < fanIn || left < 2) {
                reduced.addAll(spills.subList(next, spills.size()));
                break;
            }
            List<Spill> group = spills.subList(next, next + Math.min(fanIn, left));
            reduced.add(merge(group));
            next += group.size();
        }
        spills.clear();
        spills.addAll(reduced);
    }

    private Spill merge(List<Spill> group) throws IOException {
        List<SpillFormat.Reader> readers = new ArrayList<>();
        Spill merged = new Spill(folder().resolve("merge-" + merges++ + ".bin"), true);
        try (SpillFormat.Writer writer = writer(merged.path())) {
            List<Source> sources = new ArrayList<>();
            for (Spill spill : group) {
                sources.add(open(spill, readers));
            }
            MergeIterator events = new MergeIterator(sources);
            while (events.hasNext()) {
                CanonicalEvent event = events.next();
                writer.write(event, events.tag());
            }
        } finally {
            for (SpillFormat.Reader reader : readers) {
                reader.close();
            }
        }
        for (Spill spill : group) {
            Files.deleteIfExists(spill.path());
        }
        return merged;
    }

    /**
     * Every event added again, in no particular order: the events in memory, then each spill file read
     * straight through (no merge). For a second look once the stream has been judged; call after
     * {@link #sorted()} or {@link #rest()} is consumed, before {@link #close()}.
     */
    public void forEachUnordered(Consumer<CanonicalEvent> action) throws IOException {
        forEachUnordered(null, action);
    }

    /**
     * As {@link #forEachUnordered(Consumer)}, of the events {@code wanted} accepts: it is given each
     * event's fields by name (as {@link CanonicalEvent#get}), and the events of spill files it turns
     * down are read past without being built. Null accepts every event.
     */
    public void forEachUnordered(Predicate<Function<String, Object>> wanted, Consumer<CanonicalEvent> action) throws IOException {
        for (CanonicalEvent event : buffer) {
            if (wanted == null || wanted.test(event::get)) {
                action.accept(event);
            }
        }
        for (Spill spill : spills) {
            try (SpillFormat.Reader reader = new SpillFormat.Reader(Files.newInputStream(spill.path()))) {
                CanonicalEvent event;
                while ((event = spill.tagged() ? reader.readTagged(wanted) : reader.read(wanted)) != null) {
                    action.accept(event);
                }
            }
        }
    }

    private static Source open(Spill spill, List<SpillFormat.Reader> readers) throws IOException {
        SpillFormat.Reader reader = new SpillFormat.Reader(Files.newInputStream(spill.path()));
        readers.add(reader);
        return new SpillIterator(reader, spill.tagged());
    }

    @Override
    public void close() throws IOException {
        try {
            if (runWriter != null) {
                runWriter.close();
            }
            closeStragglerFiles();
            for (SpillFormat.Reader reader : openReaders) {
                reader.close();
            }
        } finally {
            if (folder != null) {
                folder.close();
            }
        }
    }

    /**
     * A sorted source of the merge, each event with a tag that orders it among equal events (same time
     * and id) of other sources: the run's events 0, a straggler its chunk's number, the events still in
     * memory the most.
     */
    private interface Source extends Iterator<CanonicalEvent> {
        /** The tag of the event {@link #next()} returned last. */
        long tag();
    }

    private static final class MemorySource implements Source {
        private final Iterator<CanonicalEvent> events;

        MemorySource(Iterator<CanonicalEvent> events) {
            this.events = events;
        }

        @Override
        public boolean hasNext() {
            return events.hasNext();
        }

        @Override
        public CanonicalEvent next() {
            return events.next();
        }

        @Override
        public long tag() {
            return Long.MAX_VALUE;
        }
    }

    private static final class SpillIterator implements Source {
        private final SpillFormat.Reader reader;
        private final boolean tagged;
        private CanonicalEvent next;
        private long nextTag;
        private long tag;

        SpillIterator(SpillFormat.Reader reader, boolean tagged) {
            this.reader = reader;
            this.tagged = tagged;
            advance();
        }

        private void advance() {
            try {
                if (tagged) {
                    next = reader.readTagged();
                    nextTag = reader.tag();
                } else {
                    next = reader.read();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read sort spill file: " + e.getMessage(), e);
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public CanonicalEvent next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            CanonicalEvent event = next;
            tag = nextTag;
            advance();
            return event;
        }

        @Override
        public long tag() {
            return tag;
        }
    }

    /**
     * K-way merge of sorted sources: a binary heap of the sources' current events, ties (equal time
     * and id) going to the lower tag, then to the source listed first.
     */
    private static final class MergeIterator implements Source {
        private final Source[] sources;
        private final CanonicalEvent[] heads;
        private final long[] tags;
        /** Source numbers, a binary heap ordered by their heads. */
        private final int[] heap;
        private int size;
        private long tag;

        MergeIterator(List<Source> sources) {
            this.sources = sources.toArray(new Source[0]);
            this.heads = new CanonicalEvent[this.sources.length];
            this.tags = new long[this.sources.length];
            this.heap = new int[this.sources.length];
            for (int i = 0; i < this.sources.length; i++) {
                if (this.sources[i].hasNext()) {
                    heads[i] = this.sources[i].next();
                    tags[i] = this.sources[i].tag();
                    heap[size] = i;
                    siftUp(size++);
                }
            }
        }

        private boolean before(int a, int b) {
            int order = compare(heads[a], heads[b]);
            if (order == 0) {
                order = Long.compare(tags[a], tags[b]);
            }
            return order < 0 || (order == 0 && a < b);
        }

        private void siftUp(int at) {
            int source = heap[at];
            while (at > 0) {
                int parent = (at - 1) >>> 1;
                if (!before(source, heap[parent])) {
                    break;
                }
                heap[at] = heap[parent];
                at = parent;
            }
            heap[at] = source;
        }

        private void siftDown(int at) {
            int source = heap[at];
            while (true) {
                int child = 2 * at + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && before(heap[child + 1], heap[child])) {
                    child++;
                }
                if (!before(heap[child], source)) {
                    break;
                }
                heap[at] = heap[child];
                at = child;
            }
            heap[at] = source;
        }

        @Override
        public boolean hasNext() {
            return size > 0;
        }

        @Override
        public CanonicalEvent next() {
            if (size == 0) {
                throw new NoSuchElementException();
            }
            int source = heap[0];
            CanonicalEvent event = heads[source];
            tag = tags[source];
            if (sources[source].hasNext()) {
                heads[source] = sources[source].next();
                tags[source] = sources[source].tag();
            } else {
                heads[source] = null;
                heap[0] = heap[--size];
            }
            if (size > 0) {
                siftDown(0);
            }
            return event;
        }

        @Override
        public long tag() {
            return tag;
        }
    }
}
