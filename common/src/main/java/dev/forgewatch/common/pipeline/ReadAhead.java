package dev.forgewatch.common.pipeline;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Runs a source ahead of its consumer on a thread of its own, so that reading, decompressing,
 * parsing and normalizing the next records overlap with what the caller does with the current
 * ones (sorting, spilling). Items come out in exactly the order the source yields them; a failure
 * of the source surfaces from {@link #next()} after the items produced before it, as it would
 * without the read-ahead. Memory stays bounded: at most {@code batchesAhead} batches wait.
 *
 * <p>The source is used by the read-ahead thread only, until {@link #close()} returns; {@link #next()}
 * and {@link #position()} belong to one consuming thread.
 *
 * @param <T> what the source yields
 */
public final class ReadAhead<T> implements Closeable {
    static final int DEFAULT_BATCH = 256;
    static final int DEFAULT_BATCHES_AHEAD = 4;
    private static final long POLL_MILLIS = 50;

    /** Yields items one at a time, null at the end. */
    @FunctionalInterface
    public interface Source<T> {
        T next() throws IOException;
    }

    /** Items produced in one go, the source's position after them, and how it ended, if it did. */
    private record Batch<T>(List<T> items, long position, boolean last, Throwable failure) {
    }

    private final Source<T> source;
    private final LongSupplier position;
    private final int batchSize;
    private final BlockingQueue<Batch<T>> queue;
    private final Thread worker;
    private volatile boolean closing;
    private Batch<T> current = new Batch<>(List.of(), 0, false, null);
    private int index;
    private boolean ended;

    /** A read-ahead over a source without a position (see {@link #position()}). */
    public ReadAhead(Source<T> source, String name) {
        this(source, () -> 0, name);
    }

    /**
     * @param position where the source is (bytes read, say), sampled after each batch
     * @param name     names the thread, for thread dumps
     */
    public ReadAhead(Source<T> source, LongSupplier position, String name) {
        this(source, position, name, DEFAULT_BATCH, DEFAULT_BATCHES_AHEAD);
    }

    ReadAhead(Source<T> source, LongSupplier position, String name, int batchSize, int batchesAhead) {
        if (batchSize < 1 || batchesAhead < 1) {
            throw new IllegalArgumentException("batch size and batches ahead must be positive");
        }
        this.source = source;
        this.position = position;
        this.batchSize = batchSize;
        this.queue = new ArrayBlockingQueue<>(batchesAhead);
        this.worker = new Thread(this::produce, "forgewatch-read-ahead " + name);
        worker.setDaemon(true);
        worker.start();
    }

    private void produce() {
        List<T> items = new ArrayList<>(batchSize);
        try {
            while (!closing) {
                T item = source.next();
                if (item == null) {
                    hand(new Batch<>(items, position.getAsLong(), true, null));
                    return;
                }
                items.add(item);
                if (items.size() == batchSize) {
                    hand(new Batch<>(items, position.getAsLong(), false, null));
                    items = new ArrayList<>(batchSize);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            hand(new Batch<>(items, position.getAsLong(), true, e));
        }
    }

    /** Waits for room in the queue, giving up only when the read-ahead is being closed. */
    private void hand(Batch<T> batch) {
        try {
            while (!closing) {
                if (queue.offer(batch, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next item, null at the end; rethrows the source's failure once its earlier items are out. */
    public T next() throws IOException {
        while (index == current.items().size()) {
            if (ended) {
                return null;
            }
            if (current.last()) {
                ended = true;
                rethrow(current.failure());
                return null;
            }
            current = take();
            index = 0;
        }
        return current.items().get(index++);
    }

    private Batch<T> take() throws IOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the next records");
        }
    }

    private static void rethrow(Throwable failure) throws IOException {
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
    }

    /** The source's position after the batch the last item came from (what the caller has seen, roughly). */
    public long position() {
        return current.position();
    }

    /** Stops the read-ahead, dropping what nobody took, and waits for its thread; the source stays open. */
    @Override
    public void close() {
        closing = true;
        queue.clear();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
