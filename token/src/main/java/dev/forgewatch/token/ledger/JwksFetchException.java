package dev.forgewatch.token.ledger;

/** A JWKS document that could not be fetched or read; the message says which URL and why, in one line. */
public final class JwksFetchException extends Exception {
    public JwksFetchException(String message) {
        super(message, null, false, false);
    }
}
