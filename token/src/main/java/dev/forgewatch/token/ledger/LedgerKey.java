package dev.forgewatch.token.ledger;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One signing key as the ledger knows it. Key material is optional: for some keys only the id is
 * public, and then signatures cannot be checked.
 *
 * @param kid            the key id tokens carry in their header
 * @param x5t            the certificate thumbprint (base64url SHA-1) v1 tokens carry; null if unknown
 * @param scope          which accounts the key signs for
 * @param issuers        issuers it may sign for, as published ({@code {tenantid}} templates allowed)
 * @param jwk            RSA modulus and exponent, or null
 * @param x5c            base64 DER certificate chain, first the key's own certificate; may be empty
 * @param certificate    facts about the certificate, or null when it is not known
 * @param materialSource where the key material comes from, or null when there is none
 * @param listings       where and when it was published
 * @param note           anything else worth knowing, or null
 */
public record LedgerKey(String kid, String x5t, KeyScope scope, List<String> issuers, RsaJwk jwk, List<String> x5c,
                        CertificateInfo certificate, String materialSource, List<Listing> listings, String note) {
    public LedgerKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(scope, "scope");
        issuers = List.copyOf(issuers);
        x5c = List.copyOf(x5c);
        listings = List.copyOf(listings);
    }

    public boolean hasKeyMaterial() {
        return jwk != null || !x5c.isEmpty();
    }

    public LocalDate firstSeen() {
        LocalDate first = null;
        for (Listing listing : listings) {
            if (listing.firstSeen() != null && (first == null || listing.firstSeen().isBefore(first))) {
                first = listing.firstSeen();
            }
        }
        return first;
    }

    public LocalDate lastSeen() {
        LocalDate last = null;
        for (Listing listing : listings) {
            if (listing.lastSeen() != null && (last == null || listing.lastSeen().isAfter(last))) {
                last = listing.lastSeen();
            }
        }
        return last;
    }

    /**
     * The date the key is known to have been withdrawn, or null. That is the latest confirmed
     * retirement from any endpoint, provided no endpoint not confirmed gone still listed the key on
     * or after it; listings without dates prove nothing either way and are ignored.
     */
    public LocalDate retiredOn() {
        LocalDate retired = null;
        for (Listing listing : listings) {
            if (listing.retired() != null && (retired == null || listing.retired().isAfter(retired))) {
                retired = listing.retired();
            }
        }
        if (retired == null) {
            return null;
        }
        for (Listing listing : listings) {
            if (listing.retired() == null && listing.lastSeen() != null && !listing.lastSeen().isBefore(retired)) {
                return null;
            }
        }
        return retired;
    }

    /**
     * Whether the key may sign tokens of this tenant: a literal issuer allows its own tenant, a
     * {@code {tenantid}} template allows any organizational tenant, and a key without issuers
     * allows its scope.
     */
    public boolean signsFor(String tenantId) {
        KeyScope tenantScope = KeyScope.ofTenant(tenantId);
        if (issuers.isEmpty()) {
            return scope == tenantScope;
        }
        for (String issuer : issuers) {
            String tenant = Issuers.tenantOf(issuer);
            if (Issuers.TENANT_TEMPLATE.equalsIgnoreCase(tenant) ? tenantScope == KeyScope.ORGANIZATIONS
                    : tenantId.equalsIgnoreCase(tenant)) {
                return true;
            }
        }
        return false;
    }

    public LedgerKey withListings(List<Listing> newListings) {
        return new LedgerKey(kid, x5t, scope, issuers, jwk, x5c, certificate, materialSource, newListings, note);
    }
}
