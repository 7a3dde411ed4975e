package dev.forgewatch.token.ledger;

import java.security.interfaces.RSAPublicKey;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges a fetched JWKS document into the ledger, keeping history: new keys get first-seen today,
 * listed keys get last-seen today, and a key that is gone is never deleted. Because Microsoft's
 * servers briefly disagree about their lists, a key missing from one refresh is only marked
 * {@code missing_since}; it is retired (on that date) when a refresh on a later day still misses it.
 */
public final class LedgerMerger {
    private LedgerMerger() {
    }

    /** What a merge changed, per key id, for the refresh report. */
    public record Result(KeyLedger ledger, List<String> added, List<String> back, List<String> missing, List<String> retired,
                         List<String> notes) {
    }

    public static Result merge(KeyLedger ledger, FetchedJwks fetched, LocalDate today) {
        String url = fetched.url();
        JwksEndpoint endpoint = JwksEndpoint.of(url);
        List<String> added = new ArrayList<>();
        List<String> back = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> retired = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, LedgerKey> keys = new LinkedHashMap<>();
        for (LedgerKey key : ledger.keys()) {
            keys.put(key.kid(), key);
        }
        Set<String> listed = new LinkedHashSet<>();
        for (FetchedJwks.FetchedKey fetchedKey : fetched.keys()) {
            listed.add(fetchedKey.kid());
            LedgerKey known = keys.get(fetchedKey.kid());
            if (known == null) {
                LedgerKey created = create(fetchedKey, endpoint, today);
                if (created == null) {
                    notes.add(fetchedKey.kid() + ": no issuer member and " + url + " does not say which accounts it serves; not added");
                } else {
                    keys.put(created.kid(), created);
                    added.add(created.kid());
                }
                continue;
            }
            List<Listing> listings = new ArrayList<>();
            boolean found = false;
            for (Listing listing : known.listings()) {
                if (listing.endpoint().equals(url)) {
                    found = true;
                    if (listing.retired() != null || listing.missingSince() != null) {
                        back.add(known.kid());
                    }
                    listing = new Listing(url, listing.firstSeen() == null ? today : listing.firstSeen(), today, null, null, listing.source());
                }
                listings.add(listing);
            }
            if (!found) {
                listings.add(new Listing(url, today, today, null, null, refreshSource(url)));
            }
            keys.put(known.kid(), withMaterial(known.withListings(listings), fetchedKey, url, today, notes));
        }
        for (LedgerKey key : List.copyOf(keys.values())) {
            if (listed.contains(key.kid())) {
                continue;
            }
            List<Listing> listings = new ArrayList<>();
            boolean changed = false;
            for (Listing listing : key.listings()) {
                if (listing.endpoint().equals(url) && listing.retired() == null) {
                    changed = true;
                    if (listing.missingSince() == null) {
                        missing.add(key.kid());
                        listing = new Listing(url, listing.firstSeen(), listing.lastSeen(), null, today, listing.source());
                    } else if (today.isAfter(listing.missingSince())) {
                        retired.add(key.kid());
                        listing = new Listing(url, listing.firstSeen(), listing.lastSeen(), listing.missingSince(), null, listing.source());
                    }
                }
                listings.add(listing);
            }
            if (changed) {
                keys.put(key.kid(), key.withListings(listings));
            }
        }
        LocalDate snapshot = today.isAfter(ledger.snapshotDate()) ? today : ledger.snapshotDate();
        KeyLedger merged = new KeyLedger(snapshot, ledger.description(), coverage(ledger.coverage(), url, today),
                List.copyOf(keys.values()));
        return new Result(merged, added, back, missing, retired, notes);
    }

    private static LedgerKey create(FetchedJwks.FetchedKey key, JwksEndpoint endpoint, LocalDate today) {
        List<String> issuers = key.issuer() != null ? List.of(key.issuer()) : endpoint.impliedIssuers();
        KeyScope scope;
        if (!issuers.isEmpty()) {
            boolean consumer = true;
            for (String issuer : issuers) {
                consumer &= KeyScope.CONSUMER_TENANT_ID.equalsIgnoreCase(Issuers.tenantOf(issuer));
            }
            scope = consumer ? KeyScope.CONSUMERS : KeyScope.ORGANIZATIONS;
        } else if (endpoint.serves().size() == 1) {
            scope = endpoint.serves().iterator().next();
        } else {
            return null;
        }
        CertificateInfo certificate = key.x5c().isEmpty() ? null : KeyMaterial.describe(KeyMaterial.certificate(key.x5c().get(0)));
        String x5t = key.x5t() != null ? key.x5t() : key.x5c().isEmpty() ? null : KeyMaterial.x5t(KeyMaterial.certificate(key.x5c().get(0)));
        return new LedgerKey(key.kid(), x5t, scope, issuers, key.jwk(), key.x5c(), certificate,
                "fetched from " + endpoint.url() + " on " + today, List.of(new Listing(endpoint.url(), today, today, null, null,
                refreshSource(endpoint.url()))), null);
    }

    /** Adds material the ledger lacked; material that contradicts the ledger's is reported, never taken. */
    private static LedgerKey withMaterial(LedgerKey known, FetchedJwks.FetchedKey fetched, String url, LocalDate today, List<String> notes) {
        Set<String> issuers = new LinkedHashSet<>(known.issuers());
        if (fetched.issuer() != null) {
            issuers.add(fetched.issuer());
        }
        LedgerKey candidate = new LedgerKey(known.kid(), known.x5t(), known.scope(), List.copyOf(issuers), fetched.jwk(), fetched.x5c(),
                null, null, known.listings(), known.note());
        if (!known.hasKeyMaterial()) {
            CertificateInfo certificate = fetched.x5c().isEmpty() ? known.certificate()
                    : KeyMaterial.describe(KeyMaterial.certificate(fetched.x5c().get(0)));
            return new LedgerKey(known.kid(), known.x5t(), known.scope(), List.copyOf(issuers), fetched.jwk(), fetched.x5c(), certificate,
                    "fetched from " + url + " on " + today, known.listings(), known.note());
        }
        RSAPublicKey mine = KeyMaterial.publicKey(known);
        RSAPublicKey theirs = KeyMaterial.publicKey(candidate);
        if (!mine.getModulus().equals(theirs.getModulus())) {
            notes.add(known.kid() + ": " + url + " now publishes different key material for this kid; the ledger keeps its own copy."
                    + " Worth a look: a kid is a certificate thumbprint and should never change");
        }
        return new LedgerKey(known.kid(), known.x5t(), known.scope(), List.copyOf(issuers), known.jwk(), known.x5c(), known.certificate(),
                known.materialSource(), known.listings(), known.note());
    }

    /** Extends the endpoint's coverage period if it reached yesterday or today, else starts one. */
    private static List<Coverage> coverage(List<Coverage> periods, String url, LocalDate today) {
        List<Coverage> result = new ArrayList<>();
        boolean extended = false;
        for (Coverage period : periods) {
            if (!extended && period.endpoint().equals(url) && !period.to().isBefore(today.minusDays(1)) && !period.from().isAfter(today)) {
                period = new Coverage(url, period.from(), period.to().isAfter(today) ? period.to() : today, period.source());
                extended = true;
            }
            result.add(period);
        }
        if (!extended) {
            result.add(new Coverage(url, today, today, "forgewatch keys refresh"));
        }
        return result;
    }

    private static String refreshSource(String url) {
        return "forgewatch keys refresh of " + url;
    }
}
