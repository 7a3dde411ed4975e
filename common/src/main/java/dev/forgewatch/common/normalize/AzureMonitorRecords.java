package dev.forgewatch.common.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.SourceKind;
import java.util.List;

/**
 * Azure Monitor diagnostic exports (sign-in categories, MicrosoftGraphActivityLogs) wrap the record
 * the service wrote in {@code properties}. The normalizer and the HEC shipper both read the inner
 * record, so both unwrap it here, the same way.
 */
public final class AzureMonitorRecords {
    /** The envelope member holding the record the service wrote. */
    static final String PROPERTIES = "properties";
    /** Where the rest of the envelope goes in the unwrapped record. */
    static final String ENVELOPE = "azureMonitor";
    /** Every member of the envelope read here (besides the two above). */
    static final List<String> MEMBERS_READ = List.of("tenantId", "time");

    private AzureMonitorRecords() {
    }

    /**
     * The member the envelope's {@code time} fills in an unwrapped record of this kind, or null when
     * {@code record} is not a Monitor export (a Graph API record, a Log Analytics row, any other kind).
     */
    public static String timeMember(SourceKind kind, JsonNode record) {
        if (kind == SourceKind.SIGNIN && RecordShapes.isMonitorSignIn(record::get)) {
            return "createdDateTime";
        }
        if (kind == SourceKind.GRAPH_ACTIVITY && RecordShapes.isGraphActivityExport(record::get)) {
            return "timeGenerated";
        }
        return null;
    }

    /**
     * The record in {@code properties}, taken out of {@code record} (which it changes): outer members
     * fill what it lacks ({@code tenantId}; the envelope's {@code time} as {@code timeMember}) and the
     * rest of the envelope is kept under {@code azureMonitor}, so nothing is lost.
     */
    public static ObjectNode unwrap(ObjectNode record, String timeMember) {
        ObjectNode properties = (ObjectNode) record.remove(PROPERTIES);
        if (!properties.has("tenantId") && record.has("tenantId")) {
            properties.set("tenantId", record.get("tenantId"));
        }
        if (!properties.has(timeMember) && record.has("time")) {
            properties.set(timeMember, record.get("time"));
        }
        if (!properties.has(ENVELOPE)) {
            properties.set(ENVELOPE, record);
        }
        return properties;
    }
}
