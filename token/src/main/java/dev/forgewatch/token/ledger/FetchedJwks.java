package dev.forgewatch.token.ledger;

import java.util.List;

/**
 * A JWKS document as fetched: its usable signing keys, and why the others were skipped.
 *
 * @param keys    RSA signing keys, their material already checked against their certificate
 * @param skipped one line per key left out (another key type, broken material), without secrets:
 *                a JWKS holds only public keys
 */
public record FetchedJwks(String url, List<FetchedKey> keys, List<String> skipped) {
    public FetchedJwks {
        keys = List.copyOf(keys);
        skipped = List.copyOf(skipped);
    }

    /** One published key. {@code issuer} is null when the document has no issuer member (v1). */
    public record FetchedKey(String kid, String x5t, RsaJwk jwk, List<String> x5c, String issuer) {
        public FetchedKey {
            x5c = List.copyOf(x5c);
        }
    }
}
