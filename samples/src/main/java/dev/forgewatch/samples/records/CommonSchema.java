package dev.forgewatch.samples.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import java.time.Instant;

/** The Management Activity API common schema: the members every audit record starts with. */
final class CommonSchema {
    private CommonSchema() {
    }

    /** UserType 0 (a regular user) and Version 1, as for every record of the sample. */
    static ObjectNode header(Instant time, String id, String operation, String organizationId, int recordType,
                             String resultStatus, String userKey, String workload) {
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("CreationTime", Times.audit(time));
        record.put("Id", id);
        record.put("Operation", operation);
        record.put("OrganizationId", organizationId);
        record.put("RecordType", recordType);
        record.put("ResultStatus", resultStatus);
        record.put("UserKey", userKey);
        record.put("UserType", 0);
        record.put("Version", 1);
        record.put("Workload", workload);
        return record;
    }
}
