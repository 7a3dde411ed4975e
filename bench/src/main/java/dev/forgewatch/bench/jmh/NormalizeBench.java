package dev.forgewatch.bench.jmh;

import dev.forgewatch.bench.BenchData;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.ingest.MemberValues;
import dev.forgewatch.common.ingest.RawRecord;
import dev.forgewatch.common.ingest.RecordReader;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalization;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The hunt's normalize stage alone: the bulk records the lean normalizer fills from slots, read once
 * in the set-up (as the hunt's parse thread hands them over), then turned into events, one op a record.
 * ParseBench measures reading and normalizing together.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class NormalizeBench {
    static final int RECORDS = 20_000;

    private Normalizer lean;
    private MemberValues[] values;
    private SourceRef[] origins;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path dir = Files.createTempDirectory("forgewatch-bench");
        Path ndjson = BenchData.bulk(dir.resolve("bulk.ndjson"), RECORDS);
        lean = Normalizer.lean(FieldCatalog.standard(), TokenObserver.NONE);
        List<MemberValues> read = new ArrayList<>();
        List<SourceRef> from = new ArrayList<>();
        try (RecordReader reader = new InputOpener(IngestLimits.DEFAULT, LineParser.NONE).open(ndjson, lean.membersRead()).reader()) {
            for (RawRecord record = reader.next(); record != null; record = reader.next()) {
                if (record instanceof RawRecord.Slots slots && lean.normalize(slots.values(), slots.origin()) != null) {
                    read.add(slots.values());
                    from.add(slots.origin());
                }
            }
        }
        Files.deleteIfExists(ndjson);
        Files.deleteIfExists(dir);
        // most bulk records: audit records and Graph sign-ins (the rest takes the tree reading in the hunt)
        int count = read.size();
        values = new MemberValues[RECORDS];
        origins = new SourceRef[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            values[i] = read.get(i % count);
            origins[i] = from.get(i % count);
        }
    }

    /** One record's event made from its slots by the hunt's lean normalizer. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void normalizeSlots(Blackhole hole) {
        for (int i = 0; i < RECORDS; i++) {
            Normalization result = lean.normalize(values[i], origins[i]);
            hole.consume(result);
        }
    }
}
