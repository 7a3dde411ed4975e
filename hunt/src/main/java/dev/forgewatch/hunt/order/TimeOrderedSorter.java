package dev.forgewatch.hunt.order;

import dev.forgewatch.common.event.CanonicalEvent;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
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
 * Up to {@code chunkSize} events are sorted in memory; beyond that, sorted chunks are spilled to
 * temporary files ({@link SpillFormat}) in a folder of the run's own ({@link SpillFolder}) and
 * merged. At most {@code fanIn} spill files are open at once: with more chunks than that, groups of
 * them are first merged into bigger ones, so a long run stays under the open-file limit. Ties are
 * broken by event id, so the order is deterministic.
 */
public final class TimeOrderedSorter implements Closeable {
    public static final Comparator<CanonicalEvent> ORDER =
            Comparator.comparing(CanonicalEvent::timestamp).thenComparing(CanonicalEvent::id);
    /** Spill files merged at once: far below the usual soft limit of 1,024 open files. */
    public static final int DEFAULT_FAN_IN = 64;

    /** Spill file buffer: large enough that merging many spills reads in big sequential blocks. */
    private static final int BUFFER = 1 << 16;

    private final Path tempParent;
    private final int chunkSize;
    private final int fanIn;
    private final List<CanonicalEvent> buffer = new ArrayList<>();
    private final List<Path> spills = new ArrayList<>();
    private final List<DataInputStream> openReaders = new ArrayList<>();
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
    }

    public void add(CanonicalEvent event) {
        buffer.add(event);
        if (buffer.size() >= chunkSize) {
            try {
                spill();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write sort spill file: " + e.getMessage(), e);
            }
        }
    }

    /** How many chunks went to disk so far. */
    public int spillCount() {
        return chunks;
    }

    /** The most spill files open at once while reading them back. */
    public int fanIn() {
        return fanIn;
    }

    private void spill() throws IOException {
        buffer.sort(ORDER);
        if (folder == null) {
            folder = SpillFolder.create(tempParent);
        }
        spills.add(write(folder.path().resolve("chunk-" + chunks + ".bin"), buffer.iterator()));
        chunks++;
        buffer.clear();
    }

    private static Path write(Path file, Iterator<CanonicalEvent> events) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER))) {
            SpillFormat.Writer writer = new SpillFormat.Writer(out);
            while (events.hasNext()) {
                writer.write(events.next());
            }
        }
        return file;
    }

    /** All events added, in time order. Call once, after the last {@link #add}. */
    public Iterator<CanonicalEvent> sorted() throws IOException {
        buffer.sort(ORDER);
        if (spills.isEmpty()) {
            return buffer.iterator();
        }
        // fewer than fanIn spill files, plus the chunk still in memory, are merged at the end
        while (spills.size() >= fanIn) {
            List<Path> group = new ArrayList<>(spills.subList(0, fanIn));
            spills.subList(0, fanIn).clear();
            List<DataInputStream> readers = new ArrayList<>();
            try {
                List<Iterator<CanonicalEvent>> sources = new ArrayList<>();
                for (Path spill : group) {
                    sources.add(open(spill, readers));
                }
                spills.add(write(folder.path().resolve("merge-" + merges++ + ".bin"), new MergeIterator(sources)));
            } finally {
                for (DataInputStream reader : readers) {
                    reader.close();
                }
            }
            for (Path spill : group) {
                Files.deleteIfExists(spill);
            }
        }
        List<Iterator<CanonicalEvent>> sources = new ArrayList<>();
        sources.add(buffer.iterator());
        for (Path spill : spills) {
            sources.add(open(spill, openReaders));
        }
        return new MergeIterator(sources);
    }

    /**
     * Every event added again, in no particular order: the chunk in memory, then each spill file read
     * straight through (no merge). For a second look once the stream has been judged; call after
     * {@link #sorted()} is consumed, before {@link #close()}.
     */
    public void forEachUnordered(Consumer<CanonicalEvent> action) throws IOException {
        buffer.forEach(action);
        for (Path spill : spills) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(spill), BUFFER))) {
                SpillFormat.Reader reader = new SpillFormat.Reader(in);
                CanonicalEvent event;
                while ((event = reader.read()) != null) {
                    action.accept(event);
                }
            }
        }
    }

    private static Iterator<CanonicalEvent> open(Path spill, List<DataInputStream> readers) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(spill), BUFFER));
        readers.add(in);
        return new SpillIterator(new SpillFormat.Reader(in));
    }

    @Override
    public void close() throws IOException {
        try {
            for (DataInputStream reader : openReaders) {
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
