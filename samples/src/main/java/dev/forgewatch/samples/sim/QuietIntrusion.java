package dev.forgewatch.samples.sim;

import dev.forgewatch.samples.tenant.User;
import java.time.Instant;
import java.util.List;

/**
 * The quiet intruder: reads one mailbox with forged tokens through the owner's own web client (the
 * owner's AppId, ClientAppId and user agent), from an unremarkable residential address, a few Binds
 * an evening on a few days; no published IOC address, no new app, no Sync. Only token provenance
 * gives it away: no sign-in of any category issued the tokens it uses.
 */
public record QuietIntrusion(User target, String ip, List<Sitting> sittings) {
    public QuietIntrusion {
        sittings = List.copyOf(sittings);
    }

    public List<Sitting> sittingsOn(int day) {
        return sittings.stream().filter(sitting -> sitting.day() == day).toList();
    }

    /** One evening's reading. */
    public record Sitting(int day, Instant start, int binds) {
    }
}
