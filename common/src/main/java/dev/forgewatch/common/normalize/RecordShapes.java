package dev.forgewatch.common.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.SourceKind;

/** Recognizes what a raw JSON record is from the members it carries. */
final class RecordShapes {
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

    static SourceKind kindOf(JsonNode record) {
        if (isAuditRecord(record)) {
            return SourceKind.AUDIT;
        }
        if (isMonitorSignIn(record) || isGraphSignIn(record)) {
            return SourceKind.SIGNIN;
        }
        return SourceKind.APP;
    }
}
