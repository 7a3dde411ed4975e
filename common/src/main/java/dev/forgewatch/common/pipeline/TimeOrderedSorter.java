package dev.forgewatch.common.pipeline;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.CanonicalEventCodec;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.stream.Stream;

/**
 * Puts events from any number of files into time order in bounded memory, so stateful detections
 * (first-seen, windows, "no sign-in before this mail access") see one timeline across sources.
 * Up to {@code chunkSize} events are sorted in memory; beyond that, sorted chunks are spilled to
 * temporary NDJSON files and merged. Ties are broken by event id, so the order is deterministic.
 */
public final class TimeOrderedSorter implements Closeable {
    public static final Comparator<CanonicalEvent> ORDER =
            Comparator.comparing(CanonicalEvent::timestamp).thenComparing(CanonicalEvent::id);

    private final CanonicalEventCodec codec;
    private final Path tempParent;
    private final int chunkSize;
    private final List<CanonicalEvent> buffer = new ArrayList<>();
    private final List<Path> spills = new ArrayList<>();
    private final List<BufferedReader> openReaders = new ArrayList<>();
    private Path tempDir;

    public TimeOrderedSorter(CanonicalEventCodec codec, Path tempParent, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive");
        }
        this.codec = codec;
        this.tempParent = tempParent;
        this.chunkSize = chunkSize;
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
        return spills.size();
    }

    private void spill() throws IOException {
        buffer.sort(ORDER);
        if (tempDir == null) {
            tempDir = Files.createTempDirectory(tempParent, "forgewatch-sort-");
        }
        Path spill = tempDir.resolve("chunk-" + spills.size() + ".ndjson");
        try (BufferedWriter out = Files.newBufferedWriter(spill, StandardCharsets.UTF_8)) {
            for (CanonicalEvent event : buffer) {
                out.write(Json.MAPPER.writeValueAsString(codec.encode(event)));
                out.write('\n');
            }
        }
        spills.add(spill);
        buffer.clear();
    }

    /** All events added, in time order. Call once, after the last {@link #add}. */
    public Iterator<CanonicalEvent> sorted() throws IOException {
        buffer.sort(ORDER);
        if (spills.isEmpty()) {
            return buffer.iterator();
        }
        List<Iterator<CanonicalEvent>> sources = new ArrayList<>();
        sources.add(buffer.iterator());
        for (Path spill : spills) {
            BufferedReader reader = Files.newBufferedReader(spill, StandardCharsets.UTF_8);
            openReaders.add(reader);
            sources.add(new SpillIterator(reader, spill));
        }
        return new MergeIterator(sources);
    }

    @Override
    public void close() throws IOException {
        for (BufferedReader reader : openReaders) {
            reader.close();
        }
        if (tempDir != null) {
            try (Stream<Path> files = Files.list(tempDir)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(tempDir);
        }
    }

    private final class SpillIterator implements Iterator<CanonicalEvent> {
        private final BufferedReader reader;
        private final SourceRef origin;
        private String next;

        SpillIterator(BufferedReader reader, Path spill) {
            this.reader = reader;
            this.origin = new SourceRef(spill.toString(), 0);
            advance();
        }

        private void advance() {
            try {
                next = reader.readLine();
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
            try {
                CanonicalEvent event = codec.decode(Json.MAPPER.readTree(next), origin);
                advance();
                return event;
            } catch (IOException e) {
                throw new UncheckedIOException("corrupt sort spill file: " + e.getMessage(), e);
            }
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
