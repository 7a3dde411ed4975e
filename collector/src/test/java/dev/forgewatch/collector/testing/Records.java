package dev.forgewatch.collector.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Raw records in the shapes the services return (common audit schema, Graph signIn). */
public final class Records {
    private static final DateTimeFormatter CREATION = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private Records() {
    }

    public static ObjectNode mailItemsAccessed(String id, Instant time, String mailbox, String appId, String ip, boolean throttled) {
        ObjectNode record = common(id, time, mailbox, "MailItemsAccessed", 50, ip);
        record.put("MailboxOwnerUPN", mailbox);
        record.put("AppId", appId);
        record.put("ClientAppId", appId);
        record.put("LogonType", 0);
        record.put("ClientInfoString", "Client=REST;Client=RESTSystem;;");
        ArrayNode properties = record.putArray("OperationProperties");
        ObjectNode access = properties.addObject();
        access.put("Name", "MailAccessType");
        access.put("Value", "Bind");
        ObjectNode flag = properties.addObject();
        flag.put("Name", "IsThrottled");
        flag.put("Value", throttled ? "True" : "False");
        return record;
    }

    public static ObjectNode mailboxActivity(String id, Instant time, String mailbox, String operation, String ip) {
        ObjectNode record = common(id, time, mailbox, operation, 2, ip);
        record.put("MailboxOwnerUPN", mailbox);
        record.put("LogonType", 0);
        return record;
    }

    public static ObjectNode userLoggedIn(String id, Instant time, String user, String ip) {
        ObjectNode record = common(id, time, user, "UserLoggedIn", 15, ip);
        record.put("Workload", "AzureActiveDirectory");
        record.put("ResultStatus", "Success");
        return record;
    }

    public static ObjectNode signIn(String id, Instant time, String upn, String ip) {
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("id", id);
        record.put("createdDateTime", DateTimeFormatter.ISO_INSTANT.format(time));
        record.put("userPrincipalName", upn);
        record.put("appId", "d3590ed6-52b3-4102-aeff-aad2292ab01c");
        record.put("appDisplayName", "Microsoft Office");
        record.put("ipAddress", ip);
        record.put("clientAppUsed", "Mobile Apps and Desktop clients");
        record.put("isInteractive", true);
        ObjectNode status = record.putObject("status");
        status.put("errorCode", 0);
        status.putNull("failureReason");
        return record;
    }

    public static ArrayNode array(ObjectNode... records) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (ObjectNode record : records) {
            array.add(record);
        }
        return array;
    }

    private static ObjectNode common(String id, Instant time, String user, String operation, int recordType, String ip) {
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("CreationTime", CREATION.format(time));
        record.put("Id", id);
        record.put("Operation", operation);
        record.put("OrganizationId", FakeMicrosoft.TENANT);
        record.put("RecordType", recordType);
        record.put("ResultStatus", "Succeeded");
        record.put("UserKey", "1003200" + Math.abs(user.hashCode()));
        record.put("UserType", 0);
        record.put("Version", 1);
        record.put("Workload", "Exchange");
        record.put("ClientIP", ip);
        record.put("UserId", user);
        return record;
    }
}
