package dev.forgewatch.cli.hunt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

/**
 * A second backup service beside the sample tenant's own (whose app-only reads the rules now judge as
 * app-only and leave alone): an older archiving product that reads 40 of the sample's mailboxes every
 * night at 02:00 UTC through a delegated (user) token of its service principal's account, from one
 * server address, so the rules see a user-type client reading many mailboxes: Management Activity
 * API content (Audit.Exchange MailItemsAccessed, UserType 0, AppId and ClientAppId the product, REST
 * client string, Bind). Hunted beside samples/data, it is what tuning, baselines and 'rules tune' are
 * for.
 */
final class BackupTenant {
    static final Path SAMPLE = Path.of("..", "samples", "data");
    static final String APP = "5f4c2b1a-9d3e-4e7b-8a6c-1b2d3e4f5a6b";
    static final String ADDRESS = "198.51.100.45";
    static final int MAILBOXES = 40;

    private BackupTenant() {
    }

    /** Writes the backup's nightly reads, 02:00 UTC each day of the sample, into {@code dir}; returns the mailboxes read. */
    static List<String> write(Path dir) throws IOException {
        JsonNode first;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(
                SAMPLE.resolve("management-api").resolve("Audit.Exchange").resolve("2023-05-15.json.gz")))) {
            first = Json.MAPPER.readTree(in);
        }
        TreeSet<String> all = new TreeSet<>();
        first.forEach(record -> {
            if (record.hasNonNull("MailboxOwnerUPN")) {
                all.add(record.path("MailboxOwnerUPN").asText());
            }
        });
        List<String> mailboxes = all.stream().limit(MAILBOXES).toList();
        Random random = new Random(20230515);
        ArrayNode records = Json.MAPPER.createArrayNode();
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
        for (LocalDate day = LocalDate.of(2023, 5, 15); day.isBefore(LocalDate.of(2023, 6, 5)); day = day.plusDays(1)) {
            Instant start = day.atTime(2, 0).toInstant(ZoneOffset.UTC);
            for (int i = 0; i < mailboxes.size(); i++) {
                ObjectNode r = records.addObject();
                r.put("CreationTime", time.format(start.plusSeconds(45L * i)));
                r.put("Id", new UUID(random.nextLong(), random.nextLong()).toString());
                r.put("Operation", "MailItemsAccessed");
                r.put("OrganizationId", "7eb844b5-7e94-4749-9c51-d4537f72482d");
                r.put("RecordType", 50);
                r.put("ResultStatus", "Succeeded");
                r.put("UserKey", "ServicePrincipal_" + APP);
                r.put("UserType", 0);
                r.put("Version", 1);
                r.put("Workload", "Exchange");
                r.put("UserId", "ServicePrincipal_" + APP);
                r.put("AppId", APP);
                r.put("ClientAppId", APP);
                r.put("ClientIPAddress", ADDRESS);
                r.put("ClientInfoString", "Client=REST;Client=RESTSystem;;");
                r.put("ExternalAccess", false);
                r.put("InternalLogonType", 0);
                r.put("LogonType", 0);
                r.put("MailboxGuid", new UUID(random.nextLong(), random.nextLong()).toString());
                r.put("MailboxOwnerUPN", mailboxes.get(i));
                ArrayNode properties = r.putArray("OperationProperties");
                properties.addObject().put("Name", "MailAccessType").put("Value", "Bind");
                properties.addObject().put("Name", "IsThrottled").put("Value", "False");
                r.put("OrganizationName", "fabrikam.onmicrosoft.com");
                r.put("SessionId", new UUID(random.nextLong(), random.nextLong()).toString());
                r.put("OperationCount", 1);
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("backup-Audit.Exchange.json"), Json.MAPPER.writeValueAsString(records));
        return mailboxes;
    }

    /** The tenant's tuning for it: the app, and the backup server's address. */
    static String tuning() {
        return """
                version: 1
                apps:
                  - id: %s
                    name: Fabrikam Mail Archive
                    reason: the tenant's mail archiving product; reads 40 mailboxes nightly at 02:00 UTC
                egress:
                  - cidr: %s/32
                    reason: the backup server's address
                """.formatted(APP, ADDRESS);
    }
}
