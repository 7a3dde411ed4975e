package dev.forgewatch.common.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.ingest.RawRecord;
import dev.forgewatch.common.ingest.RecordReader;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.pipeline.EventReader;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.pipeline.RunStats;
import dev.forgewatch.common.quarantine.QuarantineRecord;
import dev.forgewatch.common.quarantine.QuarantineSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lean normalizer fills events straight from records read into slots (no tree). Each shape here
 * must give exactly the events and quarantine entries of the full normalizer reading whole records,
 * and the test also checks which way each record went: slots, the partial tree, or whole.
 */
class SlotReadingTest {
    private static final FieldCatalog CATALOG = FieldCatalog.standard();
    private static final String AUDIT = "\"CreationTime\":\"2023-06-01T10:00:00\",\"Operation\":\"MailItemsAccessed\",\"RecordType\":50";

    @TempDir
    Path dir;

    private record Outcome(List<String> events, List<QuarantineRecord> quarantined, RunStats.Summary summary) {
    }

    private static Outcome read(Normalizer normalizer, Path file) throws IOException {
        List<String> events = new ArrayList<>();
        List<QuarantineRecord> quarantined = new ArrayList<>();
        RunStats stats = new RunStats();
        new EventReader(new InputOpener(IngestLimits.DEFAULT, LineParser.NONE), normalizer, QuarantineSink.into(quarantined),
                stats, ProgressListener.NONE).read(List.of(file), event -> events.add(describe(event)));
        return new Outcome(events, quarantined, stats.summary());
    }

    /** Everything of an event but its raw bag (which only the full normalizer keeps). */
    private static String describe(CanonicalEvent event) {
        return event.kind() + " " + event.id() + " " + event.timestamp() + " " + event.origin() + " " + event.fields();
    }

    /** How the lean reading takes each record: "slots", "slots, then whole", "tree" (partial tree) or "malformed". */
    private static List<String> ways(Normalizer lean, Path file) throws IOException {
        List<String> ways = new ArrayList<>();
        try (RecordReader reader = new InputOpener(IngestLimits.DEFAULT, LineParser.NONE).open(file, lean.membersRead()).reader()) {
            for (RawRecord record = reader.next(); record != null; record = reader.next()) {
                if (record instanceof RawRecord.Slots slots) {
                    ways.add(lean.normalize(slots.values(), slots.origin()) != null ? "slots" : "slots, then whole");
                } else {
                    ways.add(record instanceof RawRecord.Json ? "tree" : "malformed");
                }
            }
        }
        return ways;
    }

    private Outcome assertSameAsWhole(Path file) throws IOException {
        Outcome lean = read(Normalizer.lean(CATALOG, TokenObserver.NONE), file);
        Outcome whole = read(new Normalizer(CATALOG, TokenObserver.NONE), file);
        assertThat(lean.events()).containsExactlyElementsOf(whole.events());
        assertThat(lean.quarantined()).containsExactlyElementsOf(whole.quarantined());
        assertThat(lean.summary()).isEqualTo(whole.summary());
        return lean;
    }

    private Path ndjson(String... lines) throws IOException {
        Path file = dir.resolve("records.ndjson");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void auditAndSignInRecordsAreFilledFromSlotsWithTheEventsOfWholeRecords() throws IOException {
        Path file = ndjson(
                // nested objects, a literal dotted key, arrays (count, select, pairs), a null before a value
                "{" + AUDIT + ",\"Id\":\"a-1\",\"UserId\":\"u@x.example\",\"ClientIPAddress\":null,\"ClientIP\":\"[2001:DB8::1]:443\","
                        + "\"AppAccessContext\":{\"UniqueTokenId\":\"uti-1\",\"AADSessionId\":\"s-1\",\"IssuedAtTime\":\"2023-06-01T09:00:00\"},"
                        + "\"AppAccessContext.ClientAppId\":\"literal-app\",\"ClientAppId\":null,"
                        + "\"Folders\":[{\"Path\":\"\\\\Inbox\",\"FolderItems\":[{\"InternetMessageId\":\"<m1@x>\"},{}]},{\"Path\":\"\\\\Sent\"}],"
                        + "\"OperationProperties\":[{\"Name\":\"MailAccessType\",\"Value\":\"Bind\"},{\"Name\":\"IsThrottled\",\"Value\":\"False\"}],"
                        + "\"Parameters\":[{\"Name\":\"Identity\",\"Value\":\"x\"},{\"Name\":\"Enabled\",\"NewValue\":true}],"
                        + "\"Unread\":{\"deep\":[1,{\"x\":[null]}]},\"Item\":{\"ParentFolder\":{\"Path\":\"\\\\Drafts\"},\"InternetMessageId\":\"<i@x>\"}}",
                // unicode escapes (a surrogate pair too) and numbers written as strings
                "{\"CreationTime\":\"2023-06-01T10:01:00\",\"Id\":\"a-2\",\"Operation\":\"Mail\\u0049temsAccessed\",\"RecordType\":\"50\","
                        + "\"UserId\":\"j\\u00f6rg@x.example\",\"ClientInfoString\":\"Client=OWA;Action=ViaProxy \\ud83d\\ude00\","
                        + "\"UserType\":\"0\",\"OperationCount\":\"3\",\"ExternalAccess\":\"true\",\"ErrorNumber\":\"0\"}",
                // numbers where text is expected, an empty string, an id that is a number
                "{" + AUDIT + ",\"Id\":12345,\"UserId\":\"\",\"ResultStatus\":7,\"Workload\":\"Exchange\",\"ClientIP\":\"198.51.100.7\"}",
                // a Graph sign-in resource: nested status and location
                "{\"id\":\"s-1\",\"createdDateTime\":\"2023-06-01T09:59:00Z\",\"userPrincipalName\":\"u@x.example\",\"appId\":\"app-1\","
                        + "\"ipAddress\":\"203.0.113.5\",\"status\":{\"errorCode\":50126,\"failureReason\":\"bad\"},"
                        + "\"location\":{\"city\":\"Z\\u00fcrich\",\"countryOrRegion\":\"CH\"},\"isInteractive\":true,\"riskEventTypes\":[]}");

        Outcome lean = assertSameAsWhole(file);

        assertThat(ways(Normalizer.lean(CATALOG, TokenObserver.NONE), file)).containsOnly("slots");
        assertThat(lean.events()).hasSize(4);
        assertThat(lean.events().get(0)).contains("literal-app", "2001:db8::1", "<m1@x>", "<i@x>", "\\Drafts", "Identity=x", "Bind");
        assertThat(lean.events().get(1)).contains("jörg@x.example", "MailItemsAccessed", "\ud83d\ude00");
        assertThat(lean.events().get(2)).contains("AUDIT 12345 ");
        assertThat(lean.events().get(3)).contains("Zürich", "50126");
    }

    /**
     * The lean normalizer keeps the values it made of the raw strings it met last (per field entry): a
     * value met again, one that gives nothing the first time (an operation outside a value table, an IP
     * field holding no address, an empty folder path), must give the same fields the first time, the second
     * time, and after many other values have taken its place.
     */
    @Test
    void valuesMadeAgainOfRepeatedRawStringsAreTheValuesMadeTheFirstTime() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String status = i % 3 == 0 ? "Succeeded" : i % 3 == 1 ? "Failed" : "Odd" + (i % 70);
            String address = i % 4 == 0 ? "not-an-ip" : i % 4 == 1 ? "198.51.100." + (i % 90) + ":443" : "[2001:DB8::" + (i % 80) + "]:1";
            lines.add("{\"CreationTime\":\"2023-06-01T10:00:00\",\"Id\":\"r-" + i + "\",\"Operation\":\""
                    + (i % 5 == 0 ? "UserLoginFailed" : "MailItemsAccessed") + "\",\"RecordType\":50,\"ResultStatus\":\"" + status
                    + "\",\"UserId\":\"user" + (i % 100) + "@x.example\",\"ClientIPAddress\":\"" + address + "\",\"ClientIP\":\"203.0.113." + (i % 7)
                    + "\",\"Folders\":[{\"Path\":\"\"},{\"Path\":\"\\\\Inbox\"},{\"Path\":\"\\\\F" + (i % 40) + "\"},{\"Path\":\"\\\\Inbox\"}]}");
        }
        Path file = ndjson(lines.toArray(String[]::new));

        Outcome lean = assertSameAsWhole(file);

        assertThat(ways(Normalizer.lean(CATALOG, TokenObserver.NONE), file)).containsOnly("slots");
        assertThat(lean.events()).hasSize(300);
        assertThat(lean.events().get(1)).contains("outcome=failure", "client_ip=198.51.100.1,", "folder_paths=[\\Inbox, \\F1]");
        assertThat(lean.events().get(3)).contains("outcome=success", "client_ip=2001:db8::3,");
        assertThat(lean.events().get(4)).contains("outcome=failure", "client_ip=203.0.113.4,"); // not-an-ip: the next path
        assertThat(lean.events().get(5)).contains("outcome=failure", "operation=UserLoginFailed");
        assertThat(lean.events().get(202)).contains("outcome=failure", "client_ip=2001:db8::42,", "folder_paths=[\\Inbox, \\F2]");
    }

    @Test
    void aRepeatedMemberSendsTheRecordToTheTreeReading() throws IOException {
        Path file = ndjson(
                "{" + AUDIT + ",\"Id\":\"d-1\",\"UserId\":\"first@x.example\",\"UserId\":\"second@x.example\"}",
                // an object followed by a string of the same name: the tree keeps the string, so nothing below it
                "{" + AUDIT + ",\"Id\":\"d-2\",\"AppAccessContext\":{\"UniqueTokenId\":\"uti-2\"},\"AppAccessContext\":\"gone\"}",
                // a repeated member of a nested object
                "{" + AUDIT + ",\"Id\":\"d-3\",\"AppAccessContext\":{\"UniqueTokenId\":\"uti-3\",\"UniqueTokenId\":\"uti-4\"}}",
                // repeated members of an array's elements and of members not read change nothing
                "{" + AUDIT + ",\"Id\":\"d-4\",\"Unread\":1,\"Unread\":2,\"Folders\":[{\"Path\":\"a\",\"Path\":\"b\"}]}");

        Outcome lean = assertSameAsWhole(file);

        assertThat(ways(Normalizer.lean(CATALOG, TokenObserver.NONE), file)).containsExactly("tree", "tree", "tree", "slots");
        assertThat(lean.events().get(0)).contains("second@x.example").doesNotContain("first@x.example");
        assertThat(lean.events().get(1)).doesNotContain("uti-2");
        assertThat(lean.events().get(2)).contains("uti-4").doesNotContain("uti-3");
    }

    @Test
    void wrappedUnknownAndDamagedRecordsGoTheOldWaysAndAreCounted() throws IOException {
        Path file = ndjson(
                "{" + AUDIT + ",\"Id\":\"ok-1\"}",
                // a properties object on an audit record: kept as a member, not unwrapped
                "{" + AUDIT + ",\"Id\":\"p-1\",\"properties\":{\"sessionId\":\"s-9\"}}",
                // an unknown record type: an app log line (its tokens may be anywhere, so it is read whole)
                "{\"@timestamp\":\"2023-06-01T10:02:00Z\",\"request_id\":\"r-1\",\"user\":\"u@x.example\",\"client_ip\":\"192.0.2.9\"}",
                // malformed mid-file: cut off, then an invalid escape in a member nobody reads
                "{" + AUDIT + ",\"Id\":\"cut-1\",\"UserId\":",
                "{" + AUDIT + ",\"Id\":\"bad-escape\",\"Unread\":\"\\q\"}",
                // a value of the wrong type, no id (a content hash), no timestamp
                "{\"CreationTime\":\"2023-06-01T10:03:00\",\"Id\":\"wrong-1\",\"Operation\":\"Send\",\"RecordType\":\"fifty\"}",
                "{" + AUDIT + ",\"UserId\":\"no-id@x.example\"}",
                "{\"CreationTime\":null,\"Id\":\"no-time\",\"Operation\":\"Send\",\"RecordType\":2}",
                "{" + AUDIT + ",\"Id\":\"ok-2\"}");

        Outcome lean = assertSameAsWhole(file);

        assertThat(ways(Normalizer.lean(CATALOG, TokenObserver.NONE), file)).containsExactly("slots", "slots, then whole",
                "slots, then whole", "malformed", "malformed", "slots, then whole", "slots, then whole", "slots, then whole", "slots");
        assertThat(lean.summary().recordsRead()).isEqualTo(9);
        assertThat(lean.summary().events() + lean.summary().quarantined()).isEqualTo(9);
        assertThat(lean.quarantined()).extracting(QuarantineRecord::reason).hasSize(4)
                .anySatisfy(reason -> assertThat(reason).startsWith("malformed JSON"))
                .anySatisfy(reason -> assertThat(reason).contains("RecordType"));
        assertThat(lean.events()).anyMatch(event -> event.startsWith("AUDIT p-1 "))
                .anyMatch(event -> event.startsWith("APP r-1 "))
                .anyMatch(event -> event.startsWith("AUDIT audit-"));
    }

    @Test
    void azureMonitorRecordsAreUnwrappedFromSlotsAsTheTreeReadingUnwrapsThem() throws IOException {
        String envelope = "\"time\":\"2023-06-01T10:00:00Z\",\"category\":\"NonInteractiveUserSignInLogs\",\"tenantId\":\"t-outer\","
                + "\"callerIpAddress\":\"203.0.113.9\",\"location\":\"US\"";
        Path file = ndjson(
                // tenant and time from the envelope; the category read under azureMonitor
                "{" + envelope + ",\"properties\":{\"id\":\"m-1\",\"userPrincipalName\":\"a@x.example\",\"appId\":\"app-1\","
                        + "\"ipAddress\":\"192.0.2.1\",\"status\":{\"errorCode\":0},\"location\":{\"city\":\"Oslo\"}}}",
                // the inner record's own tenant and time (a null tenant counts as present), members after properties
                "{\"time\":\"2023-06-01T11:00:00Z\",\"properties\":{\"id\":\"m-2\",\"createdDateTime\":\"2023-06-01T10:59:58Z\","
                        + "\"tenantId\":null,\"userPrincipalName\":\"b@x.example\",\"ipAddress\":\"192.0.2.2\"},"
                        + "\"category\":\"SignInLogs\",\"tenantId\":\"t-outer\"}",
                // a Graph activity log export: the caller's address from the envelope
                "{\"time\":\"2023-06-01T12:00:00Z\",\"category\":\"MicrosoftGraphActivityLogs\",\"tenantId\":\"t-1\","
                        + "\"callerIpAddress\":\"198.51.100.3\",\"properties\":{\"requestId\":\"g-1\",\"appId\":\"app-2\","
                        + "\"responseStatusCode\":200,\"userId\":\"u-1\"}}",
                // an envelope's time that is not a timestamp: rejected as the tree reading rejects it
                "{\"time\":\"soon\",\"category\":\"SignInLogs\",\"properties\":{\"id\":\"m-3\",\"userPrincipalName\":\"c@x.example\"}}",
                // no id: a content hash of the whole record
                "{" + envelope + ",\"properties\":{\"userPrincipalName\":\"d@x.example\",\"appId\":\"app-1\"}}",
                // a wrapper inside the wrapper, a repeated wrapper, an azureMonitor member of its own: the tree reading
                "{" + envelope + ",\"properties\":{\"id\":\"m-4\",\"properties\":{\"id\":\"x\"}}}",
                "{" + envelope + ",\"properties\":{\"id\":\"m-5\"},\"properties\":{\"id\":\"m-6\"}}",
                "{" + envelope + ",\"properties\":{\"id\":\"m-7\",\"azureMonitor\":{\"category\":\"SignInLogs\"}}}",
                // an azureMonitor object on a Graph sign-in resource: read as a member, whole
                "{\"id\":\"s-2\",\"createdDateTime\":\"2023-06-01T09:59:00Z\",\"userPrincipalName\":\"e@x.example\",\"status\":{},"
                        + "\"azureMonitor\":{\"category\":\"ServicePrincipalSignInLogs\"}}");

        Outcome lean = assertSameAsWhole(file);

        assertThat(ways(Normalizer.lean(CATALOG, TokenObserver.NONE), file)).containsExactly("slots", "slots", "slots",
                "slots, then whole", "slots, then whole", "tree", "tree", "tree", "slots, then whole");
        assertThat(lean.events().get(0)).startsWith("SIGNIN m-1 2023-06-01T10:00:00Z").contains("t-outer", "non_interactive", "Oslo");
        assertThat(lean.events().get(1)).startsWith("SIGNIN m-2 2023-06-01T10:59:58Z").doesNotContain("t-outer");
        assertThat(lean.events().get(2)).startsWith("GRAPH_ACTIVITY g-1 ").contains("198.51.100.3");
        assertThat(lean.quarantined()).hasSize(1);
    }

    @Test
    void manyDistinctAndLongValuesOfOneMemberStayExact() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // more distinct operations than a member's string cache holds, repeats, and values too long to share
            String operation = i % 3 == 0 ? "Op" + (i * 7919 % 1_000) : "MailItemsAccessed";
            String agent = "agent-" + "x".repeat(i % 2 == 0 ? 600 : 10) + (i % 5);
            lines.add("{\"CreationTime\":\"2023-06-01T10:00:00\",\"Id\":\"v-" + i + "\",\"Operation\":\"" + operation
                    + "\",\"RecordType\":" + (i % 4) + ",\"ClientInfoString\":\"" + agent + "\"}");
        }
        Path file = ndjson(lines.toArray(String[]::new));

        Outcome lean = assertSameAsWhole(file);

        assertThat(lean.events()).hasSize(2_000);
        assertThat(ways(Normalizer.lean(CATALOG, TokenObserver.NONE), file)).containsOnly("slots");
    }
}
