package dev.forgewatch.token.inspect;

import dev.forgewatch.common.event.Fields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What inspection found out about one token: the header and claim subset ForgeWatch keeps (never
 * the token or its signature; every text already redacted), the signing key's scope, what became of
 * the signature check, and the findings. No findings means a well-formed, valid token.
 *
 * <p>{@code uniqueTokenId} ({@code uti}) and {@code sessionId} ({@code sid}) are Entra's linkable
 * identifiers: the same values its sign-in logs ({@code uniqueTokenIdentifier}, {@code sessionId}),
 * workload audit records ({@code AppAccessContext.UniqueTokenId}, {@code AADSessionId}) and Graph
 * activity logs ({@code SignInActivityId}, {@code SessionId}) carry, so a token seen in a gateway log
 * joins what it did and the sign-in that issued it. They identify a token, they do not unlock it.
 */
public record TokenReport(String fingerprint, boolean reduced, String alg, String kid, String x5t, String issuer,
                          String tenantId, String audience, String appId, String version, String subjectHash,
                          String uniqueTokenId, String sessionId,
                          Instant issuedAt, Instant notBefore, Instant expiresAt, String keyScope,
                          SignatureStatus signature, List<TokenFinding> findings) {
    public TokenReport {
        findings = List.copyOf(findings);
    }

    public List<String> findingIds() {
        List<String> ids = new ArrayList<>(findings.size());
        for (TokenFinding finding : findings) {
            ids.add(finding.id());
        }
        return ids;
    }

    public boolean has(FindingKind kind) {
        for (TokenFinding finding : findings) {
            if (finding.id().equals(kind.id())) {
                return true;
            }
        }
        return false;
    }

    /** The same report with more findings (those that depend on when the token was seen). */
    public TokenReport plus(List<TokenFinding> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<TokenFinding> all = new ArrayList<>(findings);
        all.addAll(more);
        return new TokenReport(fingerprint, reduced, alg, kid, x5t, issuer, tenantId, audience, appId, version,
                subjectHash, uniqueTokenId, sessionId, issuedAt, notBefore, expiresAt, keyScope, signature, all);
    }

    /**
     * The canonical fields of a token event: the {@code token_*} fields, and the linkable identifiers as
     * {@code unique_token_id} and {@code session_id}; absent values are left out.
     */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        put(fields, Fields.TOKEN_FINGERPRINT, fingerprint);
        put(fields, Fields.TOKEN_ALG, alg);
        put(fields, Fields.TOKEN_KID, kid);
        put(fields, Fields.TOKEN_X5T, x5t);
        put(fields, Fields.TOKEN_ISSUER, issuer);
        put(fields, Fields.TOKEN_TENANT_ID, tenantId);
        put(fields, Fields.TOKEN_AUDIENCE, audience);
        put(fields, Fields.TOKEN_APP_ID, appId);
        put(fields, Fields.TOKEN_VERSION, version);
        put(fields, Fields.TOKEN_SUBJECT_HASH, subjectHash);
        put(fields, Fields.UNIQUE_TOKEN_ID, uniqueTokenId);
        put(fields, Fields.SESSION_ID, sessionId);
        put(fields, Fields.TOKEN_ISSUED_AT, issuedAt);
        put(fields, Fields.TOKEN_NOT_BEFORE, notBefore);
        put(fields, Fields.TOKEN_EXPIRES_AT, expiresAt);
        put(fields, Fields.TOKEN_KEY_SCOPE, keyScope);
        if (!findings.isEmpty()) {
            fields.put(Fields.TOKEN_FINDINGS, List.copyOf(findingIds()));
        }
        return Collections.unmodifiableMap(fields);
    }

    private static void put(Map<String, Object> fields, String name, Object value) {
        if (value != null) {
            fields.put(name, value);
        }
    }
}
