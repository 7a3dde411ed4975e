package dev.forgewatch.token.ledger;

/** The public part of an RSA JWK: base64url modulus and exponent. */
public record RsaJwk(String n, String e) {
}
