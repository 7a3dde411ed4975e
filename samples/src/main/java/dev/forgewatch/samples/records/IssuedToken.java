package dev.forgewatch.samples.records;

import java.time.Instant;

/**
 * An access token Entra issued (or a forger made up), as the linkable identifiers describe it: its
 * unique token id (the {@code uti} claim; UniqueTokenId in workload audit records,
 * uniqueTokenIdentifier in sign-in logs), when it was issued ({@code iat}; IssuedAtTime), when it
 * expires, and the Entra session it belongs to ({@code sid}; AADSessionId, sessionId), which app-only
 * tokens do not have.
 */
public record IssuedToken(String uniqueTokenId, Instant issuedAt, Instant expires, String sessionId) {
    /** Whether a request at {@code time} still finds the token valid, with the client's refresh margin. */
    public boolean usableAt(Instant time, long marginSeconds) {
        return !time.isBefore(issuedAt) && time.isBefore(expires.minusSeconds(marginSeconds));
    }
}
