package dev.forgewatch.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.bench.BenchData;
import dev.forgewatch.common.io.AtomicFiles;
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
 *      [--work DIR] [--results DIR] [--jvm-options "-Xmx1g ..." | --heap 1g] [--pipeline-limit 200000] [--no-pipeline]
 *      [--node-classpath elastic-connector/target/es-node-classpath.txt] [--node-heap 1g] [--baseline OTHER.jar]</pre>
 *
 * The ingest-pipeline baseline runs the first {@code --pipeline-limit} records of each size (all of
 * them when the size is smaller); when the node cannot start, the run goes on without it and says so.
 * {@code --baseline} names another build's {@code benchmarks.jar}: its hunt runs right after this
 * build's on the same file, and the results give the CPU and wall ratios of the two side by side.
 * Every child JVM, this build's and the baseline's alike, runs with the options the {@code forgewatch}
 * launcher gives Java ({@link #launcherOptions}: {@code FORGEWATCH_JAVA_OPTS} when set, else the
 * script's default, read from the script so there is one copy), so memory and CPU are measured as
 * users get them; {@code --jvm-options} gives them in full instead, {@code --heap 1g} runs with
 * {@code -Xmx1g} alone.
 */
public final class EndToEndBench {
    private EndToEndBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Long> sizes = List.of(1_000_000L, 10_000_000L);
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "forgewatch-bench");
        Path results = Path.of("bench", "results");
        Path nodeClasspath = Path.of("elastic-connector", "target", "es-node-classpath.txt");
        List<String> jvmOptions = null;
        String nodeHeap = "1g";
        long pipelineLimit = 200_000;
        boolean pipeline = true;
        String baseline = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--no-pipeline")) {
                pipeline = false;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[++i];
            switch (args[i - 1]) {
                case "--sizes" -> sizes = java.util.Arrays.stream(value.split(",")).map(String::trim).map(Long::parseLong).toList();
                case "--work" -> work = Path.of(value);
                case "--results" -> results = Path.of(value);
                case "--heap" -> jvmOptions = List.of("-Xmx" + value);
                case "--jvm-options" -> jvmOptions = List.of(value.trim().split("\\s+"));
                case "--node-heap" -> nodeHeap = value;
                case "--node-classpath" -> nodeClasspath = Path.of(value);
                case "--pipeline-limit" -> pipelineLimit = Long.parseLong(value);
                case "--baseline" -> baseline = Path.of(value).toAbsolutePath().toString();
                default -> throw new IllegalArgumentException("unknown option " + args[i - 1]);
            }
        }
        if (jvmOptions == null) {
            String environment = System.getenv("FORGEWATCH_JAVA_OPTS");
            jvmOptions = launcherOptions(environment, environment == null || environment.isEmpty() ? launcher() : null);
        }
        ObjectNode report = Json.MAPPER.createObjectNode();
        ObjectNode machine = machine(jvmOptions);
        report.set("machine", machine);
        PipelineNode node = null;
        if (baseline != null) {
            machine.put("baseline", baseline);
        }
        if (pipeline) {
            try {
                System.err.println("starting the Elasticsearch node for the ingest-pipeline baseline...");
                node = PipelineNode.start(nodeClasspath, work.resolve("es-node"), nodeHeap);
                machine.put("pipeline_node_heap", nodeHeap);
            } catch (IOException e) {
                System.err.println("no ingest-pipeline baseline: " + e.getMessage());
                machine.put("pipeline_skipped", e.getMessage());
            }
        } else {
            machine.put("pipeline_skipped", "--no-pipeline");
        }
        ArrayNode runs = report.putArray("runs");
        try {
            for (long size : sizes) {
                runs.add(measure(size, work, jvmOptions, node, pipelineLimit, baseline));
            }
        } finally {
            if (node != null) {
                machine.put("pipeline_node_peak_rss_kib", node.peakRssKib());
                node.close();
            }
        }
        machine.put("loadavg_end", loadAverage());
        Files.createDirectories(results);
        String stem = LocalDate.now() + "-e2e-" + String.join("-", sizes.stream().map(EndToEndBench::shortCount).toList());
        AtomicFiles.writeString(results.resolve(stem + ".json"), Json.PRETTY.writeValueAsString(report) + "\n");
        String table = markdown(report);
        AtomicFiles.writeString(results.resolve(stem + ".md"), table);
        System.out.print(table);
    }

    /** The default in the launcher's {@code ${FORGEWATCH_JAVA_OPTS:-...}}: what {@code ./forgewatch} gives Java. */
    private static final java.util.regex.Pattern LAUNCHER_DEFAULT = java.util.regex.Pattern.compile("\\$\\{FORGEWATCH_JAVA_OPTS:-([^}]*)}");

    /**
     * The JVM options the launcher script starts Java with: {@code FORGEWATCH_JAVA_OPTS} when it is set
     * and not empty (as the script's {@code :-} reads it), else the script's own default ({@code launcher}
     * is only read then).
     */
    static List<String> launcherOptions(String environment, Path launcher) throws IOException {
        String options = environment;
        if (options == null || options.isEmpty()) {
            java.util.regex.Matcher matcher = LAUNCHER_DEFAULT.matcher(Files.readString(launcher));
            if (!matcher.find()) {
                throw new IOException(launcher + " has no ${FORGEWATCH_JAVA_OPTS:-...} default; pass --jvm-options");
            }
            options = matcher.group(1);
        }
        return List.of(options.trim().split("\\s+"));
    }

    /** The {@code forgewatch} script: in the working folder, else two folders above this jar (bench/target/). */
    private static Path launcher() throws IOException {
        Path here = Path.of("forgewatch");
        if (Files.isRegularFile(here)) {
            return here;
        }
        try {
            Path target = Path.of(EndToEndBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().getParent();
            Path repository = target == null || target.getParent() == null ? null : target.getParent().getParent();
            if (repository != null && Files.isRegularFile(repository.resolve("forgewatch"))) {
                return repository.resolve("forgewatch");
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // not run from a jar on disk: only the working folder counts
        }
        throw new IOException("the forgewatch launcher script was not found: run from the repository's root or pass --jvm-options");
    }

    private static ObjectNode measure(long size, Path work, List<String> jvmOptions, PipelineNode node, long pipelineLimit, String baseline)
            throws IOException, InterruptedException {
        Path data = work.resolve("bulk-" + size + ".ndjson.gz");
        System.err.printf("generating %,d records into %s (cached between runs)%n", size, data);
        BenchData.bulk(data, size);
        ObjectNode run = Json.MAPPER.createObjectNode();
        run.put("records", size);
        run.put("input_bytes", Files.size(data));
        run.put("loadavg_before", loadAverage());
        for (String mode : List.of("tokens", "floor", "hunt")) {
            System.err.printf("%s over %,d records...%n", mode, size);
            JsonNode measured = child(jvmOptions, mode, data.toString());
            run.set(mode, measured);
            System.err.printf("  %s%n", measured);
        }
        JsonNode hunt = run.get("hunt");
        JsonNode floor = run.get("floor");
        run.put("hunt_vs_floor_cpu_ratio", round(hunt.path("cpu_ms").asDouble() / Math.max(1, floor.path("cpu_ms").asDouble())));
        if (baseline != null) {
            System.err.printf("hunt of the baseline build over %,d records...%n", size);
            JsonNode measured = childOn(baseline, jvmOptions, "hunt", data.toString());
            run.set("hunt_baseline", measured);
            System.err.printf("  %s%n", measured);
            run.put("hunt_vs_baseline_cpu_ratio", round3(hunt.path("cpu_ms").asDouble() / Math.max(1, measured.path("cpu_ms").asDouble())));
            run.put("hunt_vs_baseline_wall_ratio", round3(hunt.path("wall_ms").asDouble() / Math.max(1, measured.path("wall_ms").asDouble())));
        }
        run.put("hunt_records_per_s", rate(hunt, "records", "wall_ms"));
        run.put("hunt_events_per_s", rate(hunt, "events", "wall_ms"));
        run.put("hunt_records_per_cpu_s", rate(hunt, "records", "cpu_ms"));
        run.put("floor_records_per_s", rate(floor, "records", "wall_ms"));
        run.put("tokens_records_per_s", rate(run.get("tokens"), "records", "wall_ms"));
        run.put("rule_pack_events_per_s", rate(hunt, "rule_pack_events", "rule_pack_ms"));
        run.put("hunt_vs_floor_time_ratio", round(hunt.path("wall_ms").asDouble() / Math.max(1, floor.path("wall_ms").asDouble())));
        if (node != null) {
            long limit = Math.min(size, pipelineLimit);
            System.err.printf("ingest pipeline (_simulate) over the first %,d records...%n", limit);
            JsonNode measured = child(jvmOptions, "pipeline", data.toString(), node.url(), Long.toString(limit), Long.toString(node.pid()));
            run.set("pipeline", measured);
            System.err.printf("  %s%n", measured);
            long pipelineRate = rate(measured, "records", "wall_ms");
            run.put("pipeline_records_per_s", pipelineRate);
            run.put("pipeline_records_per_node_cpu_s", rate(measured, "records", "node_cpu_ms"));
            run.put("hunt_vs_pipeline_speedup", round(run.path("hunt_records_per_s").asDouble() / Math.max(1, pipelineRate)));
        }
        return run;
    }

    private static JsonNode child(List<String> jvmOptions, String mode, String... arguments) throws IOException, InterruptedException {
        return childOn(System.getProperty("java.class.path"), jvmOptions, mode, arguments);
    }

    private static JsonNode childOn(String classpath, List<String> jvmOptions, String mode, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, BenchChild.class.getName(), mode));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IOException(mode + " run failed with exit code " + process.exitValue());
        }
        String[] lines = out.split("\n");
        return Json.MAPPER.readTree(lines[lines.length - 1]);
    }

    private static ObjectNode machine(List<String> jvmOptions) {
        ObjectNode machine = Json.MAPPER.createObjectNode();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        machine.put("jvm_options", String.join(" ", jvmOptions));
        machine.put("date", LocalDate.now().toString());
        machine.put("loadavg_start", loadAverage());
        return machine;
    }

    private static long rate(JsonNode measured, String countField, String timeField) {
        return Math.round(measured.path(countField).asDouble() * 1000.0 / Math.max(1, measured.path(timeField).asDouble()));
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine skews every number here. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String shortCount(long n) {
        return n % 1_000_000 == 0 ? n / 1_000_000 + "M" : n % 1_000 == 0 ? n / 1_000 + "k" : Long.toString(n);
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    static String markdown(JsonNode report) {
        JsonNode machine = report.get("machine");
        StringBuilder md = new StringBuilder();
        md.append("# ForgeWatch end-to-end benchmark, ").append(machine.path("date").asText()).append("\n\n")
                .append("Machine: ").append(machine.path("cores").asInt()).append(" cores, ").append(machine.path("jvm").asText())
                .append(", ").append(machine.path("os").asText()).append(machine.has("jvm_options") ? ", JVM options `" + machine.path("jvm_options").asText() + "`"
                        : ", heap " + machine.path("heap").asText())
                .append(". Load average (1/5/15 min) at start ").append(machine.path("loadavg_start").asText())
                .append(", at end ").append(machine.path("loadavg_end").asText()).append(".\n\n")
                .append("| records | tokenizer rec/s | floor rec/s | hunt rec/s | hunt rec per CPU-s | rule pack ev/s (1 thread) | pipeline rec/s (records run) | hunt/floor time")
                .append(" | hunt/pipeline speed | floor peak RSS MiB | hunt heap after GC MiB | hunt live set (full GC) MiB | hunt peak heap MiB | hunt peak RSS MiB")
                .append(" | findings | load before |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (JsonNode run : report.get("runs")) {
            JsonNode hunt = run.get("hunt");
            JsonNode pipeline = run.get("pipeline");
            String pipelineRate = pipeline == null ? "n/a"
                    : String.format("%,d (%,d)", run.path("pipeline_records_per_s").asLong(), pipeline.path("records").asLong());
            String speedup = pipeline == null ? "n/a" : String.format("%.1f×", run.path("hunt_vs_pipeline_speedup").asDouble());
            long fullGcLive = hunt.path("peak_full_gc_live_heap_bytes").asLong(-1);
            String liveSet = fullGcLive < 0 ? "n/a" : String.format("%,d", fullGcLive / (1024 * 1024));
            md.append(String.format("| %,d | %,d | %,d | %,d | %,d | %,d | %s | %.2f | %s | %,d | %,d | %s | %,d | %,d | %,d | %s |%n",
                    run.path("records").asLong(), run.path("tokens_records_per_s").asLong(), run.path("floor_records_per_s").asLong(), run.path("hunt_records_per_s").asLong(),
                    run.path("hunt_records_per_cpu_s").asLong(), run.path("rule_pack_events_per_s").asLong(), pipelineRate, run.path("hunt_vs_floor_time_ratio").asDouble(), speedup,
                    run.get("floor").path("peak_rss_kib").asLong() / 1024, hunt.path("peak_live_heap_bytes").asLong() / (1024 * 1024),
                    liveSet, hunt.path("peak_heap_bytes").asLong() / (1024 * 1024),
                    hunt.path("peak_rss_kib").asLong() / 1024, hunt.path("findings").asLong(), run.path("loadavg_before").asText()));
        }
        md.append("\n");
        for (JsonNode run : report.get("runs")) {
            md.append(String.format("%,d records: hunt %.2f CPU-s against the floor's %.2f, **%.2f×** (issue 19's target: ≤ 2.0×)",
                    run.path("records").asLong(), run.get("hunt").path("cpu_ms").asDouble() / 1000,
                    run.get("floor").path("cpu_ms").asDouble() / 1000, run.path("hunt_vs_floor_cpu_ratio").asDouble()));
            if (run.has("hunt_baseline")) {
                md.append(String.format("; the baseline build's hunt %.2f CPU-s (findings %,d), this build / baseline: CPU %.3f, wall %.3f",
                        run.get("hunt_baseline").path("cpu_ms").asDouble() / 1000, run.get("hunt_baseline").path("findings").asLong(),
                        run.path("hunt_vs_baseline_cpu_ratio").asDouble(), run.path("hunt_vs_baseline_wall_ratio").asDouble()));
            }
            md.append(".\n");
        }
        md.append("\ntokenizer = Jackson's streaming tokenizer alone over the same file, no tree and no strings (a lower bound for any JSON reader); ")
                .append("floor = plain Jackson read-and-discard of the same gzipped NDJSON (the I/O + parse floor); ")
                .append("hunt = the full offline hunt (read, normalize, token inspection, time-ordered sort, the full rule pack); ")
                .append("rule pack = the events the pack saw over the time spent inside it, on the hunt's detector thread; ")
                .append("pipeline = the same records, in batches of ").append(PipelineClient.BATCH)
                .append(", through the shipped ingest pipeline with `_simulate` on a real Elasticsearch 7.10 node (")
                .append(machine.has("pipeline_skipped") ? "not run: " + machine.path("pipeline_skipped").asText()
                        : "heap " + machine.path("pipeline_node_heap").asText() + ", node peak RSS "
                        + machine.path("pipeline_node_peak_rss_kib").asLong() / 1024 + " MiB")
                .append("). Rates are wall-clock records/s; each measurement is a fresh JVM. Heap after GC is the most heap")
                .append(" in use right after any collection: an upper bound of what the run keeps alive, since a young collection")
                .append(" leaves the old generation's dead objects in place (it climbs with the heap the collector allows itself);")
                .append(" the live set is the most heap in use after a full collection, which marks the whole heap (n/a: the")
                .append(" collector never needed one); peak heap sums the pools' peaks, which grow with the -Xmx the JVM is given.\n");
        return md.toString();
    }
}
