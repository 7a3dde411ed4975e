package dev.forgewatch.collector.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.io.AtomicFiles;
import dev.forgewatch.common.io.AtomicOutput;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Fingerprints;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One stream's output: gzipped NDJSON files, one raw record per line, exactly as the API returned it.
 * A file is written under a hidden temp name and renamed when it is {@link #prepare() prepared} and
 * {@link #publish published}; the caller decides when (at blob or window boundaries, so a file never
 * holds part of a blob), asking {@link #full()} for the size and record limits.
 */
public final class NdjsonOutput {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final byte[] NEWLINE = {'\n'};

    private final Path dir;
    private final String stream;
    private final Clock clock;
    private final long maxBytes;
    private final long maxRecords;

    private AtomicOutput file;
    private OutputStream out;
    private long bytes;
    private long records;
    private int sequence;

    /** A written and forced temp file waiting for its rename. */
    public record Prepared(Path temp, Path target, long records) {
    }

    public NdjsonOutput(Path dir, String stream, Clock clock, long maxBytes, long maxRecords) throws IOException {
        this.dir = dir;
        this.stream = stream;
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.maxRecords = maxRecords;
        Files.createDirectories(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Deletes temp files a crashed run left behind (their blobs were never checkpointed). */
    public void removeStaleTemps() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Hands {@code ids} the record ids of the newest published files, newest first, until about
     * {@code limit} ids: a record the API delivers again in a later blob is then recognized even
     * across a restart.
     */
    public void recentIds(int limit, java.util.function.Consumer<String> ids) throws IOException {
        List<Path> published = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, stream + "-*.ndjson.gz")) {
            files.forEach(published::add);
        }
        published.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        int count = 0;
        for (Path file : published) {
            if (count >= limit) {
                return;
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    JsonNode record = Json.MAPPER.readTree(line);
                    ids.accept(idOf(record));
                    count++;
                }
            }
        }
    }

    /** The key a record is deduplicated by: the audit {@code Id}, the sign-in {@code id}, else a content hash. */
    public static String idOf(JsonNode record) {
        String id = record.path("Id").asText(record.path("id").asText(""));
        return id.isBlank() ? "sha256:" + Fingerprints.sha256Hex(record.toString()) : id;
    }

    public void write(JsonNode record) throws IOException {
        if (out == null) {
            open();
        }
        byte[] line = Json.MAPPER.writeValueAsBytes(record);
        out.write(line);
        out.write(NEWLINE);
        bytes += line.length + 1;
        records++;
    }

    public boolean isOpen() {
        return out != null;
    }

    /** True once the open file reached the size (uncompressed) or record limit. */
    public boolean full() {
        return out != null && (bytes >= maxBytes || records >= maxRecords);
    }

    /** Finishes the gzip stream and forces the file to disk; the file keeps its temp name. */
    public Prepared prepare() throws IOException {
        if (out == null) {
            throw new IllegalStateException("no open output file");
        }
        // finishing the gzip stream writes its trailer without closing the file
        ((GZIPOutputStream) out).finish();
        file.prepare();
        Prepared prepared = new Prepared(file.temp(), file.target(), records);
        out = null;
        file = null;
        return prepared;
    }

    public void publish(Prepared prepared) throws IOException {
        AtomicFiles.publish(prepared.temp(), prepared.target());
    }

    /** Drops an open file without publishing it (used when a run fails; its blobs are not checkpointed). */
    public void abandon() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // nothing to save; a temp file left behind is removed at the next start
            }
        }
        out = null;
        file = null;
    }

    private void open() throws IOException {
        String stamp = STAMP.format(clock.instant());
        Path target;
        do {
            sequence++;
            target = dir.resolve(String.format(Locale.ROOT, "%s-%s-%06d.ndjson.gz", stream, stamp, sequence));
        } while (Files.exists(target) || Files.exists(AtomicFiles.tempFor(target)));
        file = AtomicFiles.open(target);
        out = new GZIPOutputStream(file, 1 << 16);
        bytes = 0;
        records = 0;
    }
}
