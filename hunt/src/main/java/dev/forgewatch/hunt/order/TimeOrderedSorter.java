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
 * stragglers is sorted and spilled as a chunk of its own. So a nearly ordered input costs one
 * sequential run and a few small chunks instead of sorting and merging everything, and any input at
 * all still comes out in order. Files are written in a compact form ({@link SpillFormat}) in a
 * folder of the run's own ({@link SpillFolder}) and merged at the end. At most {@code fanIn} spill
 * files are open at once: with more chunks than that, groups of them are first merged into bigger
 * ones, so a long run stays under the open-file limit. Ties are broken by event id, so the order is
 * deterministic; events equal in both (a record exported twice) come out in the order they were
 * added, spilled or not: a straggler tying with an event of the run arrived after it, and files are
 * merged in the order they were written, the run first and the stragglers still in memory last.
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
    private final List<Path> spills = new ArrayList<>();
    private final List<SpillFormat.Reader> openReaders = new ArrayList<>();
    private int chunks;
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

    /** How many files went to disk so far: the in-order run and the chunks of stragglers. */
    public int spillCount() {
        return chunks + (runStarted ? 1 : 0);
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

    private void spillStragglers() throws IOException {
        stragglers.sort(ORDER);
        spills.add(write(folder().resolve("chunk-" + chunks + ".bin"), stragglers.iterator()));
        chunks++;
        stragglers.clear();
        stragglerBytes = 0;
    }

    private static SpillFormat.Writer writer(Path file) throws IOException {
        return new SpillFormat.Writer(Files.newOutputStream(file));
    }

    private static Path write(Path file, Iterator<CanonicalEvent> events) throws IOException {
        try (SpillFormat.Writer writer = writer(file)) {
            while (events.hasNext()) {
                writer.write(events.next());
            }
        }
        return file;
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
            spills.add(0, run);
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
        if (runWriter != null) {
            runWriter.close();
            runWriter = null;
        }
        if (run != null) {
            spills.add(0, run); // the run's events arrived before any straggler that ties with them
            run = null;
        }
        if (spills.isEmpty()) {
            return buffer.iterator();
        }
        // fewer than fanIn spill files, plus the events still in memory, are merged at the end
        while (spills.size() >= fanIn) {
            reduceSpills();
        }
        List<Iterator<CanonicalEvent>> sources = new ArrayList<>();
        for (Path spill : spills) {
            sources.add(open(spill, openReaders));
        }
        sources.add(buffer.iterator()); // the stragglers still in memory arrived after every spilled event
        return new MergeIterator(sources);
    }

    /**
     * One pass of merging neighbouring groups of up to fanIn spill files into one file each, in place,
     * until fewer than fanIn are left: the files keep their order, so ties still come out in the order
     * they were added.
     */
    private void reduceSpills() throws IOException {
        List<Path> reduced = new ArrayList<>();
        int next = 0;
        while (next < spills.size()) {
            int left = spills.size() - next;
            if (reduced.size() + left < fanIn || left < 2) {
                reduced.addAll(spills.subList(next, spills.size()));
                break;
            }
            List<Path> group = spills.subList(next, next + Math.min(fanIn, left));
            reduced.add(merge(group));
            next += group.size();
        }
        spills.clear();
        spills.addAll(reduced);
    }

    private Path merge(List<Path> group) throws IOException {
        List<SpillFormat.Reader> readers = new ArrayList<>();
        Path merged;
        try {
            List<Iterator<CanonicalEvent>> sources = new ArrayList<>();
            for (Path spill : group) {
                sources.add(open(spill, readers));
            }
            merged = write(folder().resolve("merge-" + merges++ + ".bin"), new MergeIterator(sources));
        } finally {
            for (SpillFormat.Reader reader : readers) {
                reader.close();
            }
        }
        for (Path spill : group) {
            Files.deleteIfExists(spill);
        }
        return merged;
    }

    /**
     * Every event added again, in no particular order: the events in memory, then each spill file read
     * straight through (no merge). For a second look once the stream has been judged; call after
     * {@link #sorted()} is consumed, before {@link #close()}.
     */
    public void forEachUnordered(Consumer<CanonicalEvent> action) throws IOException {
        buffer.forEach(action);
        for (Path spill : spills) {
            try (SpillFormat.Reader reader = new SpillFormat.Reader(Files.newInputStream(spill))) {
                CanonicalEvent event;
                while ((event = reader.read()) != null) {
                    action.accept(event);
                }
            }
        }
    }

    private static Iterator<CanonicalEvent> open(Path spill, List<SpillFormat.Reader> readers) throws IOException {
        SpillFormat.Reader reader = new SpillFormat.Reader(Files.newInputStream(spill));
        readers.add(reader);
        return new SpillIterator(reader);
    }

    @Override
    public void close() throws IOException {
        try {
            if (runWriter != null) {
                runWriter.close();
            }
            for (SpillFormat.Reader reader : openReaders) {
                reader.close();
            }
        } finally {
            if (folder != null) {
                folder.close();
            }
        }
    }

    private static final class SpillIterator implements Iterator<CanonicalEvent> {
        private final SpillFormat.Reader reader;
        private CanonicalEvent next;

        SpillIterator(SpillFormat.Reader reader) {
            this.reader = reader;
            advance();
        }

        private void advance() {
            try {
                next = reader.read();
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
            advance();
            return event;
        }
    }

    /**
     * K-way merge of sorted iterators: a binary heap of the sources' current events, ties between
     * sources going to the one listed first.
     */
    private static final class MergeIterator implements Iterator<CanonicalEvent> {
        private final Iterator<CanonicalEvent>[] sources;
        private final CanonicalEvent[] heads;
        /** Source numbers, a binary heap ordered by their heads. */
        private final int[] heap;
        private int size;

        @SuppressWarnings("unchecked")
        MergeIterator(List<Iterator<CanonicalEvent>> sources) {
            this.sources = sources.toArray(new Iterator[0]);
            this.heads = new CanonicalEvent[this.sources.length];
            this.heap = new int[this.sources.length];
            for (int i = 0; i < this.sources.length; i++) {
                if (this.sources[i].hasNext()) {
                    heads[i] = this.sources[i].next();
                    heap[size] = i;
                    siftUp(size++);
                }
            }
        }

        private boolean before(int a, int b) {
            int order = compare(heads[a], heads[b]);
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
            if (sources[source].hasNext()) {
                heads[source] = sources[source].next();
            } else {
                heads[source] = null;
                heap[0] = heap[--size];
            }
            if (size > 0) {
                siftDown(0);
            }
            return event;
        }
    }
}
