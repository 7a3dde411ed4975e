package dev.forgewatch.collector.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Three days of a small tenant on the fake: Exchange blobs (with one record delivered twice, as the
 * Activity API may), Entra blobs, an empty Audit.General blob, and Graph sign-ins. Knows the
 * distinct record ids a complete collection must produce.
 */
public final class Scenario {
    public static final Instant NOW = Instant.parse("2023-06-01T12:00:00Z");
    public static final String QUIET = "quiet.user@fabrikam.example";
    public static final String THROTTLED = "harper.ibarra@fabrikam.example";

    private final Set<String> auditIds = new TreeSet<>();
    private final Set<String> signInIds = new TreeSet<>();
    private int blobs;

    public Scenario(FakeMicrosoft fake, int daysBack, int exchangeBlobsPerDay) {
        fake.subscribe("Audit.Exchange").subscribe("Audit.AzureActiveDirectory").subscribe("Audit.General");
        String[] mailboxes = {"alex.kim@fabrikam.example", "bailey.jansen@fabrikam.example", THROTTLED, QUIET};
        ObjectNode repeated = null;
        int n = 0;
        for (int day = daysBack; day >= 1; day--) {
            Instant dayStart = NOW.minus(Duration.ofDays(day)).plus(Duration.ofHours(1));
            for (int b = 0; b < exchangeBlobsPerDay; b++) {
                Instant created = dayStart.plus(Duration.ofMinutes(37L * b + 5));
                List<ObjectNode> records = new ArrayList<>();
                for (int r = 0; r < 5; r++) {
                    String mailbox = mailboxes[(b + r) % mailboxes.length];
                    String id = String.format(Locale.ROOT, "a0000000-0000-0000-0000-%012d", n++);
                    Instant at = created.minus(Duration.ofMinutes(r + 1));
                    records.add(mailbox.equals(QUIET)
                            ? Records.mailboxActivity(id, at, mailbox, "MailboxLogin", "198.51.100.7")
                            : Records.mailItemsAccessed(id, at, mailbox, "d3590ed6-52b3-4102-aeff-aad2292ab01c", "198.51.100.7",
                                    mailbox.equals(THROTTLED) && day == 1 && b == 0 && r < 3));
                }
                if (repeated != null) {
                    records.add(repeated.deepCopy()); // delivered again in a later blob
                }
                repeated = records.get(0);
                records.forEach(record -> auditIds.add(record.get("Id").asText()));
                fake.addBlob("Audit.Exchange", created, Records.array(records.toArray(ObjectNode[]::new)));
                blobs++;
            }
            String id = String.format(Locale.ROOT, "b0000000-0000-0000-0000-%012d", n++);
            auditIds.add(id);
            fake.addBlob("Audit.AzureActiveDirectory", dayStart.plus(Duration.ofMinutes(3)),
                    Records.array(Records.userLoggedIn(id, dayStart, "alex.kim@fabrikam.example", "198.51.100.7")));
            fake.addBlob("Audit.General", dayStart.plus(Duration.ofMinutes(9)), Records.array());
            blobs += 2;
        }
        List<JsonNode> signIns = new ArrayList<>();
        for (int i = 0; i < daysBack * 40; i++) {
            String id = String.format(Locale.ROOT, "c0000000-0000-0000-0000-%012d", i);
            signInIds.add(id);
            signIns.add(Records.signIn(id, NOW.minus(Duration.ofDays(daysBack)).plus(Duration.ofMinutes(35L * i + 30)),
                    mailboxes[i % mailboxes.length], "198.51.100.7"));
        }
        fake.addSignIns(signIns.stream().filter(s -> Instant.parse(s.path("createdDateTime").asText()).isBefore(NOW)).toList());
        signInIds.removeIf(id -> signIns.stream().anyMatch(s -> s.path("id").asText().equals(id)
                && !Instant.parse(s.path("createdDateTime").asText()).isBefore(NOW)));
    }

    /** Adds one more Exchange blob, created at {@code created}, with fresh records; returns their ids. */
    public List<String> addLateBlob(FakeMicrosoft fake, Instant created, int records) {
        ArrayNode array = Records.array();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            String id = String.format(Locale.ROOT, "d0000000-0000-0000-0000-%012d", blobs * 100 + i);
            array.add(Records.mailItemsAccessed(id, created.minusSeconds(60), "alex.kim@fabrikam.example",
                    "d3590ed6-52b3-4102-aeff-aad2292ab01c", "198.51.100.7", false));
            ids.add(id);
        }
        fake.addBlob("Audit.Exchange", created, array);
        auditIds.addAll(ids);
        blobs++;
        return ids;
    }

    public Set<String> auditIds() {
        return Set.copyOf(auditIds);
    }

    public Set<String> signInIds() {
        return Set.copyOf(signInIds);
    }

    public int blobs() {
        return blobs;
    }
}
