package dev.forgewatch.samples.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Linkable identifiers as Microsoft writes them. Entra backdates a token's {@code iat} (and
 * {@code nbf}) five minutes before it issues it, to allow for clock skew; the sign-in log records the
 * request itself, so IssuedAtTime runs about five minutes ahead of the matching sign-in's time.
 */
public final class AccessTokens {
    /** Entra's clock-skew backdating of iat and nbf. */
    public static final long IAT_BACKDATE_SECONDS = 300;
    /** Entra access tokens live 60 to 90 minutes by default (a random lifetime in that range). */
    public static final int MIN_LIFETIME = 60 * 60;
    public static final int MAX_LIFETIME = 90 * 60;

    private AccessTokens() {
    }

    /** A {@code uti}: 16 random bytes, base64url without padding (22 characters), case-sensitive. */
    public static String uniqueTokenId(SplittableRandom random) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The token Entra issues for a sign-in at {@code signedInAt}. */
    public static IssuedToken issue(SplittableRandom random, Instant signedInAt, String sessionId) {
        Instant iat = signedInAt.minusSeconds(IAT_BACKDATE_SECONDS);
        int lifetime = MIN_LIFETIME + random.nextInt(MAX_LIFETIME - MIN_LIFETIME + 1);
        return new IssuedToken(uniqueTokenId(random), iat, iat.plusSeconds(lifetime), sessionId);
    }

    /**
     * Adds {@code AppAccessContext} to a workload audit record: the token's AADSessionId (absent for
     * app-only tokens), IssuedAtTime (audit spelling: UTC without a zone designator) and UniqueTokenId.
     */
    public static ObjectNode appAccessContext(ObjectNode record, IssuedToken token) {
        ObjectNode context = record.putObject("AppAccessContext");
        if (token.sessionId() != null) {
            context.put("AADSessionId", token.sessionId());
        }
        context.put("IssuedAtTime", Times.audit(token.issuedAt()));
        context.put("UniqueTokenId", token.uniqueTokenId());
        return record;
    }

    /** Seconds a client keeps before expiry when it refreshes (MSAL refreshes five minutes early). */
    public static long refreshMargin() {
        return 300;
    }
}
