package dev.forgewatch.samples.records;

import dev.forgewatch.samples.tenant.Device;
import dev.forgewatch.samples.tenant.User;
import java.time.Instant;

/** One successful Entra sign-in of a user's client to Exchange Online. */
public record SignIn(String id, Instant time, User user, Device device, boolean interactive, String correlationId) {
    public String ip() {
        return user.place().ip();
    }
}
