package dev.forgewatch.hunt.order;

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
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Puts events from any number of files into time order in bounded memory, so stateful detections
 * (first-seen, windows, "no sign-in before this mail access") see one timeline across sources.
 * Up to {@code chunkSize} events are held in memory; when there are more, the sorter exploits how
 * exports really arrive (nearly in time order): the events in memory become a reorder window, and
 * each new event pushes the earliest one out of the window onto one time-ordered run on disk.
 * An event earlier than what already went to the run (a straggler) waits beside the window; a
 * quarter of the memory full of stragglers is sorted and spilled as a chunk of its own. So a nearly
 * ordered input costs one sequential run and a few small chunks instead of sorting and merging
 * everything, and any input at all still comes out in order. Files are written in a compact form
 * ({@link SpillFormat}) in a folder of the run's own ({@link SpillFolder}) and merged at the end.
 * At most {@code fanIn} spill files are open at once: with more chunks than that, groups of them
 * are first merged into bigger ones, so a long run stays under the open-file limit. Ties are
 * broken by event id, so the order is deterministic.
 */
public final class TimeOrderedSorter implements Closeable {
    public static final Comparator<CanonicalEvent> ORDER =
            Comparator.comparing(CanonicalEvent::timestamp).thenComparing(CanonicalEvent::id);
    /** Spill files merged at once: far below the usual soft limit of 1,024 open files. */
    public static final int DEFAULT_FAN_IN = 64;

    private final Path tempParent;
    private final int chunkSize;
    private final int fanIn;
    private final int stragglerChunk;
    /** Everything, while it fits in memory; afterwards the stragglers waiting to be spilled. */
    private List<CanonicalEvent> buffer = new ArrayList<>();
    /** The reorder window, once there are more events than fit in memory; else null. */
    private PriorityQueue<CanonicalEvent> window;
    /** The in-order run on disk (while it is written), and the last event it took. */
    private SpillFormat.Writer runWriter;
    private Path run;
    private CanonicalEvent last;
    private final List<Path> spills = new ArrayList<>();
    private final List<SpillFormat.Reader> openReaders = new ArrayList<>();
    private int chunks;
    private int merges;
    private SpillFolder folder;

    public TimeOrderedSorter(Path tempParent, int chunkSize) {
        this(tempParent, chunkSize, DEFAULT_FAN_IN);
    }

    public TimeOrderedSorter(Path tempParent, int chunkSize, int fanIn) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive");
        }
        if (fanIn < 2) {
            throw new IllegalArgumentException("fanIn must be at least 2");
        }
        this.tempParent = tempParent;
        this.chunkSize = chunkSize;
        this.fanIn = fanIn;
        this.stragglerChunk = Math.max(1, chunkSize / 4);
    }

    public void add(CanonicalEvent event) {
        try {
            if (window == null) {
                buffer.add(event);
                if (buffer.size() > chunkSize) {
                    window = new PriorityQueue<>(buffer.size() + 1, ORDER);
                    window.addAll(buffer);
                    buffer = new ArrayList<>();
                    makeRoom();
                }
                return;
            }
            if (ORDER.compare(event, last) < 0) {
                buffer.add(event); // a straggler: the run is past its time
            } else {
                window.add(event);
            }
            makeRoom();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sort spill file: " + e.getMessage(), e);
        }
    }

    /** Keeps at most chunkSize events in memory: the window's earliest goes to the run, or stragglers to a chunk. */
    private void makeRoom() throws IOException {
        while (window.size() + buffer.size() > chunkSize) {
            if (buffer.size() >= stragglerChunk || window.isEmpty()) {
                spillStragglers();
            } else {
                CanonicalEvent first = window.poll();
                if (runWriter == null) {
                    run = folder().resolve("run-0.bin");
                    runWriter = writer(run);
                }
                runWriter.write(first);
                last = first;
            }
        }
    }

    /** How many files went to disk so far: the in-order run and the chunks of stragglers. */
    public int spillCount() {
        return chunks + (run == null ? 0 : 1);
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
        buffer.sort(ORDER);
        spills.add(write(folder().resolve("chunk-" + chunks + ".bin"), buffer.iterator()));
        chunks++;
        buffer.clear();
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

    /** All events added, in time order. Call once, after the last {@link #add}. */
    public Iterator<CanonicalEvent> sorted() throws IOException {
        if (window != null) {
            buffer.addAll(window);
            window = null;
        }
        buffer.sort(ORDER);
        if (runWriter != null) {
            runWriter.close();
            runWriter = null;
        }
        if (spills.isEmpty() && run == null) {
            return buffer.iterator();
        }
        // fewer than fanIn spill files (the run among them), plus the events still in memory, are merged at the end
        while (spills.size() + (run == null ? 0 : 1) >= fanIn) {
            int size = Math.min(fanIn, spills.size());
            List<Path> group = new ArrayList<>(spills.subList(0, size));
            spills.subList(0, size).clear();
            if (group.size() < 2) {
                group.add(run); // a fan-in of 2: the run itself must be merged with the one chunk left
                run = null;
            }
            List<SpillFormat.Reader> readers = new ArrayList<>();
            try {
                List<Iterator<CanonicalEvent>> sources = new ArrayList<>();
                for (Path spill : group) {
                    sources.add(open(spill, readers));
                }
                spills.add(write(folder().resolve("merge-" + merges++ + ".bin"), new MergeIterator(sources)));
            } finally {
                for (SpillFormat.Reader reader : readers) {
                    reader.close();
                }
            }
            for (Path spill : group) {
                Files.deleteIfExists(spill);
            }
        }
        List<Iterator<CanonicalEvent>> sources = new ArrayList<>();
        sources.add(buffer.iterator());
        if (run != null) {
            sources.add(open(run, openReaders));
        }
        for (Path spill : spills) {
            sources.add(open(spill, openReaders));
        }
        return new MergeIterator(sources);
    }

    /**
     * Every event added again, in no particular order: the events in memory, then each spill file read
     * straight through (no merge). For a second look once the stream has been judged; call after
     * {@link #sorted()} is consumed, before {@link #close()}.
     */
    public void forEachUnordered(Consumer<CanonicalEvent> action) throws IOException {
        buffer.forEach(action);
        List<Path> files = new ArrayList<>();
        if (run != null) {
            files.add(run);
        }
        files.addAll(spills);
        for (Path spill : files) {
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

    /** K-way merge of sorted iterators. */
    private static final class MergeIterator implements Iterator<CanonicalEvent> {
        private record Head(CanonicalEvent event, Iterator<CanonicalEvent> source) {
        }

        private final PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> ORDER.compare(a.event, b.event));

        MergeIterator(List<Iterator<CanonicalEvent>> sources) {
            for (Iterator<CanonicalEvent> source : sources) {
                if (source.hasNext()) {
                    heads.add(new Head(source.next(), source));
                }
            }
        }

        @Override
        public boolean hasNext() {
            return !heads.isEmpty();
        }

        @Override
        public CanonicalEvent next() {
            Head head = heads.poll();
            if (head == null) {
                throw new NoSuchElementException();
            }
            if (head.source.hasNext()) {
                heads.add(new Head(head.source.next(), head.source));
            }
            return head.event;
        }
    }
}
