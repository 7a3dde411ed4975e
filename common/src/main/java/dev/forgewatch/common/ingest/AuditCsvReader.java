package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Redactor;
import java.io.IOException;
import java.io.Reader;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The Purview audit search / Search-UnifiedAuditLog CSV export. Only the {@code AuditData} column
 * matters: it holds the full audit record as JSON (the other columns repeat parts of it).
 */
final class AuditCsvReader implements RecordReader {
    static final String AUDIT_DATA = "auditdata";

    private final Reader reader;
    private final CsvRecordReader rows;
    private final String file;
    private final LongSupplier bytesRead;
    private int auditDataColumn = -1;
    private int columns;

    AuditCsvReader(Reader reader, String file, IngestLimits limits, LongSupplier bytesRead) {
        this.reader = reader;
        this.rows = new CsvRecordReader(reader, limits.maxLineBytes());
        this.file = file;
        this.bytesRead = bytesRead;
    }

    @Override
    public RawRecord next() throws IOException {
        if (auditDataColumn < 0) {
            CsvRecordReader.Row header = rows.next();
            if (header == null) {
                return null;
            }
            if (header.fields() != null) {
                List<String> names = header.fields();
                for (int i = 0; i < names.size(); i++) {
                    if (names.get(i).trim().toLowerCase(Locale.ROOT).equals(AUDIT_DATA)) {
                        auditDataColumn = i;
                    }
                }
                columns = names.size();
            }
            if (auditDataColumn < 0) {
                auditDataColumn = Integer.MAX_VALUE; // never matches: every row is reported below
                return new RawRecord.Malformed("CSV header has no AuditData column; no row of this file can be read",
                        new SourceRef(file, header.line()), "");
            }
        }
        CsvRecordReader.Row row = rows.next();
        if (row == null) {
            return null;
        }
        SourceRef origin = new SourceRef(file, row.line());
        if (row.fields() == null) {
            return new RawRecord.Malformed(row.problem(), origin, "");
        }
        if (row.fields().size() <= auditDataColumn) {
            return new RawRecord.Malformed("CSV row has " + row.fields().size() + " columns, the header has " + columns
                    + "; no AuditData value", origin, Excerpts.of(String.join(",", row.fields())));
        }
        String auditData = row.fields().get(auditDataColumn);
        if (auditData.isBlank()) {
            return new RawRecord.Malformed("AuditData column is empty", origin, Excerpts.of(String.join(",", row.fields())));
        }
        try {
            JsonNode node = Json.MAPPER.readTree(auditData);
            return new RawRecord.Json(node, origin);
        } catch (JsonProcessingException e) {
            return new RawRecord.Malformed("AuditData column is not valid JSON: " + Redactor.redact(e.getOriginalMessage()),
                    origin, Excerpts.of(auditData));
        }
    }

    @Override
    public long bytesRead() {
        return bytesRead.getAsLong();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
