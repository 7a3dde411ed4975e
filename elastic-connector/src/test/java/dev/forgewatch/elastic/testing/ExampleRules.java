package dev.forgewatch.elastic.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.elastic.rules.ElasticRule;
import dev.forgewatch.elastic.rules.RuleType;
import java.util.List;
import java.util.function.Predicate;

/**
 * STAND-INS until the detections module's rule pack and Elastic compiler are merged: one rule of each
 * type Kibana runs, hand-written here only to exercise the exporter and the agreement harness, each
 * with the Java predicate that plays the in-process engine's part. Not shipped.
 */
public final class ExampleRules {
    private ExampleRules() {
    }

    /** A rule with the in-process stand-in of its condition. */
    public record Example(ElasticRule rule, Predicate<CanonicalEvent> condition) {
    }

    private static ObjectNode dsl(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final String MAIL_ACCESS = "{\"bool\":{\"filter\":[{\"term\":{\"event.action\":\"MailItemsAccessed\"}}]}}";

    public static final Example SYNC = new Example(new ElasticRule("fw-example-sync", "Example: MailItemsAccessed Sync",
            "Whole folders synchronized.", Severity.MEDIUM, List.of("T1114.002"), RuleType.QUERY, "kuery",
            "event.action : \"MailItemsAccessed\" and m365.mail_access_type : \"Sync\"",
            dsl("{\"bool\":{\"filter\":[{\"term\":{\"event.action\":\"MailItemsAccessed\"}},"
                    + "{\"term\":{\"m365.mail_access_type\":\"Sync\"}}]}}"),
            List.of(), 0, null, List.of("Outlook desktop in cached mode syncs every morning."), null),
            event -> "MailItemsAccessed".equals(event.operation()) && "Sync".equals(event.text(Fields.MAIL_ACCESS_TYPE)));

    public static final Example MANY_MAILBOXES = new Example(new ElasticRule("fw-example-volume",
            "Example: one client IP with many MailItemsAccessed records", "Volume per IP.", Severity.LOW,
            List.of("T1114.002"), RuleType.THRESHOLD, "kuery", "event.action : \"MailItemsAccessed\"", dsl(MAIL_ACCESS),
            List.of("m365.app_id"), 1000, null, List.of(), null),
            event -> "MailItemsAccessed".equals(event.operation()));

    public static final Example NEW_APP = new Example(new ElasticRule("fw-example-new-app",
            "Example: application reading mail for the first time", "First-seen AppId on MailItemsAccessed.",
            Severity.HIGH, List.of("T1550.001", "T1606"), RuleType.NEW_TERMS, "kuery",
            "event.action : \"MailItemsAccessed\"", dsl(MAIL_ACCESS), List.of("m365.app_id"), 0, "now-7d",
            List.of("A newly deployed mail client."), "Check the app registration."),
            event -> "MailItemsAccessed".equals(event.operation()));

    public static final Example EQL = new Example(new ElasticRule("fw-example-eql", "Example: sign-in then Sync",
            "A sequence only EQL expresses.", Severity.MEDIUM, List.of("T1078"), RuleType.EQL, "eql",
            "sequence by user.name [authentication where true] [email where m365.mail_access_type == \"Sync\"]",
            null, List.of(), 0, null, List.of(), null), event -> false);

    public static List<Example> all() {
        return List.of(SYNC, MANY_MAILBOXES, NEW_APP, EQL);
    }
}
