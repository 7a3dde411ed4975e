package dev.forgewatch.splunk.app;

import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.detections.compile.splunk.SplunkMacros;
import java.util.List;
import java.util.Optional;

/**
 * The sourcetypes of the app and what their events are. Raw sourcetypes hold the vendor's JSON
 * record as is (their fields are mapped to CIM at search time from {@code fields.yaml} source
 * paths); ECS sourcetypes hold documents ForgeWatch wrote in ECS field names. The event sourcetypes are
 * named by the detection pack ({@link SplunkMacros#sourcetype}), whose searches read them.
 *
 * @param rulesKey   the {@code fields.yaml} source kind a raw sourcetype is read with; empty for ECS documents
 * @param timeField  the JSON member holding the event time (a regular expression for TIME_PREFIX)
 * @param timeFormat strptime format, or null for ISO-8601 with a zone (Splunk's own recognizer handles the
 *                   optional fraction that a fixed format cannot)
 * @param truncate   longest event in bytes; audit and sign-in records with many items or policies run to
 *                   tens of kilobytes
 */
public record Sourcetype(String name, String eventKind, Optional<String> rulesKey, String timeField, String timeFormat,
                         int truncate, String description) {
    public static final Sourcetype AUDIT = new Sourcetype(SplunkMacros.sourcetype(SourceKind.AUDIT), "audit", Optional.of("audit"),
            "CreationTime", "%Y-%m-%dT%H:%M:%S", 262_144,
            "Microsoft 365 Unified Audit Log records (Management Activity API / Purview), one JSON record per event");
    public static final Sourcetype SIGNIN = new Sourcetype(SplunkMacros.sourcetype(SourceKind.SIGNIN), "signin", Optional.of("signin"),
            "createdDateTime", null, 262_144,
            "Microsoft Entra ID sign-ins in the Microsoft Graph signIn shape, one JSON record per event");
    /**
     * Graph activity logs as the normalizer reads them: a diagnostic-settings record's properties (the
     * envelope under azureMonitor, as HEC ships it), or a Log Analytics row; the time member is
     * {@code timeGenerated} in the first and {@code TimeGenerated} in the second.
     */
    public static final Sourcetype GRAPH_ACTIVITY = new Sourcetype(SplunkMacros.sourcetype(SourceKind.GRAPH_ACTIVITY),
            "graph_activity", Optional.of("graph_activity"), "[tT]imeGenerated", null, 65_536,
            "Microsoft Graph activity logs (MicrosoftGraphActivityLogs), one Graph API request per JSON record");
    public static final Sourcetype TOKEN = new Sourcetype(SplunkMacros.sourcetype(SourceKind.TOKEN), "token", Optional.empty(),
            "@timestamp", null, 65_536,
            "Bearer tokens seen in app or proxy logs, inspected by ForgeWatch (ECS fields; never the token itself)");
    public static final Sourcetype FINDING = new Sourcetype("forgewatch:finding", "finding", Optional.empty(),
            "@timestamp", null, 65_536, "ForgeWatch detection findings (ECS alert documents)");

    public static List<Sourcetype> all() {
        return List.of(AUDIT, SIGNIN, GRAPH_ACTIVITY, TOKEN, FINDING);
    }

    /** The sourcetype of a canonical event kind ({@code audit}, {@code signin}, {@code graph_activity}, {@code token}); empty for {@code app}. */
    public static Optional<Sourcetype> forEventKind(String kind) {
        return all().stream().filter(s -> s.eventKind().equals(kind)).findFirst();
    }
}
