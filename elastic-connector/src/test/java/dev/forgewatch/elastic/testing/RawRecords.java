package dev.forgewatch.elastic.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.ingest.RawRecord;
import dev.forgewatch.common.ingest.RecordReader;
import dev.forgewatch.common.pipeline.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Raw records as the readers yield them: the sample tenant, common's fixtures and this module's own. */
public final class RawRecords {
    /** The generated sample tenant, from the module folder. */
    public static final Path SAMPLES = Path.of("..", "samples", "data");
    private static final List<String> COMMON_FIXTURES = List.of("consent-to-application.json", "graph-signins.json",
            "mailitemsaccessed-bind.json", "mailitemsaccessed-sync.json", "monitor-signins.json", "send.json",
            "set-mailbox-audit-bypass.json", "user-logged-in.json", "provenance/exchange-mailitemsaccessed.json",
            "provenance/sharepoint-fileaccessed.json", "provenance/graph-signins-beta.json",
            "provenance/monitor-signins-all-categories.json", "provenance/graph-activity-export.json",
            "provenance/graph-activity-rows.json");

    private RawRecords() {
    }

    /** A record and where it came from. */
    public record Named(String origin, JsonNode record) {
    }

    public static List<Named> read(List<Path> paths) {
        InputOpener opener = new InputOpener(IngestLimits.DEFAULT, LineParser.NONE);
        List<Named> records = new ArrayList<>();
        try {
            for (Path file : InputFiles.expand(paths)) {
                InputOpener.Opened opened = opener.open(file);
                if (opened.reader() == null) {
                    continue;
                }
                try (RecordReader reader = opened.reader()) {
                    RawRecord record;
                    while ((record = reader.next()) != null) {
                        if (record instanceof RawRecord.Json json) {
                            records.add(new Named(json.origin().toString(), json.node()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    public static List<Named> samples() {
        return read(List.of(SAMPLES));
    }

    /** common's fixtures (from its test jar) and this module's edge cases under {@code records/}. */
    public static List<Named> fixtures(Path scratch) {
        try {
            List<Path> files = new ArrayList<>();
            for (String name : COMMON_FIXTURES) {
                files.add(copy("/records/" + name, scratch.resolve("common-" + name.replace('/', '-'))));
            }
            URL own = RawRecords.class.getResource("/elastic-records");
            try (var list = Files.list(Path.of(own.toURI()))) {
                list.sorted().forEach(files::add);
            }
            return read(files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path copy(String resource, Path target) throws IOException {
        try (InputStream in = RawRecords.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
