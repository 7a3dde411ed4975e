package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Redactor;
import java.io.Reader;
import java.util.function.LongSupplier;

/** One JSON record per line; a bad line is quarantined and reading goes on with the next. */
final class NdjsonReader extends LineRecordReader {
    NdjsonReader(Reader reader, String file, IngestLimits limits, LongSupplier bytesRead) {
        super(reader, file, limits, bytesRead);
    }

    @Override
    RawRecord toRecord(String line, SourceRef origin) {
        try {
            return new RawRecord.Json(Json.MAPPER.readTree(line), origin);
        } catch (JsonProcessingException e) {
            return new RawRecord.Malformed("malformed JSON: " + Redactor.redact(e.getOriginalMessage()), origin,
                    Excerpts.of(line));
        }
    }
}
