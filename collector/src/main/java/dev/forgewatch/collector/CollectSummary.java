package dev.forgewatch.collector;

import dev.forgewatch.collector.coverage.CoverageReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The outcome of a run: per-stream counts, the coverage report of the Exchange records seen, throttling met. */
public record CollectSummary(Path output, List<StreamResult> streams, CoverageReport coverage, long throttledRetries,
                             long otherRetries) {
    public CollectSummary {
        streams = List.copyOf(streams);
    }

    public long records() {
        return streams.stream().mapToLong(StreamResult::records).sum();
    }

    public long files() {
        return streams.stream().mapToLong(StreamResult::files).sum();
    }

    public String render() {
        StringBuilder text = new StringBuilder();
        for (StreamResult s : streams) {
            text.append(String.format(Locale.ROOT, "  %-26s %s .. %s: %,d blobs listed, %,d already had, %,d written, %,d records"
                            + " (%,d duplicates dropped) in %,d file%s%s%n", s.stream(), s.from(), s.to(), s.listed(), s.skipped(),
                    s.written(), s.records(), s.duplicates(), s.files(), s.files() == 1 ? "" : "s",
                    s.expired() > 0 ? String.format(Locale.ROOT, ", %,d EXPIRED before fetched", s.expired()) : ""));
        }
        if (throttledRetries > 0 || otherRetries > 0) {
            text.append(String.format(Locale.ROOT, "  retries: %,d after throttling, %,d after errors%n", throttledRetries, otherRetries));
        }
        return text.toString();
    }
}
