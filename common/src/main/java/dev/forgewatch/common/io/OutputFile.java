package dev.forgewatch.common.io;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One file a command writes where the user said (a hunt's outputs, a rules export). A file is
 * written to a temp file beside it and renamed over it only on {@link #commit()} ({@link AtomicFiles},
 * the durable atomic write), so a run that fails or is killed leaves the previous file as it was; closing without a commit abandons what was written. A device or pipe
 * ({@code /dev/null}, a FIFO) cannot be replaced by a rename: it is written directly.
 */
public final class OutputFile implements Closeable {
    private final AtomicOutput atomic;
    private final OutputStream direct;
    private final OutputStream stream;
    private final OnExit onExit;

    private OutputFile(AtomicOutput atomic, OutputStream direct) {
        this.atomic = atomic;
        this.direct = direct;
        // a run stopped by SIGTERM or Ctrl-C leaves no half-written temp file beside the output
        this.onExit = atomic == null ? null : OnExit.run("remove " + atomic.temp(), () -> deleteQuietly(atomic.temp()));
        // whoever writes through the stream may close it (a writer around it does): that only flushes
        this.stream = new FilterOutputStream(atomic != null ? atomic : direct) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** Opens {@code path} for writing: a temp file beside it, or the device itself. */
    public static OutputFile open(Path path) throws IOException {
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            return new OutputFile(null, new BufferedOutputStream(Files.newOutputStream(path), 1 << 16));
        }
        return new OutputFile(AtomicFiles.open(path), null);
    }

    public OutputStream stream() {
        return stream;
    }

    /** Publishes what was written: renamed into place (forced to disk), or flushed to the device. */
    public void commit() throws IOException {
        stream.flush();
        if (atomic != null) {
            atomic.commit();
            onExit.close();
        } else {
            direct.close();
        }
    }

    /** Writes {@code content} to {@code path} whole: renamed into place only once all of it is on disk. */
    public static void write(Path path, byte[] content) throws IOException {
        try (OutputFile file = open(path)) {
            file.stream().write(content);
            file.commit();
        }
    }

    /** Abandons an uncommitted file (its temp file is deleted, the previous file stays). */
    @Override
    public void close() throws IOException {
        if (atomic != null) {
            onExit.close();
            atomic.close();
        } else {
            direct.close();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // exiting: nothing more to do
        }
    }
}
