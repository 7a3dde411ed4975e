package dev.forgewatch.common.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expands the paths given to a run into the files to read: files as named, and below directories
 * the files whose names end in a log-export extension (optionally {@code .gz}), in name order,
 * leaving out hidden files and folders.
 */
public final class InputFiles {
    static final Set<String> EXTENSIONS = Set.of("json", "ndjson", "jsonl", "csv", "log");

    private InputFiles() {
    }

    /** @throws NoSuchFileException when a named path does not exist (a usage error) */
    public static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new NoSuchFileException(path.toString(), null, "no such file or directory");
            }
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).filter(file -> !insideHiddenFolder(path, file))
                            .filter(InputFiles::isLogExport).sorted().forEach(files::add);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            } else {
                files.add(path);
            }
        }
        return files;
    }

    /** Tools keep state in dot-folders (e.g. a collector's temp files); those are not logs to hunt in. */
    private static boolean insideHiddenFolder(Path root, Path file) {
        Path relative = root.relativize(file).getParent();
        if (relative == null) {
            return false;
        }
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
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
