package dev.forgewatch.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.bench.BenchData;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * End-to-end benchmark: for each input size, the full hunt and its baselines run side by side in
 * fresh JVMs on the same generated data, and the results are written as JSON and a markdown table
 * under {@code bench/results/} with the machine facts, so later runs can be compared.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.forgewatch.bench.e2e.EndToEndBench [--sizes 1000000,10000000]
 *      [--work DIR] [--results DIR] [--heap 1g]</pre>
 */
public final class EndToEndBench {
    private EndToEndBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Long> sizes = List.of(1_000_000L, 10_000_000L);
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "forgewatch-bench");
        Path results = Path.of("bench", "results");
        String heap = "1g";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--sizes" -> sizes = java.util.Arrays.stream(args[i + 1].split(",")).map(String::trim).map(Long::parseLong).toList();
                case "--work" -> work = Path.of(args[i + 1]);
                case "--results" -> results = Path.of(args[i + 1]);
                case "--heap" -> heap = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        ObjectNode report = Json.MAPPER.createObjectNode();
        report.set("machine", machine(heap));
        ArrayNode runs = report.putArray("runs");
        for (long size : sizes) {
            Path data = work.resolve("bulk-" + size + ".ndjson.gz");
            System.err.printf("generating %,d records into %s (cached between runs)%n", size, data);
            BenchData.bulk(data, size);
            ObjectNode run = runs.addObject();
            run.put("records", size);
            run.put("input_bytes", Files.size(data));
            for (String mode : List.of("floor", "hunt")) {
                System.err.printf("%s over %,d records...%n", mode, size);
                JsonNode measured = child(mode, data, heap);
                run.set(mode, measured);
                System.err.printf("  %s%n", measured);
            }
            run.put("hunt_events_per_s", rate(run.get("hunt"), "wall_ms"));
            run.put("hunt_events_per_cpu_s", rate(run.get("hunt"), "cpu_ms"));
            run.put("floor_records_per_s", rate(run.get("floor"), "wall_ms"));
            run.put("hunt_vs_floor_time_ratio",
                    round(run.get("hunt").path("wall_ms").asDouble() / Math.max(1, run.get("floor").path("wall_ms").asDouble())));
        }
        Files.createDirectories(results);
        String stem = LocalDate.now() + "-e2e";
        Files.writeString(results.resolve(stem + ".json"), Json.PRETTY.writeValueAsString(report) + "\n", StandardCharsets.UTF_8);
        String table = markdown(report);
        Files.writeString(results.resolve(stem + ".md"), table, StandardCharsets.UTF_8);
        System.out.print(table);
    }

    private static JsonNode child(String mode, Path data, String heap) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), BenchChild.class.getName(), mode, data.toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IOException(mode + " run failed with exit code " + process.exitValue());
        }
        String[] lines = out.split("\n");
        return Json.MAPPER.readTree(lines[lines.length - 1]);
    }

    private static ObjectNode machine(String heap) {
        ObjectNode machine = Json.MAPPER.createObjectNode();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        machine.put("heap", heap);
        machine.put("date", LocalDate.now().toString());
        return machine;
    }

    private static long rate(JsonNode measured, String timeField) {
        return Math.round(measured.path("events").asDouble() * 1000.0 / Math.max(1, measured.path(timeField).asDouble()));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    static String markdown(JsonNode report) {
        JsonNode machine = report.get("machine");
        StringBuilder md = new StringBuilder();
        md.append("# ForgeWatch end-to-end benchmark, ").append(machine.path("date").asText()).append("\n\n")
                .append("Machine: ").append(machine.path("cores").asInt()).append(" cores, ").append(machine.path("jvm").asText())
                .append(", ").append(machine.path("os").asText()).append(", heap ").append(machine.path("heap").asText()).append(".\n\n")
                .append("| records | floor records/s | hunt events/s | hunt events per CPU-s | hunt/floor time | hunt peak heap MiB | hunt peak RSS MiB | sort spills |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (JsonNode run : report.get("runs")) {
            JsonNode hunt = run.get("hunt");
            md.append(String.format("| %,d | %,d | %,d | %,d | %.2f | %,d | %,d | %d |%n", run.path("records").asLong(),
                    run.path("floor_records_per_s").asLong(), run.path("hunt_events_per_s").asLong(),
                    run.path("hunt_events_per_cpu_s").asLong(), run.path("hunt_vs_floor_time_ratio").asDouble(),
                    hunt.path("peak_heap_bytes").asLong() / (1024 * 1024), hunt.path("peak_rss_kib").asLong() / 1024,
                    hunt.path("sort_spills").asLong()));
        }
        md.append("\nfloor = plain Jackson read-and-discard of the same gzipped NDJSON (the I/O + parse floor); ")
                .append("hunt = the full offline hunt (read, normalize, token inspection, time-ordered sort, every rule).\n");
        return md.toString();
    }
}
