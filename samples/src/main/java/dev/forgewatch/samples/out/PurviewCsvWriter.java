package dev.forgewatch.samples.out;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.samples.sim.Activity;
import java.io.IOException;
import java.io.Writer;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The Microsoft Purview audit search export ("Export > Download all results"): the record in the
 * AuditData column, a few of its members repeated in front. As in exported files, rows end in CRLF,
 * CreationDate and AuditData are quoted (CreationDate with seven fractional digits, a Z and a
 * trailing space), and the admin-unit columns are empty for an organization without them.
 */
public final class PurviewCsvWriter implements RecordWriter {
    public static final String HEADER =
            "RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames";
    private static final DateTimeFormatter CREATION_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'.0000000Z '");

    private final Writer out;

    public PurviewCsvWriter(Writer out) throws IOException {
        this.out = out;
        out.write(HEADER);
        out.write("\r\n");
    }

    @Override
    public void write(Activity activity) throws IOException {
        ObjectNode record = ((Activity.AuditRecord) activity).record();
        out.write(row(record, Json.MAPPER.writeValueAsString(record)));
    }

    /** The export row of a record, its AuditData cell holding {@code auditData}. */
    public static String row(ObjectNode record, String auditData) {
        String creationDate = CREATION_DATE.format(LocalDateTime.parse(record.path("CreationTime").asText()));
        return String.join(",", record.path("Id").asText(), quoted(creationDate), record.path("RecordType").asText(),
                cell(record.path("Operation").asText()), cell(record.path("UserId").asText()), quoted(auditData), "", "")
                + "\r\n";
    }

    /** RFC 4180 quoting: inside double quotes, with every quote doubled. */
    private static String quoted(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private static String cell(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n") ? quoted(value) : value;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
