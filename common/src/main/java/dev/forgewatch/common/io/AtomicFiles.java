package dev.forgewatch.common.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Durable file replacement, the one way ForgeWatch writes a file others read (reports, checkpoints,
 * the key ledger, collected logs, hunt outputs): write a hidden temp file in the target's folder,
 * force it to disk, rename it over the target in one step, then force the folder so the rename
 * itself survives a power cut. A reader sees the old file or the new one, never half of one; a run
 * that dies leaves the previous file as it was.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes one piece of code that streams into an open temp file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(AtomicOutput out) throws IOException;
    }

    /**
     * The hidden temp name used for {@code target}, in the same folder (a rename within one file
     * system is atomic); hunts skip dot-files, so a half-written file is never read as input.
     */
    public static Path tempFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp");
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
    }

    /** Writes text as UTF-8. */
    public static void writeString(Path target, CharSequence text) throws IOException {
        write(target, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Streams {@code content} into a temp file and publishes it; on any failure the target is untouched. */
    public static void write(Path target, Content content) throws IOException {
        try (AtomicOutput out = open(target)) {
            content.writeTo(out);
            out.commit();
        }
    }

    /**
     * Opens a temp file for {@code target} (creating missing parent folders) to be written and then
     * {@linkplain AtomicOutput#commit() committed}; closing it uncommitted deletes the temp file.
     */
    public static AtomicOutput open(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temp = tempFor(absolute);
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        return new AtomicOutput(channel, temp, absolute);
    }

    /** Renames a finished, already forced temp file to its final name and forces the folder. */
    public static void publish(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceFolder(target.toAbsolutePath().getParent());
    }

    /** Forces a folder's entries (a rename, a new file) to disk. */
    public static void forceFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a folder; the rename is still atomic there.
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")) {
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }
    }
}
