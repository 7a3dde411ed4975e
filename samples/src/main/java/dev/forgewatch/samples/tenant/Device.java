package dev.forgewatch.samples.tenant;

/**
 * One client a user runs, fixed for the whole period (same user agent, same version) so clean
 * mailboxes never show a new client.
 *
 * @param clientInfoString what Exchange writes in ClientInfoString for this client
 * @param userAgent        the HTTP user agent Entra sees at sign-in
 */
public record Device(ClientProfile profile, String deviceId, String displayName, String operatingSystem,
                     String browser, String clientInfoString, String userAgent, String clientVersion,
                     boolean managed) {
}
