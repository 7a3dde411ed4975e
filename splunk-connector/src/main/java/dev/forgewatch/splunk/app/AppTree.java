package dev.forgewatch.splunk.app;

import dev.forgewatch.common.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The files of an app package, in memory and sorted by path: what the builder produces, what the
 * {@code .spl} holds, and what the packaging checks inspect. Paths are full package paths
 * ({@code forgewatch_app/default/app.conf}); {@link #file} takes paths inside the app folder.
 */
public final class AppTree {
    /** A file, folder, or anything else a tar can hold (links, devices) which an app must not. */
    public enum Kind { FILE, DIRECTORY, OTHER }

    /**
     * One entry; {@code mode} holds the Unix permission bits. {@code size} is the entry's size; its
     * {@code content} is held only when the entry was not too large to read into memory.
     */
    public record Entry(String path, Kind kind, byte[] content, int mode, long size) {
        public Entry(String path, Kind kind, byte[] content, int mode) {
            this(path, kind, content, mode, content.length);
        }

        /** Whether {@code content} is the whole entry (a package's over-large entries are only measured). */
        public boolean held() {
            return content.length == size;
        }

        public boolean executable() {
            return (mode & 0111) != 0;
        }

        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }

        /** The path inside the app folder. */
        public String relativePath() {
            int slash = path.indexOf('/');
            return slash < 0 ? "" : path.substring(slash + 1);
        }
    }

    private final SortedMap<String, Entry> entries;

    private AppTree(SortedMap<String, Entry> entries) {
        this.entries = Collections.unmodifiableSortedMap(entries);
    }

    public static AppTree of(Collection<Entry> entries) {
        SortedMap<String, Entry> map = new TreeMap<>();
        entries.forEach(entry -> map.put(entry.path(), entry));
        return new AppTree(map);
    }

    /** Builds an app folder: regular files with mode 644. */
    public static Builder builder(String appId) {
        return new Builder(appId);
    }

    /**
     * Reads an unpacked app folder; the folder's name is the top folder of the tree. Like a package,
     * a file too large to hold ({@link SplPackage#MAX_ENTRY_BYTES}, {@link SplPackage#MAX_HELD_BYTES}) is only measured.
     */
    public static AppTree readDirectory(Path appDir) throws IOException {
        SortedMap<String, Entry> map = new TreeMap<>();
        long held = 0;
        Path parent = appDir.toAbsolutePath().getParent();
        try (Stream<Path> walk = Files.walk(appDir)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                String name = parent.relativize(path.toAbsolutePath()).toString().replace('\\', '/');
                if (Files.isSymbolicLink(path)) {
                    map.put(name, new Entry(name, Kind.OTHER, new byte[0], 0));
                } else if (Files.isDirectory(path)) {
                    map.put(name, new Entry(name, Kind.DIRECTORY, new byte[0], 0755));
                } else {
                    long size = Files.size(path);
                    boolean hold = size <= SplPackage.MAX_ENTRY_BYTES && held + size <= SplPackage.MAX_HELD_BYTES;
                    byte[] content = hold ? Files.readAllBytes(path) : new byte[0];
                    held += content.length;
                    map.put(name, new Entry(name, Kind.FILE, content, mode(path), hold ? content.length : size));
                }
            }
        }
        return new AppTree(map);
    }

    private static int mode(Path path) throws IOException {
        try {
            int mode = 0;
            for (PosixFilePermission permission : Files.getPosixFilePermissions(path)) {
                mode |= 1 << (8 - permission.ordinal());
            }
            return mode;
        } catch (UnsupportedOperationException e) {
            return Files.isExecutable(path) ? 0755 : 0644;
        }
    }

    /** Writes the tree below {@code parent}, creating the app folder; each file is written whole ({@link AtomicFiles}). */
    public void writeDirectory(Path parent) throws IOException {
        for (Entry entry : entries.values()) {
            Path target = parent.resolve(entry.path());
            if (entry.kind() == Kind.DIRECTORY) {
                Files.createDirectories(target);
            } else if (entry.kind() == Kind.FILE) {
                AtomicFiles.write(target, entry.content());
            }
        }
    }

    public Collection<Entry> entries() {
        return entries.values();
    }

    /** The names at the top of the package: exactly one, the app id, in a well-formed package. */
    public Set<String> topLevelNames() {
        Set<String> names = new TreeSet<>();
        entries.keySet().forEach(path -> names.add(path.contains("/") ? path.substring(0, path.indexOf('/')) : path));
        return names;
    }

    /** The app id: the single top folder, or empty when there is not exactly one. */
    public Optional<String> appId() {
        Set<String> names = topLevelNames();
        return names.size() == 1 ? Optional.of(names.iterator().next()) : Optional.empty();
    }

    /** A regular file by its path inside the app folder. */
    public Optional<Entry> file(String relativePath) {
        return appId().map(id -> entries.get(id + "/" + relativePath)).filter(e -> e.kind() == Kind.FILE);
    }

    public Optional<String> text(String relativePath) {
        return file(relativePath).map(Entry::text);
    }

    /** The regular files inside the app folder. */
    public Stream<Entry> files() {
        return entries.values().stream().filter(e -> e.kind() == Kind.FILE);
    }

    /** A copy with one regular file added or replaced (relative path), e.g. to break an app in a test. */
    public AppTree with(String relativePath, byte[] content, int mode) {
        String id = appId().orElseThrow();
        SortedMap<String, Entry> copy = new TreeMap<>(entries);
        copy.put(id + "/" + relativePath, new Entry(id + "/" + relativePath, Kind.FILE, content, mode));
        return new AppTree(copy);
    }

    public AppTree with(String relativePath, String text) {
        return with(relativePath, text.getBytes(StandardCharsets.UTF_8), 0644);
    }

    /** A copy without the entries at or below a full package path. */
    public AppTree without(String path) {
        SortedMap<String, Entry> copy = new TreeMap<>(entries);
        copy.keySet().removeIf(key -> key.equals(path) || key.startsWith(path + "/"));
        return new AppTree(copy);
    }

    /** A copy with an entry at a full package path (any kind), e.g. a stray top-level file. */
    public AppTree withEntry(Entry entry) {
        SortedMap<String, Entry> copy = new TreeMap<>(entries);
        copy.put(entry.path(), entry);
        return new AppTree(copy);
    }

    /** Collects regular files; folders are implied by their paths. */
    public static final class Builder {
        private final String appId;
        private final SortedMap<String, Entry> entries = new TreeMap<>();

        private Builder(String appId) {
            this.appId = appId;
        }

        public Builder file(String relativePath, byte[] content) {
            String path = appId + "/" + relativePath;
            if (entries.put(path, new Entry(path, Kind.FILE, content, 0644)) != null) {
                throw new IllegalStateException(relativePath + " is generated twice");
            }
            return this;
        }

        public Builder file(String relativePath, String text) {
            return file(relativePath, text.getBytes(StandardCharsets.UTF_8));
        }

        public AppTree build() {
            SortedMap<String, Entry> all = new TreeMap<>(entries);
            for (String path : entries.keySet()) {
                for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                    String folder = path.substring(0, slash);
                    all.putIfAbsent(folder, new Entry(folder, Kind.DIRECTORY, new byte[0], 0755));
                }
            }
            return new AppTree(all);
        }
    }
}
