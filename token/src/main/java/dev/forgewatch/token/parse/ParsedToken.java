package dev.forgewatch.token.parse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.util.Base64URL;

/**
 * A token taken apart once: header and claims as JSON, and what signature checking needs. A token
 * that cannot be read has a {@code problem} and whatever parts could be read.
 *
 * @param fingerprint  SHA-256 (hex) of the raw token; for a reduced export, the fingerprint it carries
 * @param header       the JOSE header, or null
 * @param claims       the claims, or null
 * @param signingInput {@code header.payload} as sent, or null (reduced exports have no signature)
 * @param signature    the signature, or null
 * @param reduced      whether this came as fingerprint + header + claims instead of a token
 * @param problem      why the token cannot be read, or null when it can
 */
public record ParsedToken(String fingerprint, ObjectNode header, ObjectNode claims, String signingInput,
                          Base64URL signature, boolean reduced, String problem) {
    public boolean wellFormed() {
        return problem == null;
    }
}
