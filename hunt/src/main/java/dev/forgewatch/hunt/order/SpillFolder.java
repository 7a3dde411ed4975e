package dev.forgewatch.hunt.order;

import dev.forgewatch.common.io.OnExit;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The folder one run spills its sort chunks to: created in the temp folder, removed when the run
 * ends, and by a shutdown hook when the JVM is stopped (SIGTERM, SIGINT). A run killed outright
 * (SIGKILL, a crash) cannot clean up; its folder is recognized later and removed by
 * {@link #removeStale}: it holds an {@code owner} file naming the process (pid and start time)
 * and a {@code lock} file that the live process keeps locked, so a folder is removed only when it
 * is provably a ForgeWatch spill folder, its process is gone and it holds nothing but spill files.
 */
public final class SpillFolder implements AutoCloseable {
    static final String PREFIX = "forgewatch-sort-";
    private static final String OWNER = "owner";
    private static final String LOCK = "lock";
    private static final String MARKER = "forgewatch sort spill folder";
    private static final Pattern SPILL_FILE = Pattern.compile("(chunk|merge|run)-\\d+\\.bin");

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final OnExit onExit;
    private boolean closed;

    private SpillFolder(Path path, FileChannel lockChannel, FileLock lock) {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.onExit = OnExit.run("remove " + path, this::delete);
    }

    /** A new spill folder in {@code parent}, owned and locked by this process. */
    public static SpillFolder create(Path parent) throws IOException {
        Path path = Files.createTempDirectory(parent, PREFIX);
        ProcessHandle self = ProcessHandle.current();
        Files.writeString(path.resolve(OWNER), MARKER + "\npid=" + self.pid() + "\nstarted="
                + self.info().startInstant().map(Instant::toString).orElse("") + "\n", StandardCharsets.UTF_8);
        FileChannel channel = FileChannel.open(path.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.lock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new SpillFolder(path, channel, lock);
    }

    public Path path() {
        return path;
    }

    /** Removes the folder and its spill files. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        onExit.close();
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
        delete();
    }

    /** Deletes what this run wrote (also from the shutdown hook, while the run may still be writing). */
    private void delete() {
        for (int attempt = 0; attempt < 3 && Files.exists(path); attempt++) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(path)) {
                for (Path file : files) {
                    Files.deleteIfExists(file);
                }
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // a file appeared while deleting (the run was still spilling): try again
            }
        }
    }

    /** What {@link #removeStale} found: folders removed (with the bytes freed) and folders left, with why. */
    public record Cleanup(int removed, long bytes, List<String> left) {
    }

    /**
     * Removes the spill folders that runs killed outright left in {@code parent}. A folder is removed
     * only if its name, owner file and contents say it is a ForgeWatch spill folder, no live process
     * holds its lock, and the process it names is gone. Folders of live runs are left alone silently;
     * look-alikes that cannot be proven dead spill folders are left and reported.
     */
    public static Cleanup removeStale(Path parent) throws IOException {
        int removed = 0;
        long bytes = 0;
        List<String> left = new ArrayList<>();
        try (DirectoryStream<Path> candidates = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path folder : candidates) {
                if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Optional<Owner> owner = Owner.read(folder);
                if (owner.isEmpty() || owner.get().alive()) {
                    continue; // not one of ours (or from before owner files), or its run is still going
                }
                Optional<Long> size = deadAndOnlySpills(folder);
                if (size.isEmpty()) {
                    left.add(folder + " (its files are not all sort chunks, or its lock is held)");
                    continue;
                }
                for (Path file : list(folder)) {
                    Files.deleteIfExists(file);
                }
                Files.deleteIfExists(folder);
                removed++;
                bytes += size.get();
            }
        }
        return new Cleanup(removed, bytes, left);
    }

    /** The folder's total size if it holds only an owner, a lock and spill files and no process holds its lock. */
    private static Optional<Long> deadAndOnlySpills(Path folder) throws IOException {
        long size = 0;
        for (Path file : list(folder)) {
            String name = file.getFileName().toString();
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    || !(name.equals(OWNER) || name.equals(LOCK) || SPILL_FILE.matcher(name).matches())) {
                return Optional.empty();
            }
            size += Files.size(file);
        }
        Path lockFile = folder.resolve(LOCK);
        if (!Files.exists(lockFile)) {
            return Optional.of(size);
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock == null ? Optional.empty() : Optional.of(size);
        } catch (OverlappingFileLockException heldHere) {
            return Optional.empty();
        }
    }

    private static List<Path> list(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(files::add);
        }
        return files;
    }

    /** The process an owner file names. */
    private record Owner(long pid, String started) {
        static Optional<Owner> read(Path folder) {
            Path file = folder.resolve(OWNER);
            try {
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > 1024) {
                    return Optional.empty();
                }
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.size() != 3 || !lines.get(0).equals(MARKER) || !lines.get(1).startsWith("pid=")
                        || !lines.get(2).startsWith("started=")) {
                    return Optional.empty();
                }
                return Optional.of(new Owner(Long.parseLong(lines.get(1).substring(4)), lines.get(2).substring(8)));
            } catch (IOException | NumberFormatException e) {
                return Optional.empty();
            }
        }

        /** Whether that process still runs (the same one: a reused pid has another start time). */
        boolean alive() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(p -> p.info().startInstant().map(Instant::toString).orElse("").equals(started))
                    .orElse(false);
        }
    }
}
