package dev.forgewatch.bench.jmh;

import dev.forgewatch.bench.BenchData;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.ingest.RawRecord;
import dev.forgewatch.common.ingest.RecordReader;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalization;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Records per second through each read stage, on the same 20,000 bulk records, beside the floor: a
 * plain Jackson read-and-discard loop over the same NDJSON. Scores are records/s (one op = one record).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ParseBench {
    static final int RECORDS = 20_000;

    private Path dir;
    private Path ndjson;
    private Path csv;
    private InputOpener opener;
    private Normalizer normalizer;
    private Normalizer lean;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("forgewatch-bench");
        ndjson = BenchData.bulk(dir.resolve("bulk.ndjson"), RECORDS);
        csv = BenchData.csvFrom(ndjson, dir.resolve("export.csv"));
        opener = new InputOpener(IngestLimits.DEFAULT, LineParser.NONE);
        normalizer = new Normalizer(FieldCatalog.standard(), TokenObserver.NONE);
        lean = Normalizer.lean(FieldCatalog.standard(), TokenObserver.NONE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(ndjson);
        Files.deleteIfExists(csv);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void jacksonFloor(Blackhole hole) throws IOException {
        try (BufferedReader in = BenchData.reader(ndjson)) {
            String line;
            while ((line = in.readLine()) != null) {
                hole.consume(Json.MAPPER.readTree(line));
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void readNdjson(Blackhole hole) throws IOException {
        drain(ndjson, hole, false);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void readCsvExport(Blackhole hole) throws IOException {
        drain(csv, hole, false);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void readAndNormalizeNdjson(Blackhole hole) throws IOException {
        drain(ndjson, hole, true);
    }

    /**
     * The hunt's records (UTF-8 NDJSON read as bytes, each record read from its slice of the input by
     * ByteSlotReader, no parser): no tree, the values of the members the lean normalizer reads in slots
     * (MemberTree's slot reading, repeated strings shared), the rest only scanned.
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void readNdjsonSlots(Blackhole hole) throws IOException {
        try (RecordReader reader = opener.open(ndjson, lean.membersRead()).reader()) {
            RawRecord record;
            while ((record = reader.next()) != null) {
                hole.consume(record);
            }
        }
    }

    /**
     * {@link #readNdjsonSlots} as it was before UTF-8 NDJSON was read as bytes: each line decoded into a
     * String and parsed from its characters (the reference reading, {@link InputOpener#decodingText()}).
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void readNdjsonSlotsFromText(Blackhole hole) throws IOException {
        try (RecordReader reader = opener.decodingText().open(ndjson, lean.membersRead()).reader()) {
            RawRecord record;
            while ((record = reader.next()) != null) {
                hole.consume(record);
            }
        }
    }

    /**
     * The hunt's read + normalize: records read into slots and the event filled from them by the lean
     * normalizer; a record the slots cannot hold read as a partial tree; a record taken whole when the
     * normalizer asks for it (app records, records without an id), as EventReader does.
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void readAndNormalizeNdjsonLean(Blackhole hole) throws IOException {
        try (RecordReader reader = opener.open(ndjson, lean.membersRead()).reader()) {
            RawRecord record;
            while ((record = reader.next()) != null) {
                if (record instanceof RawRecord.Slots slots) {
                    Normalization result = lean.normalize(slots.values(), slots.origin());
                    if (result == null) {
                        RawRecord.Json whole = slots.whole();
                        result = lean.normalize(whole.node(), whole.origin());
                    }
                    hole.consume(result);
                } else if (record instanceof RawRecord.Json json) {
                    Normalization result = lean.normalize(json.node(), json.origin(), json.partial());
                    if (result == null) {
                        RawRecord.Json whole = json.whole();
                        result = lean.normalize(whole.node(), whole.origin());
                    }
                    hole.consume(result);
                } else {
                    hole.consume(record);
                }
            }
        }
    }

    private void drain(Path file, Blackhole hole, boolean normalize) throws IOException {
        try (RecordReader reader = opener.open(file).reader()) {
            RawRecord record;
            while ((record = reader.next()) != null) {
                if (normalize && record instanceof RawRecord.Json json) {
                    Normalization result = normalizer.normalize(json.node(), json.origin());
                    hole.consume(result);
                } else {
                    hole.consume(record);
                }
            }
        }
    }
}
