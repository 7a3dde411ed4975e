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
    /** The envelope's tenant, which the inner record takes when it has none. */
    static final String TENANT = "tenantId";
    /** The envelope's time, which the inner record takes as its time member when it has none. */
    static final String TIME = "time";
    /** Every member of the envelope read here (besides the two above). */
    static final List<String> MEMBERS_READ = List.of(TENANT, TIME);
    /** The time members of the unwrapped records of each kind ({@link #timeMember}). */
    private static final String SIGNIN_TIME = "createdDateTime";
    private static final String GRAPH_ACTIVITY_TIME = "timeGenerated";
    /** The members of an unwrapped record that {@link #unwrap} may fill from the envelope. */
    static final List<String> FILLED = List.of(ENVELOPE, TENANT, SIGNIN_TIME, GRAPH_ACTIVITY_TIME);

    private AzureMonitorRecords() {
    }

    /**
     * The member the envelope's {@code time} fills in an unwrapped record of this kind, or null when
     * {@code record} is not a Monitor export (a Graph API record, a Log Analytics row, any other kind).
     */
    public static String timeMember(SourceKind kind, JsonNode record) {
        return timeMember(kind, record::get);
    }

    static String timeMember(SourceKind kind, RecordShapes.Members record) {
        if (kind == SourceKind.SIGNIN && RecordShapes.isMonitorSignIn(record)) {
            return SIGNIN_TIME;
        }
        if (kind == SourceKind.GRAPH_ACTIVITY && RecordShapes.isGraphActivityExport(record)) {
            return GRAPH_ACTIVITY_TIME;
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
        if (!properties.has(TENANT) && record.has(TENANT)) {
            properties.set(TENANT, record.get(TENANT));
        }
        if (!properties.has(timeMember) && record.has(TIME)) {
            properties.set(timeMember, record.get(TIME));
        }
        if (!properties.has(ENVELOPE)) {
            properties.set(ENVELOPE, record);
        }
        return properties;
    }
}
