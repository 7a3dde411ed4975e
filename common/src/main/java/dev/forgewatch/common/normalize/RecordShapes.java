package dev.forgewatch.common.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.SourceKind;
import java.util.List;

/** Recognizes what a raw JSON record is from the members it carries. */
final class RecordShapes {
    /** The diagnostic-settings category and the Log Analytics table of Microsoft Graph activity logs. */
    static final String GRAPH_ACTIVITY = "MicrosoftGraphActivityLogs";

    /** Every member the tests below look at (a reader keeping only some members keeps these: see Normalizer). */
    static final List<String> MEMBERS_READ = List.of("CreationTime", "Operation", "RecordType", "createdDateTime",
            "userPrincipalName", "appId", "ipAddress", "status", "properties", "category", "Type");

    private RecordShapes() {
    }

    /** A Unified Audit Log record: every record carries CreationTime, Operation and RecordType. */
    static boolean isAuditRecord(JsonNode record) {
        return record.has("CreationTime") && record.has("Operation") && record.has("RecordType");
    }

    /** A Microsoft Graph signIn resource. */
    static boolean isGraphSignIn(JsonNode record) {
        return record.has("createdDateTime") && (record.has("userPrincipalName") || record.has("appId"))
                && (record.has("ipAddress") || record.has("status"));
    }

    /** An Azure Monitor diagnostic record of one of the *SignInLogs categories, sign-in in properties. */
    static boolean isMonitorSignIn(JsonNode record) {
        JsonNode properties = record.get("properties");
        return properties != null && properties.isObject() && record.path("category").asText("").endsWith("SignInLogs");
    }

    /**
     * A Graph activity log record as diagnostic settings write it to a storage account or an event hub:
     * category MicrosoftGraphActivityLogs, the request in {@code properties} (camelCase members).
     */
    static boolean isGraphActivityExport(JsonNode record) {
        JsonNode properties = record.get("properties");
        return properties != null && properties.isObject() && GRAPH_ACTIVITY.equals(record.path("category").asText(""));
    }

    /** A row of the Log Analytics table MicrosoftGraphActivityLogs (PascalCase columns, Type names the table). */
    static boolean isGraphActivityRow(JsonNode record) {
        return GRAPH_ACTIVITY.equals(record.path("Type").asText(""));
    }

    static SourceKind kindOf(JsonNode record) {
        if (isAuditRecord(record)) {
            return SourceKind.AUDIT;
        }
        if (isGraphActivityExport(record) || isGraphActivityRow(record)) {
            return SourceKind.GRAPH_ACTIVITY;
        }
        if (isMonitorSignIn(record) || isGraphSignIn(record)) {
            return SourceKind.SIGNIN;
        }
        return SourceKind.APP;
    }
}
