package dev.forgewatch.samples.records;

/**
 * An application the tenant owns: its application (client) id, the object id of its service
 * principal in the tenant, its display name, and the key id of the credential it signs in with.
 */
public record TenantApp(String appId, String servicePrincipalId, String displayName, String credentialKeyId) {
}
