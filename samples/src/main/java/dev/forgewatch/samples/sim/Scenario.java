package dev.forgewatch.samples.sim;

import dev.forgewatch.samples.tenant.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The planted story inside the normal activity: the intrusion's sessions, the mailbox whose
 * MailItemsAccessed auditing gets throttled, the mailboxes without MailItemsAccessed at all, the quiet
 * forged-token intrusion, and the real-tenant patterns that must stay quiet.
 */
public record Scenario(Actor actor, List<User> targets, List<User> licenceGap, List<IntrusionSession> sessions,
                       QuietIntrusion quiet, TenantPatterns patterns) {
    /** Exchange stops auditing a throttled mailbox's reads for 24 hours. */
    public static final Duration THROTTLE_GAP = Duration.ofHours(24);

    public Scenario {
        targets = List.copyOf(targets);
        licenceGap = List.copyOf(licenceGap);
        sessions = List.copyOf(sessions);
    }

    public List<IntrusionSession> sessionsOn(int day) {
        return sessions.stream().filter(session -> session.day() == day).toList();
    }

    public Optional<IntrusionSession> throttling() {
        return sessions.stream().filter(IntrusionSession::throttles).findFirst();
    }

    /**
     * Whether Exchange writes MailItemsAccessed for this mailbox at this time: never for the
     * licence-gap mailboxes, and not in the 24 hours after the throttling record.
     */
    public boolean mailItemsAudited(String mailbox, Instant time) {
        if (licenceGap.stream().anyMatch(user -> user.upn().equals(mailbox))) {
            return false;
        }
        return throttling().filter(session -> session.target().upn().equals(mailbox))
                .map(session -> !time.isAfter(session.throttledAt()) || time.isAfter(session.throttledAt().plus(THROTTLE_GAP)))
                .orElse(true);
    }
}
