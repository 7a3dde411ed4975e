package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Redactor;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The Purview audit search / Search-UnifiedAuditLog CSV export. Only the {@code AuditData} column
 * matters: it holds the full audit record as JSON (the other columns repeat parts of it).
 */
final class AuditCsvReader implements RecordReader {
    static final String AUDIT_DATA = "auditdata";

    private final TextSource source;
    private final CsvRecordReader rows;
    private final String file;
    private int auditDataColumn = -1;
    private int columns;

    AuditCsvReader(TextSource source, IngestLimits limits) {
        this.source = source;
        this.rows = new CsvRecordReader(source.reader(), limits.maxLineBytes(), source.encoding(), source.firstLine(),
                source.firstOffset());
        this.file = source.file();
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
                        new SourceRef(file, header.line()), "", header.offset(), 0);
            }
        }
        CsvRecordReader.Row row = rows.next();
        if (row == null) {
            return null;
        }
        if (row.multiLineField() >= 0 && !wellFormedMultiLine(row)) {
            row = rows.splitAtFirstLine();
        }
        SourceRef origin = new SourceRef(file, row.line());
        if (row.fields() == null) {
            return new RawRecord.Malformed(row.problem(), origin, "", row.offset(), 1);
        }
        if (row.fields().size() <= auditDataColumn) {
            return new RawRecord.Malformed("CSV row has " + row.fields().size() + " columns, the header has " + columns
                    + "; no AuditData value", origin, Excerpts.of(String.join(",", row.fields())), row.offset(), 1);
        }
        String auditData = row.fields().get(auditDataColumn);
        if (auditData.isBlank()) {
            return new RawRecord.Malformed("AuditData column is empty", origin, Excerpts.of(String.join(",", row.fields())),
                    row.offset(), 1);
        }
        try {
            JsonNode node = Json.WHOLE_TREE.readValue(auditData);
            return new RawRecord.Json(node, origin);
        } catch (JsonProcessingException e) {
            return new RawRecord.Malformed("AuditData column is not valid JSON: " + Redactor.redact(e.getOriginalMessage()),
                    origin, Excerpts.of(auditData), row.offset(), 1);
        }
    }

    /**
     * Only the AuditData column may hold a line break (pretty-printed JSON); a row where another
     * field does, or that comes out with another number of columns, or whose AuditData is not JSON,
     * is rows fused by an unbalanced quote.
     */
    private boolean wellFormedMultiLine(CsvRecordReader.Row row) {
        if (row.multiLineField() != auditDataColumn || row.fields().size() != columns) {
            return false;
        }
        try {
            Json.WHOLE_TREE.readValue(row.fields().get(auditDataColumn));
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    @Override
    public long bytesRead() {
        return source.fileBytes().getAsLong();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
