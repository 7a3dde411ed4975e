package dev.forgewatch.common.pipeline;

import dev.forgewatch.common.secret.Redactor;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Expands the paths given to a run into the files to read: files as named, and below directories
 * the files whose names end in a log-export extension (optionally {@code .gz}), in name order,
 * leaving out hidden files and folders. Each file is read once however often it is reached
 * (overlapping arguments such as {@code dir dir/sub}, the same file named twice, a symbolic link to
 * a file also read directly): files are told apart by their real path. A folder or file below a
 * named directory that cannot be read is skipped, with its cause, instead of ending the run.
 */
public final class InputFiles {
    static final Set<String> EXTENSIONS = Set.of("json", "ndjson", "jsonl", "csv", "log");

    private InputFiles() {
    }

    /** A path below a named directory that could not be read, and why. */
    public record Skipped(Path path, String reason) {
    }

    /**
     * What a run will read.
     *
     * @param files   the files, each once, as reached from the paths given
     * @param real    the real path of each file (symbolic links and relative parts resolved), in the same order
     * @param folders the real paths of the directories given, whose whole trees are read
     * @param skipped what could not be read below those directories
     */
    public record Expanded(List<Path> files, List<Path> real, List<Path> folders, List<Skipped> skipped) {
        public Expanded {
            files = List.copyOf(files);
            real = List.copyOf(real);
            folders = List.copyOf(folders);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * The files to read, each once; an unreadable path below a directory fails the call, naming it.
     *
     * @throws NoSuchFileException when a named path does not exist (a usage error)
     */
    public static List<Path> expand(List<Path> paths) throws IOException {
        Expanded expanded = scan(paths);
        if (!expanded.skipped().isEmpty()) {
            Skipped first = expanded.skipped().get(0);
            throw new IOException("cannot read " + first.path() + ": " + first.reason());
        }
        return expanded.files();
    }

    /**
     * The files to read, each once, and what below the named directories could not be read.
     *
     * @throws NoSuchFileException when a named path does not exist (a usage error)
     */
    public static Expanded scan(List<Path> paths) throws IOException {
        Map<Path, Path> files = new LinkedHashMap<>();
        Set<Path> folders = new LinkedHashSet<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new NoSuchFileException(path.toString(), null, "no such file or directory");
            }
            if (Files.isDirectory(path)) {
                folders.add(path.toRealPath());
                List<Path> found = new ArrayList<>();
                Files.walkFileTree(path, new Collector(path, found, skipped));
                found.sort(null);
                for (Path file : found) {
                    add(file, files, skipped);
                }
            } else {
                add(path, files, skipped);
            }
        }
        return new Expanded(new ArrayList<>(files.values()), new ArrayList<>(files.keySet()), new ArrayList<>(folders), skipped);
    }

    private static void add(Path file, Map<Path, Path> files, List<Skipped> skipped) {
        try {
            files.putIfAbsent(file.toRealPath(), file);
        } catch (IOException e) {
            skipped.add(new Skipped(file, describe(e)));
        }
    }

    /** Log exports below one directory; hidden folders are not entered, failures are noted and passed by. */
    private static final class Collector extends SimpleFileVisitor<Path> {
        private final Path root;
        private final List<Path> found;
        private final List<Skipped> skipped;

        Collector(Path root, List<Path> found, List<Skipped> skipped) {
            this.root = root;
            this.found = found;
            this.skipped = skipped;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            // tools keep state in dot-folders (e.g. a collector's temp files); those are not logs to hunt in
            boolean hidden = !dir.equals(root) && dir.getFileName().toString().startsWith(".");
            return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            // a symbolic link to a file counts as that file (its real path keeps it from being read twice)
            boolean regular = attrs.isRegularFile() || (attrs.isSymbolicLink() && Files.isRegularFile(file));
            if (regular && isLogExport(file)) {
                found.add(file);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            skipped.add(new Skipped(file, describe(e)));
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            if (e != null) {
                skipped.add(new Skipped(dir, describe(e)));
            }
            return FileVisitResult.CONTINUE;
        }
    }

    /** The cause in words: {@code AccessDeniedException} says "permission denied" without its path. */
    private static String describe(IOException e) {
        String kind = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof NoSuchFileException ? "no such file or directory"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        String reason = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null
                ? kind + " (" + fs.getReason() + ")" : kind;
        return Redactor.redact(reason);
    }

    static boolean isLogExport(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.startsWith(".")) {
            return false;
        }
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1));
    }
}
