package dev.forgewatch.detections.pack;

import dev.forgewatch.detections.incident.IncidentPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files of a rule pack (rules, test fixtures, lookups, the incident policy, the tuning) as relative path to text, sorted by
 * path so every run loads them in the same order. Reads a directory, or the pack on the classpath
 * (a folder in development, a jar when installed).
 */
final class PackFiles {
    /** Where the shipped pack lives on the classpath; {@code README.md} anchors it. */
    static final String CLASSPATH_ROOT = "/dev/forgewatch/detections/rules/";
    private static final String ANCHOR = "README.md";

    private PackFiles() {
    }

    static Map<String, String> fromDirectory(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (isPackFile(relative)) {
                    files.put(relative, Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }

    static Map<String, String> fromClasspath() {
        URL anchor = PackFiles.class.getResource(CLASSPATH_ROOT + ANCHOR);
        if (anchor == null) {
            throw new IllegalStateException("the rule pack (" + CLASSPATH_ROOT + ANCHOR + ") is missing from the classpath");
        }
        try {
            URI uri = anchor.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return fromDirectory(Path.of(uri).getParent());
            }
            FileSystem jar;
            boolean opened = false;
            try {
                jar = FileSystems.newFileSystem(uri, Map.of());
                opened = true;
            } catch (FileSystemAlreadyExistsException e) {
                jar = FileSystems.getFileSystem(uri);
            }
            try {
                return fromDirectory(jar.getPath(CLASSPATH_ROOT));
            } finally {
                if (opened) {
                    jar.close();
                }
            }
        } catch (URISyntaxException | IOException e) {
            throw new UncheckedIOException(new IOException("cannot read the rule pack from " + anchor + ": " + e.getMessage(), e));
        }
    }

    private static boolean isPackFile(String path) {
        return path.endsWith(".yml") || path.endsWith(RulePack.TESTS_SUFFIX) || (path.startsWith("lookups/") && path.endsWith(".csv"))
                || path.equals(IncidentPolicy.FILE) || path.equals(dev.forgewatch.detections.tuning.Tuning.FILE)
                || path.equals(dev.forgewatch.detections.baseline.BaselinePolicy.FILE);
    }
}
