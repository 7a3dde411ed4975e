package dev.forgewatch.samples.records;

import java.time.Instant;

/**
 * A service-principal or managed-identity sign-in: an app (or an Azure resource's identity) getting
 * an app-only token for a resource with its own credential, no user involved.
 *
 * @param managedIdentity a managed identity (ManagedIdentitySignInLogs) rather than an app registration
 *                        with a secret or certificate (ServicePrincipalSignInLogs)
 */
public record AppSignIn(String id, Instant time, TenantApp app, boolean managedIdentity, String ip, String correlationId,
                        String uniqueTokenId, String resourceId, String resourceName) {
}
