package dev.forgewatch.common.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A temp file on its way to becoming {@link #target()}: written through this stream, then
 * {@link #prepare() forced} and {@link #commit() renamed} into place. Closing it before the commit
 * abandons it (the temp file is deleted and the target stays as it was), so try-with-resources
 * around a write that throws leaves nothing behind.
 */
public final class AtomicOutput extends OutputStream {
    private enum State { OPEN, PREPARED, COMMITTED, ABANDONED }

    private final FileChannel channel;
    private final OutputStream out;
    private final Path temp;
    private final Path target;
    private State state = State.OPEN;

    AtomicOutput(FileChannel channel, Path temp, Path target) {
        this.channel = channel;
        this.temp = temp;
        this.target = target;
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    }

    public Path target() {
        return target;
    }

    public Path temp() {
        return temp;
    }

    @Override
    public void write(int b) throws IOException {
        open().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        open().write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        open().flush();
    }

    /**
     * Forces everything written to disk and closes the temp file, which keeps its temp name: for a
     * caller that records the file (a checkpoint's pending entry) before it is renamed.
     */
    public void prepare() throws IOException {
        open().flush();
        channel.force(true);
        channel.close();
        state = State.PREPARED;
    }

    /** Prepares the file if not yet done and renames it over the target. */
    public void commit() throws IOException {
        if (state == State.OPEN) {
            prepare();
        }
        if (state != State.PREPARED) {
            throw new IllegalStateException("not open: " + state);
        }
        AtomicFiles.publish(temp, target);
        state = State.COMMITTED;
    }

    /** Abandons an uncommitted file: the temp file is deleted, the target is untouched. */
    @Override
    public void close() throws IOException {
        if (state == State.COMMITTED || state == State.ABANDONED) {
            return;
        }
        state = State.ABANDONED;
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private OutputStream open() {
        if (state != State.OPEN) {
            throw new IllegalStateException("not open: " + state);
        }
        return out;
    }
}
