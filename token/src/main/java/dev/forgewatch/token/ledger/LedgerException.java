package dev.forgewatch.token.ledger;

/** A key ledger or IOC file that cannot be used; the message names the file and the entries at fault. */
public final class LedgerException extends Exception {
    public LedgerException(String message) {
        super(message, null, false, false);
    }
}
