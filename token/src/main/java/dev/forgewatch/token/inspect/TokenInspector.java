package dev.forgewatch.token.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import dev.forgewatch.common.secret.Fingerprints;
import dev.forgewatch.token.ledger.CompromisedKey;
import dev.forgewatch.token.ledger.CompromisedKeys;
import dev.forgewatch.token.ledger.Issuers;
import dev.forgewatch.token.ledger.KeyLedger;
import dev.forgewatch.token.ledger.KeyScope;
import dev.forgewatch.token.ledger.LedgerKey;
import dev.forgewatch.token.parse.ParsedToken;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges a parsed token against the key ledger, the IOC list and the policy. The work is split in
 * two: {@link #analyze} does everything that does not depend on when the token was seen (parsing,
 * key lookup, the RSA signature check) and its result can be cached by fingerprint; {@link
 * Analysis#at} adds the expiry checks for one sighting, cheaply.
 */
public final class TokenInspector {
    /** The one algorithm Microsoft's identity platform signs tokens with. */
    static final String MICROSOFT_ALG = "RS256";

    private final KeyLedger ledger;
    private final CompromisedKeys compromised;
    private final InspectionPolicy policy;

    public TokenInspector(KeyLedger ledger, CompromisedKeys compromised, InspectionPolicy policy) {
        this.ledger = ledger;
        this.compromised = compromised;
        this.policy = policy;
    }

    public KeyLedger ledger() {
        return ledger;
    }

    public TokenReport inspect(ParsedToken token, Instant seenAt) {
        return analyze(token).at(seenAt);
    }

    public Analysis analyze(ParsedToken token) {
        return new Judgement(token).analysis();
    }

    /** A token judged apart from time: cacheable, immutable. */
    public static final class Analysis {
        private final TokenReport report;
        private final boolean judgeTimes;
        private final Duration skew;
        private final Map<String, Object> fields;

        Analysis(TokenReport report, boolean judgeTimes, Duration skew) {
            this.report = report;
            this.judgeTimes = judgeTimes;
            this.skew = skew;
            this.fields = report.fields();
        }

        /** The report without the findings that depend on when the token was seen. */
        public TokenReport report() {
            return report;
        }

        public TokenReport at(Instant seenAt) {
            return report.plus(timeFindings(seenAt));
        }

        /** The canonical fields for one sighting; the cached map itself when time adds nothing. */
        public Map<String, Object> fieldsAt(Instant seenAt) {
            List<TokenFinding> more = timeFindings(seenAt);
            return more.isEmpty() ? fields : report.plus(more).fields();
        }

        private List<TokenFinding> timeFindings(Instant seenAt) {
            if (!judgeTimes) {
                return List.of();
            }
            // The list only when there is something to add: most sightings are in time, and the hunt asks
            // this for every token event.
            List<TokenFinding> findings = List.of();
            Instant latestStart = later(report.notBefore(), report.issuedAt());
            if (latestStart != null && latestStart.isAfter(seenAt.plus(skew))) {
                findings = new ArrayList<>(2);
                findings.add(FindingKind.NOT_YET_VALID.finding("The token was used before the time it says it was issued or becomes valid.",
                        evidence("seen_at", seenAt, "iat", report.issuedAt(), "nbf", report.notBefore())));
            }
            if (report.expiresAt() != null && report.expiresAt().isBefore(seenAt.minus(skew))) {
                if (findings.isEmpty()) {
                    findings = new ArrayList<>(1);
                }
                findings.add(FindingKind.EXPIRED_WHEN_SEEN.finding("The token had already expired when it was seen.",
                        evidence("seen_at", seenAt, "exp", report.expiresAt())));
            }
            return findings;
        }

        private static Instant later(Instant a, Instant b) {
            return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
        }
    }

    /** One token's judgement, step by step; used once. */
    private final class Judgement {
        private final ParsedToken token;
        private final List<TokenFinding> findings = new ArrayList<>();
        private final List<String> claimProblems = new ArrayList<>();
        private String alg;
        private String kid;
        private String x5t;
        private String issuer;
        private String tenantId;
        private String audience;
        private Instant issuedAt;
        private Instant notBefore;
        private Instant expiresAt;

        Judgement(ParsedToken token) {
            this.token = token;
        }

        Analysis analysis() {
            ObjectNode header = token.header();
            ObjectNode claims = token.claims();
            alg = header == null ? null : text(header, "alg");
            kid = header == null ? null : text(header, "kid");
            x5t = header == null ? null : text(header, "x5t");
            issuer = claims == null ? null : text(claims, "iss");
            tenantId = claims == null ? null : text(claims, "tid");
            audience = claims == null ? null : audience(claims);
            String appId = claims == null ? null : Optional.ofNullable(text(claims, "appid")).orElse(text(claims, "azp"));
            String version = claims == null ? null : text(claims, "ver");
            String subjectHash = claims == null ? null : subjectHash(claims);
            // Entra's linkable identifiers: the token's own id and the session it was issued in
            String uniqueTokenId = claims == null ? null : text(claims, "uti");
            String sessionId = claims == null ? null : text(claims, "sid");
            if (claims != null) {
                issuedAt = time(claims, "iat");
                notBefore = time(claims, "nbf");
                expiresAt = time(claims, "exp");
            }

            String keyScope = KeyScope.UNKNOWN_LABEL;
            SignatureStatus signature;
            boolean judgeTimes = false;
            if (!token.wellFormed()) {
                findings.add(FindingKind.MALFORMED_TOKEN.finding("The token cannot be read: " + token.problem() + ".",
                        evidence("problem", token.problem(), "alg", alg, "kid", kid)));
                signature = SignatureStatus.UNREADABLE;
            } else {
                Optional<LedgerKey> key = ledger.find(kid, x5t);
                Optional<CompromisedKey> ioc = compromised.match(kid, x5t);
                boolean microsoft = Issuers.isMicrosoft(issuer) || key.isPresent() || ioc.isPresent();
                if (isNone()) {
                    findings.add(FindingKind.ALG_NONE.finding("The token is unsigned (alg none), so anyone could have written it.",
                            evidence("alg", alg, "iss", issuer)));
                }
                if (!microsoft) {
                    signature = SignatureStatus.NOT_MICROSOFT;
                } else {
                    judgeTimes = true;
                    if (key.isPresent()) {
                        keyScope = key.get().scope().label();
                    }
                    signature = signature(key);
                    judgeKey(key, ioc, signature);
                    judgeClaims(claims);
                }
                if (!claimProblems.isEmpty()) {
                    findings.add(FindingKind.MALFORMED_TOKEN.finding("Header members or claims of the wrong type: " + String.join("; ", claimProblems) + ".",
                            evidence("problem", String.join("; ", claimProblems))));
                }
            }
            TokenReport report = new TokenReport(token.fingerprint(), token.reduced(), SafeText.of(alg), SafeText.of(kid),
                    SafeText.of(x5t), SafeText.of(issuer), SafeText.of(tenantId), SafeText.of(audience), SafeText.of(appId),
                    SafeText.of(version), subjectHash, SafeText.of(uniqueTokenId), SafeText.of(sessionId), issuedAt, notBefore, expiresAt, keyScope, signature, findings);
            return new Analysis(report, judgeTimes, policy.clockSkew());
        }

        private boolean isNone() {
            return alg != null && alg.equalsIgnoreCase("none");
        }

        private boolean isHmac() {
            return alg != null && JWSAlgorithm.Family.HMAC_SHA.contains(JWSAlgorithm.parse(alg));
        }

        private SignatureStatus signature(Optional<LedgerKey> key) {
            if (key.isEmpty()) {
                return SignatureStatus.UNKNOWN_KEY;
            }
            if (!MICROSOFT_ALG.equals(alg)) {
                return SignatureStatus.NOT_APPLICABLE;
            }
            if (token.reduced()) {
                return SignatureStatus.NO_SIGNATURE;
            }
            RSAPublicKey publicKey = ledger.publicKey(key.get());
            if (publicKey == null) {
                return SignatureStatus.NO_KEY_MATERIAL;
            }
            // RS256 with the JDK's own verifier, as nimbus's RSASSAVerifier does it, but decoding the signature
            // with the JDK's base64url decoder: nimbus's decoder took a fifth of a distinct token's verify time.
            // A signature that does not decode, or has the wrong length, is invalid either way. So is one whose last
            // character carries non-zero unused bits: the JDK's decoder ignores them, so without the re-encoding
            // check a segment altered there would verify although it is not the encoding of the signed bytes.
            try {
                String segment = token.signature().toString();
                byte[] signature = Base64.getUrlDecoder().decode(segment);
                if (!Base64.getUrlEncoder().withoutPadding().encodeToString(signature).equals(segment)) {
                    return SignatureStatus.INVALID;
                }
                Signature verifier = Signature.getInstance("SHA256withRSA");
                verifier.initVerify(publicKey);
                verifier.update(token.signingInput().getBytes(StandardCharsets.US_ASCII));
                return verifier.verify(signature) ? SignatureStatus.VALID : SignatureStatus.INVALID;
            } catch (GeneralSecurityException | RuntimeException e) {
                return SignatureStatus.INVALID;
            }
        }

        private void judgeKey(Optional<LedgerKey> key, Optional<CompromisedKey> ioc, SignatureStatus signature) {
            if (isHmac()) {
                findings.add(FindingKind.ALG_HMAC.finding("The token claims a Microsoft issuer but is signed with a shared HMAC secret,"
                        + " which Microsoft never does.", evidence("alg", alg, "iss", issuer, "kid", kid)));
            }
            if (ioc.isPresent()) {
                CompromisedKey bad = ioc.get();
                findings.add(FindingKind.COMPROMISED_KEY.finding("The token names a signing key on the compromised-key list ("
                        + bad.name() + ").", evidence("kid", kid, "x5t", x5t, "ioc", bad.name(), "thumbprint_sha1", bad.thumbprintSha1(),
                        "ioc_source", bad.sources().isEmpty() ? null : bad.sources().get(0).source(), "signature", signature.description())));
            }
            Set<String> tenants = tenants();
            if (key.isEmpty()) {
                if (ioc.isEmpty()) {
                    judgeUnknownKey(tenants);
                }
                return;
            }
            LedgerKey found = key.get();
            for (String tenant : tenants) {
                if (!found.signsFor(tenant)) {
                    findings.add(FindingKind.CROSS_SCOPE_KEY.finding("The signing key is a " + found.scope().label() + "-scope key but the token is for "
                            + describe(tenant) + ", which a correct validator rejects (the Storm-0558 validation flaw).",
                            evidence("kid", found.kid(), "key_scope", found.scope().label(), "key_issuers", String.join(" ", found.issuers()),
                                    "iss", issuer, "tid", tenantId, "signature", signature.description())));
                    break;
                }
            }
            Instant issued = issuedAt != null ? issuedAt : notBefore;
            LocalDate retired = found.retiredOn();
            if (retired != null && issued != null && !issued.isBefore(retired.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())) {
                findings.add(FindingKind.KEY_RETIRED_BEFORE_IAT.finding("The token was issued after its signing key had been withdrawn"
                        + " from Microsoft's key lists.", evidence("kid", found.kid(), "key_retired", retired, "key_last_seen", found.lastSeen(),
                        "iat", issued, "signature", signature.description())));
            }
            if (found.certificate() != null && issued != null && issued.isAfter(found.certificate().notAfter().plus(policy.clockSkew()))) {
                findings.add(FindingKind.CERTIFICATE_EXPIRED_AT_IAT.finding("The signing key's certificate had expired before the token"
                        + " was issued.", evidence("kid", found.kid(), "certificate_not_after", found.certificate().notAfter(), "iat", issued,
                        "signature", signature.description())));
            }
            if (!isNone() && !isHmac() && !MICROSOFT_ALG.equals(alg)) {
                findings.add(FindingKind.ALG_KEY_MISMATCH.finding("The token's alg " + SafeText.of(alg) + " is not the RS256 its RSA"
                        + " signing key is used with.", evidence("alg", alg, "kid", found.kid(), "key_type", "RSA", "allowed", MICROSOFT_ALG)));
            }
            if (signature == SignatureStatus.INVALID) {
                findings.add(FindingKind.SIGNATURE_INVALID.finding("The signature does not verify with the ledger's public key for"
                        + " this key id.", evidence("kid", found.kid(), "alg", alg, "key_material", found.materialSource())));
            }
        }

        private void judgeUnknownKey(Set<String> tenants) {
            if (isNone() || isHmac()) {
                return;
            }
            if (kid == null && x5t == null) {
                findings.add(FindingKind.UNKNOWN_KEY.finding("The token names no signing key (no kid or x5t), which Microsoft tokens"
                        + " always do.", evidence("alg", alg, "iss", issuer)));
                return;
            }
            Instant issued = issuedAt != null ? issuedAt : notBefore;
            if (issued == null) {
                return;
            }
            LocalDate day = LocalDate.ofInstant(issued, ZoneOffset.UTC);
            Set<KeyScope> scopes = new LinkedHashSet<>();
            for (String tenant : tenants) {
                scopes.add(KeyScope.ofTenant(tenant));
            }
            if (scopes.isEmpty()) {
                scopes.addAll(Set.of(KeyScope.values()));
            }
            for (KeyScope scope : scopes) {
                // Outside the periods the ledger watched, the key may simply be newer than the ledger.
                if (ledger.covers(day, scope)) {
                    findings.add(FindingKind.UNKNOWN_KEY.finding("No Microsoft key list the ledger watched on the day the token was issued"
                            + " published the key it names.", evidence("kid", kid, "x5t", x5t, "iss", issuer, "iat", issued,
                            "ledger_snapshot", ledger.snapshotDate())));
                    return;
                }
            }
        }

        private void judgeClaims(ObjectNode claims) {
            if (claims == null) {
                return;
            }
            String issuerTenant = Issuers.tenantOf(issuer);
            String mismatch = null;
            if (issuer == null) {
                mismatch = "the token has no iss claim";
            } else if (!Issuers.isLiveIssuer(issuer)) {
                if (!Issuers.isGuid(issuerTenant)) {
                    mismatch = "iss carries no tenant id";
                } else if (tenantId != null && !Issuers.isGuid(tenantId)) {
                    mismatch = "tid is not a tenant id";
                } else if (tenantId != null && !tenantId.equalsIgnoreCase(issuerTenant)) {
                    mismatch = "the tenant in iss is not the tid claim";
                }
            }
            if (mismatch != null) {
                findings.add(FindingKind.ISSUER_TENANT_MISMATCH.finding("Issuer and tenant disagree: " + mismatch + ".",
                        evidence("iss", issuer, "iss_tenant", issuerTenant, "tid", tenantId)));
            }
            if (tenants().contains(KeyScope.CONSUMER_TENANT_ID) && policy.isEnterpriseAudience(audience)) {
                findings.add(FindingKind.CONSUMER_TENANT_ON_ENTERPRISE_APP.finding("A personal (consumer) Microsoft account token was"
                        + " presented to an enterprise-only audience.", evidence("aud", audience, "tid", tenantId, "iss", issuer)));
            }
            Instant start = issuedAt != null ? issuedAt : notBefore;
            if (start != null && expiresAt != null) {
                Duration lifetime = Duration.between(start, expiresAt);
                boolean cae = continuousAccess(claims);
                Duration limit = cae ? policy.maxCaeLifetime() : policy.maxLifetime();
                if (lifetime.compareTo(limit.plus(policy.clockSkew())) > 0) {
                    findings.add(FindingKind.LIFETIME_EXCESSIVE.finding("The token is valid for " + human(lifetime) + ", longer than the "
                            + human(limit) + " Microsoft issues" + (cae ? " even to continuous-access clients." : "."),
                            evidence("iat", issuedAt, "nbf", notBefore, "exp", expiresAt, "lifetime", human(lifetime), "limit", human(limit),
                                    "continuous_access", cae)));
                }
            }
        }

        /** The tenants the token claims: tid, the tenant in iss, and the consumer tenant for login.live.com. */
        private Set<String> tenants() {
            Set<String> tenants = new LinkedHashSet<>();
            if (Issuers.isGuid(tenantId)) {
                tenants.add(tenantId.toLowerCase(Locale.ROOT));
            }
            String issuerTenant = Issuers.tenantOf(issuer);
            if (Issuers.isGuid(issuerTenant)) {
                tenants.add(issuerTenant.toLowerCase(Locale.ROOT));
            }
            if (Issuers.isLiveIssuer(issuer)) {
                tenants.add(KeyScope.CONSUMER_TENANT_ID);
            }
            return tenants;
        }

        private String describe(String tenant) {
            return KeyScope.ofTenant(tenant) == KeyScope.CONSUMERS ? "the consumer (MSA) tenant" : "organizational tenant " + tenant;
        }

        private String subjectHash(ObjectNode claims) {
            if (policy.subjectHashSalt() == null) {
                return null;
            }
            String subject = Optional.ofNullable(text(claims, "oid")).orElse(text(claims, "sub"));
            return subject == null ? null : Fingerprints.sha256Hex(policy.subjectHashSalt() + subject);
        }

        private String text(ObjectNode node, String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isTextual() || value.isNumber() || value.isBoolean()) {
                return value.asText();
            }
            claimProblems.add(name + " is " + value.getNodeType().toString().toLowerCase(Locale.ROOT));
            return null;
        }

        private String audience(ObjectNode claims) {
            JsonNode aud = claims.get("aud");
            if (aud != null && aud.isArray()) {
                return aud.size() > 0 && aud.get(0).isTextual() ? aud.get(0).asText() : null;
            }
            return text(claims, "aud");
        }

        /** A NumericDate claim; anything else is a claim problem and counts as absent. */
        private Instant time(ObjectNode claims, String name) {
            JsonNode value = claims.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isNumber()) {
                double seconds = value.asDouble();
                // Instant's range, roughly; beyond it the claim is nonsense.
                if (!Double.isNaN(seconds) && Math.abs(seconds) < 3.0e16) {
                    return Instant.ofEpochSecond((long) Math.floor(seconds));
                }
            }
            claimProblems.add(name + " is not a number of seconds since 1970");
            return null;
        }
    }

    private static boolean continuousAccess(ObjectNode claims) {
        JsonNode capabilities = claims.get("xms_cc");
        if (capabilities == null) {
            return false;
        }
        if (capabilities.isTextual()) {
            return capabilities.asText().equalsIgnoreCase("cp1");
        }
        for (JsonNode capability : capabilities) {
            if (capability.isTextual() && capability.asText().equalsIgnoreCase("cp1")) {
                return true;
            }
        }
        return false;
    }

    static String human(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes >= 60 ? minutes / 60 + "h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + "m") : minutes + "m";
    }

    /** Evidence from name/value pairs: nulls left out, values made safe to keep. */
    static Map<String, String> evidence(Object... pairs) {
        Map<String, String> evidence = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                evidence.put((String) pairs[i], SafeText.of(pairs[i + 1].toString()));
            }
        }
        return evidence;
    }
}
