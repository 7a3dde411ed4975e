package dev.forgewatch.samples.records;

import dev.forgewatch.samples.tenant.Device;
import dev.forgewatch.samples.tenant.User;
import java.time.Instant;

/**
 * One successful Entra user sign-in of a client to Exchange Online, with the token it issued
 * ({@code uniqueTokenIdentifier}) and the Entra session it belongs to ({@code sessionId}).
 *
 * @param ip where the client was: the user's place, or wherever a roaming user is at that time
 */
public record SignIn(String id, Instant time, User user, Device device, boolean interactive, String correlationId,
                     String ip, String sessionId, String uniqueTokenId) {
}
