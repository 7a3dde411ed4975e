package dev.forgewatch.token.inspect;

import dev.forgewatch.common.event.Severity;
import java.util.Map;

/**
 * Every token finding, with its stable id (what {@code token_findings} holds and detection rules
 * match on) and its severity. The ids are an interface: never rename one.
 */
public enum FindingKind {
    COMPROMISED_KEY("compromised-key", Severity.CRITICAL),
    CROSS_SCOPE_KEY("cross-scope-key", Severity.CRITICAL),
    UNKNOWN_KEY("unknown-key", Severity.MEDIUM),
    KEY_RETIRED_BEFORE_IAT("key-retired-before-iat", Severity.HIGH),
    CERTIFICATE_EXPIRED_AT_IAT("certificate-expired-at-iat", Severity.HIGH),
    SIGNATURE_INVALID("signature-invalid", Severity.HIGH),
    ALG_NONE("alg-none", Severity.HIGH),
    ALG_HMAC("alg-hmac", Severity.HIGH),
    ALG_KEY_MISMATCH("alg-key-mismatch", Severity.HIGH),
    ISSUER_TENANT_MISMATCH("issuer-tenant-mismatch", Severity.HIGH),
    CONSUMER_TENANT_ON_ENTERPRISE_APP("consumer-tenant-on-enterprise-app", Severity.HIGH),
    LIFETIME_EXCESSIVE("lifetime-excessive", Severity.MEDIUM),
    NOT_YET_VALID("not-yet-valid", Severity.MEDIUM),
    EXPIRED_WHEN_SEEN("expired-when-seen", Severity.LOW),
    MALFORMED_TOKEN("malformed-token", Severity.LOW);

    private final String id;
    private final Severity severity;

    FindingKind(String id, Severity severity) {
        this.id = id;
        this.severity = severity;
    }

    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    public TokenFinding finding(String explanation, Map<String, String> evidence) {
        return new TokenFinding(id, severity, explanation, evidence);
    }
}
