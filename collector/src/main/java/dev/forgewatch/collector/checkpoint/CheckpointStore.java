package dev.forgewatch.collector.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.io.AtomicFiles;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One JSON file per stream in a state directory, each replaced atomically on every save. */
public final class CheckpointStore {
    static final int VERSION = 1;

    private final Path dir;

    public CheckpointStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path file(String stream) {
        // no .json extension: a hunt over the output directory must not read checkpoints as logs
        return dir.resolve(stream + ".checkpoint");
    }

    public Optional<Checkpoint> load(String stream) throws IOException {
        Path file = file(stream);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("checkpoint " + file + " is damaged (" + e.getClass().getSimpleName()
                    + "); move it away to start this stream over", e);
        }
        if (json.path("version").asInt() != VERSION || !stream.equals(json.path("stream").asText())) {
            throw new IOException("checkpoint " + file + " is not a version " + VERSION + " checkpoint of " + stream);
        }
        Checkpoint.Pending pending = null;
        JsonNode p = json.path("pending");
        if (p.isObject()) {
            pending = new Checkpoint.Pending(p.path("file").asText(), ids(p.path("content_ids")), instant(p.path("cursor")),
                    p.path("blobs").asLong(), p.path("records").asLong());
        }
        JsonNode t = json.path("totals");
        return Optional.of(new Checkpoint(stream, instant(json.path("cursor")), instant(json.path("last_content_created")),
                ids(json.path("seen")), pending,
                new Checkpoint.Totals(t.path("blobs").asLong(), t.path("records").asLong(), t.path("files").asLong())));
    }

    public void save(Checkpoint checkpoint) throws IOException {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("version", VERSION);
        json.put("stream", checkpoint.stream());
        putInstant(json, "cursor", checkpoint.cursor());
        putInstant(json, "last_content_created", checkpoint.lastContentCreated());
        json.set("seen", ids(checkpoint.seen()));
        if (checkpoint.pending() != null) {
            Checkpoint.Pending pending = checkpoint.pending();
            ObjectNode p = json.putObject("pending");
            p.put("file", pending.file());
            p.set("content_ids", ids(pending.contentIds()));
            putInstant(p, "cursor", pending.cursor());
            p.put("blobs", pending.blobs());
            p.put("records", pending.records());
        }
        ObjectNode totals = json.putObject("totals");
        totals.put("blobs", checkpoint.totals().blobs());
        totals.put("records", checkpoint.totals().records());
        totals.put("files", checkpoint.totals().files());
        AtomicFiles.write(file(checkpoint.stream()), Json.PRETTY.writeValueAsBytes(json));
    }

    private static ObjectNode ids(Map<String, Instant> ids) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        ids.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> node.put(e.getKey(), e.getValue().toString()));
        return node;
    }

    private static Map<String, Instant> ids(JsonNode node) {
        Map<String, Instant> ids = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            ids.put(entry.getKey(), Instant.parse(entry.getValue().asText()));
        }
        return ids;
    }

    private static void putInstant(ObjectNode json, String name, Instant value) {
        if (value == null) {
            json.putNull(name);
        } else {
            json.put(name, value.toString());
        }
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : Instant.parse(node.asText());
    }
}
