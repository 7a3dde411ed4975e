package dev.forgewatch.common.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.io.AtomicFiles;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which input files a shipment (to Elasticsearch or to Splunk HEC) has finished, so an interrupted
 * run resumes with the next file. A file counts as finished only after all its events were
 * acknowledged; a file interrupted half-way is shipped again from its start, which is safe: events
 * keep their stable ids (Elasticsearch answers "already present", Splunk copies share their
 * {@code forgewatch_event_id}). A file that changed (size or modification time) is shipped again.
 */
public final class Checkpoint {
    private final Path file;
    private final Map<String, String> done = new LinkedHashMap<>();

    private Checkpoint(Path file) {
        this.file = file;
    }

    /** Reads the checkpoint file, or starts an empty one when it does not exist. */
    public static Checkpoint open(Path file) throws IOException {
        Checkpoint checkpoint = new Checkpoint(file);
        if (file != null && Files.exists(file)) {
            JsonNode node = Json.MAPPER.readTree(file.toFile());
            for (JsonNode entry : node.path("done")) {
                checkpoint.done.put(entry.path("file").asText(), entry.path("version").asText());
            }
        }
        return checkpoint;
    }

    /** No checkpoint file: nothing is remembered between runs. */
    public static Checkpoint none() {
        return new Checkpoint(null);
    }

    /** True when finished files are written to a file for the next run (not {@link #none()}). */
    public boolean remembers() {
        return file != null;
    }

    public boolean isDone(Path input) throws IOException {
        return version(input).equals(done.get(key(input)));
    }

    /** Records a finished file and writes the checkpoint atomically and durably. */
    public void markDone(Path input) throws IOException {
        done.put(key(input), version(input));
        if (file == null) {
            return;
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", "forgewatch-ship-checkpoint/1");
        ArrayNode list = root.putArray("done");
        done.forEach((name, version) -> list.addObject().put("file", name).put("version", version));
        AtomicFiles.writeString(file, Json.PRETTY.writeValueAsString(root));
    }

    private static String key(Path input) {
        return input.toAbsolutePath().normalize().toString();
    }

    private static String version(Path input) throws IOException {
        return Files.size(input) + "@" + Files.getLastModifiedTime(input).toMillis();
    }
}
