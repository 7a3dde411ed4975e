package dev.forgewatch.bench.e2e;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.bench.BenchData;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.hunt.HuntRun;
import dev.forgewatch.hunt.HuntSetup;
import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.List;

/**
 * One measured run in its own JVM (so its peak RSS is its own): {@code tokens FILE} only runs
 * Jackson's tokenizer over the file; {@code floor FILE} reads each record into a tree with plain
 * Jackson and discards it; {@code hunt FILE} runs the full offline hunt, timing the rule
 * pack's share on the detector's thread ({@link TimedDetector}). Prints one JSON
 * line of measurements on stdout. {@code pipeline FILE URL LIMIT NODE_PID} sends the file's first
 * LIMIT records, in batches, through the ingest pipeline's {@code _simulate} on a running node, and
 * also reports the CPU the node spent on them.
 */
public final class BenchChild {
    private BenchChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path file = Path.of(args[1]);
        ProcessStats.watchLiveHeap();
        long start = System.nanoTime();
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.put("mode", mode);
        switch (mode) {
            case "floor" -> {
                long records = 0;
                try (BufferedReader in = BenchData.reader(file)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        Json.MAPPER.readTree(line);
                        records++;
                    }
                }
                result.put("records", records);
                result.put("events", records);
            }
            case "tokens" -> {
                // the tokenizer alone: no tree, no strings; a lower bound for any JSON reader on this input
                long records = 0;
                int depth = 0;
                try (JsonParser parser = Json.MAPPER.getFactory().createParser(BenchData.reader(file))) {
                    JsonToken token;
                    while ((token = parser.nextToken()) != null) {
                        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                            if (depth++ == 0) {
                                records++;
                            }
                        } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                            depth--;
                        }
                    }
                }
                result.put("records", records);
                result.put("events", records);
            }
            case "hunt" -> {
                HuntSetup shipped = HuntSetup.standard();
                TimedDetector[] timed = new TimedDetector[1];
                HuntSetup setup = new HuntSetup(shipped.catalog(), shipped.opener(), shipped.normalizer(), shipped.rules(),
                        () -> timed[0] = new TimedDetector(shipped.detectors().get()), shipped.policy());
                HuntRun.Result run = new HuntRun(setup, Path.of(System.getProperty("java.io.tmpdir")), 200_000)
                        .run(List.of(file), QuarantineSink.DISCARD, ProgressListener.NONE);
                result.put("rule_pack_ms", timed[0].millis());
                result.put("rule_pack_events", timed[0].events());
                result.put("records", run.summary().recordsRead());
                result.put("events", run.summary().events());
                result.put("quarantined", run.summary().quarantined());
                result.put("findings", run.findings().size());
                result.put("incidents", run.incidents().incidents().size());
                result.put("sort_spills", run.sortSpills());
            }
            case "pipeline" -> {
                long nodePid = Long.parseLong(args[4]);
                long nodeCpuBefore = ProcessStats.cpuMillis(nodePid);
                PipelineClient.Counts counts = new PipelineClient(args[2]).simulate(file, Long.parseLong(args[3]));
                result.put("records", counts.records());
                result.put("events", counts.documents());
                result.put("pipeline_errors", counts.errors());
                result.put("node_cpu_ms", ProcessStats.cpuMillis(nodePid) - nodeCpuBefore);
                result.put("node_peak_rss_kib", ProcessStats.peakRssKib(nodePid));
            }
            default -> throw new IllegalArgumentException("mode must be tokens, floor, hunt or pipeline");
        }
        result.put("wall_ms", (System.nanoTime() - start) / 1_000_000);
        result.put("cpu_ms", ProcessStats.cpuMillis());
        result.put("peak_heap_bytes", ProcessStats.peakHeapBytes());
        result.put("peak_live_heap_bytes", ProcessStats.peakLiveHeapBytes());
        result.put("peak_full_gc_live_heap_bytes", ProcessStats.peakFullGcLiveHeapBytes());
        result.put("full_gcs", ProcessStats.fullCollections());
        result.put("gc_ms", ProcessStats.collectionMillis());
        result.put("peak_rss_kib", ProcessStats.peakRssKib());
        System.out.println(Json.MAPPER.writeValueAsString(result));
    }
}
