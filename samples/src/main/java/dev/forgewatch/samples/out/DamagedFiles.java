package dev.forgewatch.samples.out;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.samples.records.ExchangeRecords;
import dev.forgewatch.samples.tenant.User;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The malformed inputs of the sample, each in its own file under {@code damaged/}, built from
 * copies of real records of the sample (re-deliveries, as the Management Activity API makes) so
 * that whatever parses adds nothing new. Each file states what a reader must make of it.
 */
public final class DamagedFiles {
    public static final String FOLDER = "damaged/";

    /** What a run over one damaged file must report: events read, records quarantined, and why. */
    public record Damage(String file, int events, int quarantined, List<String> reasons, String description) {
        public Damage {
            reasons = List.copyOf(reasons);
        }
    }

    private DamagedFiles() {
    }

    /**
     * @param copies   at least three Exchange records of a clean mailbox, copied into the files
     * @param donor    the clean user whose activity the new-record-type record describes
     * @param donorAt  when that record happens (inside the donor's working day)
     */
    public static List<Damage> write(Path root, List<ObjectNode> copies, ExchangeRecords exchange, User donor,
                                     Instant donorAt, String unknownTypeId) throws IOException {
        List<Damage> damages = new ArrayList<>();
        damages.add(truncatedBlob(root, copies));
        damages.add(brokenNdjson(root, copies));
        damages.add(brokenCsv(root, copies));
        damages.add(unknownType(root, exchange, donor, donorAt, unknownTypeId));
        return damages;
    }

    /** A content blob cut off in the middle of its third record (an interrupted download). */
    private static Damage truncatedBlob(Path root, List<ObjectNode> copies) throws IOException {
        String third = line(copies.get(2));
        String text = JsonArrayWriter.CONTENT_BLOB_HEAD + line(copies.get(0)) + ",\n" + line(copies.get(1)) + ",\n"
                + third.substring(0, third.length() / 2);
        String file = FOLDER + "truncated-content-blob.json";
        store(root, file, text);
        return new Damage(file, 2, 1, List.of("malformed JSON"),
                "Audit.Exchange content blob cut off inside its third record: two events, then one quarantine record for the rest");
    }

    /** NDJSON with a line cut short and a record whose RecordType is a word instead of a number. */
    private static Damage brokenNdjson(Path root, List<ObjectNode> copies) throws IOException {
        ObjectNode wrongType = copies.get(1).deepCopy();
        wrongType.put("RecordType", "fifty");
        String broken = line(copies.get(2));
        String text = line(copies.get(0)) + "\n" + broken.substring(0, broken.length() / 3) + "\n" + line(wrongType) + "\n"
                + line(copies.get(2)) + "\n";
        String file = FOLDER + "broken-lines.ndjson";
        store(root, file, text);
        return new Damage(file, 2, 2, List.of("malformed JSON", "expected a whole number"),
                "NDJSON: line 2 is cut short (malformed JSON), line 3 has \"RecordType\":\"fifty\" (wrong type); lines 1 and 4 read");
    }

    /** A Purview export whose second row carries AuditData cut short (the CSV itself is well-formed). */
    private static Damage brokenCsv(Path root, List<ObjectNode> copies) throws IOException {
        StringBuilder text = new StringBuilder(PurviewCsvWriter.HEADER).append("\r\n");
        for (int i = 0; i < 3; i++) {
            ObjectNode record = copies.get(i);
            String auditData = line(record);
            if (i == 1) {
                auditData = auditData.substring(0, auditData.length() / 2);
            }
            text.append(PurviewCsvWriter.row(record, auditData));
        }
        String file = FOLDER + "purview-broken-auditdata.csv";
        store(root, file, text.toString());
        return new Damage(file, 2, 1, List.of("AuditData column is not valid JSON"),
                "Purview CSV export: row 2's AuditData is cut short; rows 1 and 3 read");
    }

    /**
     * A well-formed audit record of a type and operation ForgeWatch does not know (RecordType 999):
     * it must become an event with its raw fields, not a quarantine record.
     */
    private static Damage unknownType(Path root, ExchangeRecords exchange, User donor, Instant at, String id)
            throws IOException {
        ObjectNode record = exchange.header(at, id, "MailboxInsightsRefreshed", 999, donor);
        record.put("ClientIP", donor.place().ip());
        record.put("ObjectId", donor.mailboxGuid());
        record.put("UserId", donor.upn());
        record.put("MailboxOwnerUPN", donor.upn());
        String file = FOLDER + "unknown-record-type.json";
        store(root, file, JsonArrayWriter.CONTENT_BLOB_HEAD + line(record) + JsonArrayWriter.CONTENT_BLOB_TAIL);
        return new Damage(file, 1, 0, List.of(),
                "well-formed record with RecordType 999 and a new Operation: one event, no quarantine");
    }

    private static String line(ObjectNode record) throws IOException {
        return Json.MAPPER.writeValueAsString(record);
    }

    private static void store(Path root, String file, String text) throws IOException {
        SampleFiles.store(root, file, text.getBytes(StandardCharsets.UTF_8));
    }
}
