package dev.forgewatch.samples.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.samples.tenant.Device;
import dev.forgewatch.samples.tenant.MicrosoftApps;
import dev.forgewatch.samples.tenant.Place;
import dev.forgewatch.samples.tenant.Tenant;

/**
 * Entra sign-ins in the two shapes responders get them: the Microsoft Graph v1.0 {@code signIn}
 * resource, and the Azure Monitor diagnostic-settings export (SignInLogs /
 * NonInteractiveUserSignInLogs), whose {@code properties} carry a few more members than Graph v1.0.
 */
public final class SignInRecords {
    public static final String INTERACTIVE_CATEGORY = "SignInLogs";
    public static final String NON_INTERACTIVE_CATEGORY = "NonInteractiveUserSignInLogs";
    public static final String SERVICE_PRINCIPAL_CATEGORY = "ServicePrincipalSignInLogs";
    public static final String MANAGED_IDENTITY_CATEGORY = "ManagedIdentitySignInLogs";

    private final Tenant tenant;

    public SignInRecords(Tenant tenant) {
        this.tenant = tenant;
    }

    /** The Graph v1.0 signIn resource. */
    public ObjectNode graph(SignIn signIn) {
        ObjectNode record = identity(signIn, Times.graph(signIn.time()));
        record.put("clientAppUsed", signIn.device().profile().clientAppUsed());
        record.put("correlationId", signIn.correlationId());
        record.put("conditionalAccessStatus", "success");
        record.put("isInteractive", signIn.interactive());
        risk(record);
        resource(record);
        status(record);
        deviceDetail(record, signIn.device());
        location(record, signIn.user().place());
        record.putArray("appliedConditionalAccessPolicies");
        linkable(record, signIn);
        return record;
    }

    /** The members every Azure Monitor sign-in record carries outside {@code properties}, in export order. */
    private ObjectNode envelope(String time, String category, String ip, String correlationId, String identity, String location) {
        ObjectNode envelope = Json.MAPPER.createObjectNode();
        envelope.put("time", time);
        envelope.put("resourceId", "/tenants/" + tenant.tenantId() + "/providers/Microsoft.aadiam");
        envelope.put("operationName", "Sign-in activity");
        envelope.put("operationVersion", "1.0");
        envelope.put("category", category);
        envelope.put("tenantId", tenant.tenantId());
        envelope.put("resultType", "0");
        envelope.put("resultSignature", "None");
        envelope.put("durationMs", 0);
        envelope.put("callerIpAddress", ip);
        envelope.put("correlationId", correlationId);
        envelope.put("identity", identity);
        envelope.put("Level", 4);
        envelope.put("location", location);
        return envelope;
    }

    /** An Azure Monitor diagnostic record: envelope members, the sign-in in {@code properties}. */
    public ObjectNode monitor(SignIn signIn) {
        ObjectNode envelope = envelope(Times.monitor(signIn.time()), signIn.interactive() ? INTERACTIVE_CATEGORY : NON_INTERACTIVE_CATEGORY,
                signIn.ip(), signIn.correlationId(), signIn.user().displayName(), signIn.user().place().countryOrRegion());

        ObjectNode properties = identity(signIn, Times.monitorWithOffset(signIn.time()));
        status(properties);
        properties.put("clientAppUsed", signIn.device().profile().clientAppUsed());
        properties.put("userAgent", signIn.device().userAgent());
        deviceDetail(properties, signIn.device());
        location(properties, signIn.user().place());
        properties.put("correlationId", signIn.correlationId());
        properties.put("conditionalAccessStatus", "success");
        properties.putArray("appliedConditionalAccessPolicies");
        properties.put("originalRequestId", signIn.id());
        properties.put("isInteractive", signIn.interactive());
        properties.put("tokenIssuerName", "");
        properties.put("tokenIssuerType", "AzureAD");
        properties.put("authenticationRequirement",
                signIn.interactive() ? "multiFactorAuthentication" : "singleFactorAuthentication");
        risk(properties);
        resource(properties);
        properties.put("resourceTenantId", tenant.tenantId());
        properties.put("homeTenantId", tenant.tenantId());
        properties.put("userType", "Member");
        linkable(properties, signIn);
        envelope.set("properties", properties);
        return envelope;
    }

    /**
     * A service-principal or managed-identity sign-in as the Azure Monitor export writes it
     * (ServicePrincipalSignInLogs / ManagedIdentitySignInLogs): no user, the app's service principal,
     * its credential, and the app-only token's uniqueTokenIdentifier.
     */
    public ObjectNode monitor(AppSignIn signIn) {
        ObjectNode envelope = envelope(Times.monitor(signIn.time()),
                signIn.managedIdentity() ? MANAGED_IDENTITY_CATEGORY : SERVICE_PRINCIPAL_CATEGORY,
                signIn.ip(), signIn.correlationId(), signIn.app().displayName(), "US");

        ObjectNode properties = Json.MAPPER.createObjectNode();
        properties.put("id", signIn.id());
        properties.put("createdDateTime", Times.monitorWithOffset(signIn.time()));
        properties.put("correlationId", signIn.correlationId());
        properties.put("appId", signIn.app().appId());
        properties.put("appDisplayName", signIn.app().displayName());
        properties.put("servicePrincipalId", signIn.app().servicePrincipalId());
        properties.put("servicePrincipalName", signIn.app().displayName());
        properties.put("ipAddress", signIn.ip());
        status(properties);
        properties.put("resourceDisplayName", signIn.resourceName());
        properties.put("resourceId", signIn.resourceId());
        properties.put("resourceTenantId", tenant.tenantId());
        properties.put("homeTenantId", tenant.tenantId());
        properties.put("clientCredentialType", signIn.managedIdentity() ? "managedIdentity" : "certificate");
        if (!signIn.managedIdentity()) {
            properties.put("servicePrincipalCredentialKeyId", signIn.app().credentialKeyId());
        }
        properties.put("conditionalAccessStatus", "notApplied");
        properties.putArray("appliedConditionalAccessPolicies");
        properties.put("uniqueTokenIdentifier", signIn.uniqueTokenId());
        envelope.set("properties", properties);
        return envelope;
    }

    /** The linkable identifiers: the Entra session and the issued token's id. */
    private static void linkable(ObjectNode record, SignIn signIn) {
        record.put("sessionId", signIn.sessionId());
        record.put("uniqueTokenIdentifier", signIn.uniqueTokenId());
    }

    private static ObjectNode identity(SignIn signIn, String createdDateTime) {
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("id", signIn.id());
        record.put("createdDateTime", createdDateTime);
        record.put("userDisplayName", signIn.user().displayName());
        record.put("userPrincipalName", signIn.user().upn());
        record.put("userId", signIn.user().objectId());
        record.put("appId", signIn.device().profile().signInAppId());
        record.put("appDisplayName", signIn.device().profile().signInAppName());
        record.put("ipAddress", signIn.ip());
        return record;
    }

    private static void risk(ObjectNode record) {
        record.put("riskDetail", "none");
        record.put("riskLevelAggregated", "none");
        record.put("riskLevelDuringSignIn", "none");
        record.put("riskState", "none");
        record.putArray("riskEventTypes");
        record.putArray("riskEventTypes_v2");
    }

    private static void resource(ObjectNode record) {
        record.put("resourceDisplayName", MicrosoftApps.EXCHANGE_ONLINE_NAME);
        record.put("resourceId", MicrosoftApps.EXCHANGE_ONLINE);
    }

    private static void status(ObjectNode record) {
        ObjectNode status = record.putObject("status");
        status.put("errorCode", 0);
        status.put("failureReason", "Other.");
        status.putNull("additionalDetails");
    }

    private static void deviceDetail(ObjectNode record, Device device) {
        ObjectNode detail = record.putObject("deviceDetail");
        detail.put("deviceId", device.managed() ? device.deviceId() : "");
        detail.put("displayName", device.managed() ? device.displayName() : "");
        detail.put("operatingSystem", device.operatingSystem());
        detail.put("browser", device.browser());
        detail.put("isCompliant", device.managed());
        detail.put("isManaged", device.managed());
        detail.put("trustType", device.managed() ? "Azure AD joined" : "");
    }

    private static void location(ObjectNode record, Place place) {
        ObjectNode location = record.putObject("location");
        location.put("city", place.city());
        location.put("state", place.state());
        location.put("countryOrRegion", place.countryOrRegion());
        ObjectNode geo = location.putObject("geoCoordinates");
        geo.putNull("altitude");
        geo.put("latitude", place.latitude());
        geo.put("longitude", place.longitude());
    }
}
