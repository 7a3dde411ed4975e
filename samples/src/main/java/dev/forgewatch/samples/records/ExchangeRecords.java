package dev.forgewatch.samples.records;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.samples.tenant.Device;
import dev.forgewatch.samples.tenant.Tenant;
import dev.forgewatch.samples.tenant.User;
import java.time.Instant;
import java.util.List;

/**
 * Audit.Exchange records in the Management Activity API shape (common schema, then the Exchange
 * mailbox schema): MailItemsAccessed (RecordType 50, ExchangeItemAggregated), MailboxLogin, Send and
 * Update (2, ExchangeItem), MoveToDeletedItems and SoftDelete (3, ExchangeItemGroup). Member order
 * follows what the service writes.
 */
public final class ExchangeRecords {
    public static final int EXCHANGE_ITEM = 2;
    public static final int EXCHANGE_ITEM_GROUP = 3;
    public static final int EXCHANGE_ITEM_AGGREGATED = 50;
    /** Exchange build in the OriginatingServer of spring 2023. */
    private static final String SERVER_BUILD = " (15.20.6433.022)";

    private final Tenant tenant;

    public ExchangeRecords(Tenant tenant) {
        this.tenant = tenant;
    }

    /** Common schema members of an Exchange record about the user's mailbox. */
    public ObjectNode header(Instant time, String id, String operation, int recordType, User user) {
        return CommonSchema.header(time, id, operation, tenant.tenantId(), recordType, "Succeeded", user.puid(), "Exchange");
    }

    /**
     * MailItemsAccessed: Bind names the items read, Sync the folders synchronized. The record's
     * OperationCount is the number of aggregated accesses (items for Bind, folders for Sync).
     */
    public ObjectNode mailItemsAccessed(Instant time, String id, User owner, AuditClient client, String sessionId,
                                        String accessType, boolean throttled, List<FolderRead> folders) {
        ObjectNode record = header(time, id, "MailItemsAccessed", EXCHANGE_ITEM_AGGREGATED, owner);
        clientMembers(record, owner, client);
        mailboxOwner(record, owner);
        ArrayNode properties = record.putArray("OperationProperties");
        properties.addObject().put("Name", "MailAccessType").put("Value", accessType);
        properties.addObject().put("Name", "IsThrottled").put("Value", throttled ? "True" : "False");
        serverAndSession(record, owner, sessionId);
        ArrayNode folderArray = record.putArray("Folders");
        int operations = 0;
        for (FolderRead folder : folders) {
            ObjectNode node = folderArray.addObject();
            if (!folder.internetMessageIds().isEmpty()) {
                ArrayNode items = node.putArray("FolderItems");
                for (String messageId : folder.internetMessageIds()) {
                    items.addObject().put("InternetMessageId", messageId);
                }
            }
            node.put("Id", MailboxContent.folderId(owner, folder.path()));
            node.put("Path", folder.path());
            operations += folder.internetMessageIds().isEmpty() ? 1 : folder.internetMessageIds().size();
        }
        record.put("OperationCount", operations);
        return record;
    }

    /** A cached-mode client opening the mailbox. */
    public ObjectNode mailboxLogin(Instant time, String id, User owner, Device device, String ip) {
        ObjectNode record = header(time, id, "MailboxLogin", EXCHANGE_ITEM, owner);
        record.put("ClientIP", ip);
        record.put("UserId", owner.upn());
        record.put("ClientIPAddress", ip);
        record.put("ClientInfoString", device.clientInfoString());
        record.put("ClientProcessName", "OUTLOOK.EXE");
        record.put("ClientVersion", device.clientVersion());
        ownerLogon(record, owner);
        mailboxOwner(record, owner);
        record.put("OrganizationName", tenant.organizationName());
        record.put("OriginatingServer", owner.mailboxServer() + SERVER_BUILD);
        return record;
    }

    public ObjectNode send(Instant time, String id, User owner, AuditClient client, String sessionId, MailItem item) {
        ObjectNode record = itemRecord(time, id, "Send", owner, client, sessionId);
        item(record.putObject("Item"), owner, item, true);
        return record;
    }

    /** An item changed in place (a draft edited). */
    public ObjectNode update(Instant time, String id, User owner, AuditClient client, String sessionId, MailItem item) {
        ObjectNode record = itemRecord(time, id, "Update", owner, client, sessionId);
        item(record.putObject("Item"), owner, item, false);
        record.putArray("ModifiedProperties").add("Body").add("RecipientCollection");
        return record;
    }

    public ObjectNode moveToDeletedItems(Instant time, String id, User owner, AuditClient client, String sessionId,
                                         List<MailItem> items) {
        ObjectNode record = groupRecord(time, id, "MoveToDeletedItems", owner, client, sessionId, items);
        ObjectNode destination = record.putObject("DestFolder");
        destination.put("Id", MailboxContent.folderId(owner, MailboxContent.DELETED_ITEMS));
        destination.put("Path", MailboxContent.DELETED_ITEMS);
        return record;
    }

    public ObjectNode softDelete(Instant time, String id, User owner, AuditClient client, String sessionId,
                                 List<MailItem> items) {
        return groupRecord(time, id, "SoftDelete", owner, client, sessionId, items);
    }

    private ObjectNode itemRecord(Instant time, String id, String operation, User owner, AuditClient client, String sessionId) {
        ObjectNode record = header(time, id, operation, EXCHANGE_ITEM, owner);
        record.put("ClientIP", client.ip());
        clientMembers(record, owner, client);
        mailbox(record, owner, sessionId);
        return record;
    }

    private ObjectNode groupRecord(Instant time, String id, String operation, User owner, AuditClient client,
                                   String sessionId, List<MailItem> items) {
        ObjectNode record = header(time, id, operation, EXCHANGE_ITEM_GROUP, owner);
        record.put("ClientIP", client.ip());
        clientMembers(record, owner, client);
        mailbox(record, owner, sessionId);
        record.put("CrossMailboxOperation", false);
        ArrayNode affected = record.putArray("AffectedItems");
        for (MailItem item : items) {
            item(affected.addObject(), owner, item, false);
        }
        ObjectNode folder = record.putObject("Folder");
        folder.put("Id", MailboxContent.folderId(owner, items.get(0).folderPath()));
        folder.put("Path", items.get(0).folderPath());
        return record;
    }

    /** Who acted and with what; item records also carry ClientIP (before these), MailItemsAccessed does not. */
    private static void clientMembers(ObjectNode record, User owner, AuditClient client) {
        record.put("UserId", owner.upn());
        record.put("AppId", client.appId());
        record.put("ClientAppId", client.clientAppId());
        record.put("ClientIPAddress", client.ip());
        record.put("ClientInfoString", client.clientInfoString());
        ownerLogon(record, owner);
    }

    /** The owner acting on their own mailbox: LogonType 0, not external. */
    private static void ownerLogon(ObjectNode record, User owner) {
        record.put("ExternalAccess", false);
        record.put("InternalLogonType", 0);
        record.put("LogonType", 0);
        record.put("LogonUserSid", owner.sid());
    }

    private void mailbox(ObjectNode record, User owner, String sessionId) {
        mailboxOwner(record, owner);
        serverAndSession(record, owner, sessionId);
    }

    private static void mailboxOwner(ObjectNode record, User owner) {
        record.put("MailboxGuid", owner.mailboxGuid());
        record.put("MailboxOwnerSid", owner.sid());
        record.put("MailboxOwnerUPN", owner.upn());
    }

    private void serverAndSession(ObjectNode record, User owner, String sessionId) {
        record.put("OrganizationName", tenant.organizationName());
        record.put("OriginatingServer", owner.mailboxServer() + SERVER_BUILD);
        record.put("SessionId", sessionId);
    }

    private static void item(ObjectNode node, User owner, MailItem item, boolean withSize) {
        node.put("Id", item.itemId());
        node.put("InternetMessageId", item.internetMessageId());
        ObjectNode parent = node.putObject("ParentFolder");
        parent.put("Id", MailboxContent.folderId(owner, item.folderPath()));
        parent.put("Path", item.folderPath());
        if (withSize) {
            node.put("SizeInBytes", item.sizeInBytes());
        }
        node.put("Subject", item.subject());
    }
}
