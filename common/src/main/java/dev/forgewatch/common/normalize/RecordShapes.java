package dev.forgewatch.common.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.SourceKind;
import java.util.List;

/**
 * Recognizes what a raw JSON record is from the members it carries. The tests read a record's
 * top-level members through {@link Members}: a record's tree, or the slots of a record read without
 * one (see {@link Normalizer}), answer alike.
 */
final class RecordShapes {
    /** The diagnostic-settings category and the Log Analytics table of Microsoft Graph activity logs. */
    static final String GRAPH_ACTIVITY = "MicrosoftGraphActivityLogs";

    /** Every member the tests below look at (a reader keeping only some members keeps these: see Normalizer). */
    static final List<String> MEMBERS_READ = List.of("CreationTime", "Operation", "RecordType", "createdDateTime",
            "userPrincipalName", "appId", "ipAddress", "status", "properties", "category", "Type");

    /** A record's top-level member by name: its value (a NullNode for a JSON null), or null when absent. */
    @FunctionalInterface
    interface Members {
        JsonNode get(String name);

        default boolean has(String name) {
            return get(name) != null;
        }

        /** The member's text, "" when absent or null (as {@code path(name).asText("")}). */
        default String text(String name) {
            JsonNode value = get(name);
            return value == null ? "" : value.asText("");
        }
    }

    private RecordShapes() {
    }

    /** A Unified Audit Log record: every record carries CreationTime, Operation and RecordType. */
    static boolean isAuditRecord(Members record) {
        return record.has("CreationTime") && record.has("Operation") && record.has("RecordType");
    }

    /** A Microsoft Graph signIn resource. */
    static boolean isGraphSignIn(Members record) {
        return record.has("createdDateTime") && (record.has("userPrincipalName") || record.has("appId"))
                && (record.has("ipAddress") || record.has("status"));
    }

    /** An Azure Monitor diagnostic record of one of the *SignInLogs categories, sign-in in properties. */
    static boolean isMonitorSignIn(Members record) {
        JsonNode properties = record.get("properties");
        return properties != null && properties.isObject() && record.text("category").endsWith("SignInLogs");
    }

    /**
     * A Graph activity log record as diagnostic settings write it to a storage account or an event hub:
     * category MicrosoftGraphActivityLogs, the request in {@code properties} (camelCase members).
     */
    static boolean isGraphActivityExport(Members record) {
        JsonNode properties = record.get("properties");
        return properties != null && properties.isObject() && GRAPH_ACTIVITY.equals(record.text("category"));
    }

    /** A row of the Log Analytics table MicrosoftGraphActivityLogs (PascalCase columns, Type names the table). */
    static boolean isGraphActivityRow(Members record) {
        return GRAPH_ACTIVITY.equals(record.text("Type"));
    }

    static SourceKind kindOf(JsonNode record) {
        return kindOf(record::get);
    }

    static SourceKind kindOf(Members record) {
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
