package dev.forgewatch.samples.sim;

import dev.forgewatch.samples.tenant.User;
import java.time.Instant;
import java.util.List;

/**
 * One sitting of the intruder in one mailbox: folder Syncs (REST) then item Binds (OWA), all from
 * one proxy IP, with no sign-in anywhere.
 *
 * @param bindSpacingSeconds fixed spacing of Binds, or 0 for a human-like random pace
 * @param throttles          the session ends with the record that reports MailItemsAccessed throttling
 */
public record IntrusionSession(User target, int day, Instant start, IocAddress address, List<String> syncFolders,
                               int binds, int bindSpacingSeconds, boolean throttles) {
    public IntrusionSession {
        syncFolders = List.copyOf(syncFolders);
    }

    /** When a fixed-pace session writes its throttling record (one spacing after the last Bind). */
    public Instant throttledAt() {
        return start.plusSeconds((long) (syncFolders.size() + binds + 1) * bindSpacingSeconds);
    }
}
