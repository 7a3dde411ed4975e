package dev.forgewatch.samples.records;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.samples.tenant.ClientProfile;
import dev.forgewatch.samples.tenant.MicrosoftApps;
import dev.forgewatch.samples.tenant.Tenant;
import dev.forgewatch.samples.tenant.User;

/**
 * Audit.AzureActiveDirectory records: UserLoggedIn (RecordType 15, AzureActiveDirectoryStsLogon),
 * the Unified Audit Log's copy of a sign-in. InterSystemsId is the sign-in's correlation id and
 * IntraSystemId its request id, so the two logs can be joined.
 */
public final class AzureAdRecords {
    public static final int STS_LOGON = 15;

    private final Tenant tenant;

    public AzureAdRecords(Tenant tenant) {
        this.tenant = tenant;
    }

    public ObjectNode userLoggedIn(SignIn signIn, String id) {
        User user = signIn.user();
        ObjectNode record = CommonSchema.header(signIn.time(), id, "UserLoggedIn", tenant.tenantId(), STS_LOGON, "Success",
                user.objectId(), "AzureActiveDirectory");
        record.put("ClientIP", signIn.ip());
        record.put("ObjectId", MicrosoftApps.EXCHANGE_ONLINE);
        record.put("UserId", user.upn());
        record.put("AzureActiveDirectoryEventType", 1);
        ArrayNode extended = record.putArray("ExtendedProperties");
        pair(extended, "ResultStatusDetail", "Success");
        pair(extended, "UserAgent", signIn.device().userAgent());
        pair(extended, "RequestType", signIn.interactive() ? "OAuth2:Authorize" : "OAuth2:Token");
        record.putArray("ModifiedProperties");
        ArrayNode actor = record.putArray("Actor");
        actor.addObject().put("ID", user.objectId()).put("Type", 0);
        actor.addObject().put("ID", user.upn()).put("Type", 5);
        record.put("ActorContextId", tenant.tenantId());
        record.put("ActorIpAddress", signIn.ip());
        record.put("InterSystemsId", signIn.correlationId());
        record.put("IntraSystemId", signIn.id());
        record.put("SupportTicketId", "");
        record.putArray("Target").addObject().put("ID", MicrosoftApps.EXCHANGE_ONLINE).put("Type", 0);
        record.put("TargetContextId", tenant.tenantId());
        record.put("ApplicationId", signIn.device().profile().signInAppId());
        ArrayNode device = record.putArray("DeviceProperties");
        pair(device, "OS", signIn.device().operatingSystem());
        if (signIn.device().profile() == ClientProfile.OWA) {
            pair(device, "BrowserType", signIn.device().browser().split(" ")[0]);
        }
        pair(device, "IsCompliantAndManaged", signIn.device().managed() ? "True" : "False");
        pair(device, "SessionId", signIn.correlationId());
        record.put("ErrorNumber", "0");
        return record;
    }

    private static void pair(ArrayNode array, String name, String value) {
        array.addObject().put("Name", name).put("Value", value);
    }
}
