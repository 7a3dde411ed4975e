package dev.forgewatch.samples.out;

import dev.forgewatch.common.io.AtomicFiles;
import dev.forgewatch.samples.sim.Activity;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The sample's output files. Each collects its activities in memory and, when complete, puts them
 * in the route's order and writes them, as is, or gzipped with a {@code .gz} suffix when bigger
 * than {@link #GZIP_ABOVE} (the readers recognize gzip by its magic bytes). Java's gzip header
 * carries no timestamp, so equal content gives equal files.
 */
public final class SampleFiles implements Closeable {
    public static final int GZIP_ABOVE = 96 * 1024;

    private final Path root;
    private final Map<String, OpenFile> open = new LinkedHashMap<>();
    private final List<Path> written = new ArrayList<>();

    public SampleFiles(Path root) {
        this.root = root;
    }

    public void write(Route route, Activity activity, int day) throws IOException {
        OpenFile file = open.computeIfAbsent(route.path(), path -> new OpenFile(route));
        file.activities.add(activity);
        file.lastDay = day;
    }

    /** Completes the files nothing was written to on {@code day}: daily files end with their day. */
    public void closeIdle(int day) throws IOException {
        Iterator<OpenFile> files = open.values().iterator();
        while (files.hasNext()) {
            OpenFile file = files.next();
            if (file.lastDay != day) {
                finish(file);
                files.remove();
            }
        }
    }

    /** The files written so far, in the order they were completed. */
    public List<Path> written() {
        return List.copyOf(written);
    }

    @Override
    public void close() throws IOException {
        for (OpenFile file : open.values()) {
            finish(file);
        }
        open.clear();
    }

    private void finish(OpenFile file) throws IOException {
        file.activities.sort(file.route.order());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (RecordWriter writer = file.route.format().open(new OutputStreamWriter(buffer, StandardCharsets.UTF_8))) {
            for (Activity activity : file.activities) {
                writer.write(activity);
            }
        }
        written.add(store(root, file.route.path(), buffer.toByteArray()));
    }

    /** Writes content under root, gzipped when large, whole ({@link AtomicFiles}); returns the path written. */
    public static Path store(Path root, String relative, byte[] content) throws IOException {
        boolean gzip = content.length > GZIP_ABOVE;
        Path target = root.resolve(relative + (gzip ? ".gz" : ""));
        AtomicFiles.write(target, gzip ? gzip(content) : content);
        return target;
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(content.length / 4);
        try (OutputStream out = new GZIPOutputStream(buffer, 64 * 1024)) {
            out.write(content);
        }
        return buffer.toByteArray();
    }

    private static final class OpenFile {
        final Route route;
        final List<Activity> activities = new ArrayList<>();
        int lastDay;

        OpenFile(Route route) {
            this.route = route;
        }
    }
}
