package dev.forgewatch.token.inspect;

/** What became of the signature check, in words fit for evidence. */
public enum SignatureStatus {
    VALID("valid with the ledger's public key"),
    INVALID("does not verify with the ledger's public key"),
    NO_KEY_MATERIAL("not checked: the ledger knows this key id but has no public key for it"),
    UNKNOWN_KEY("not checked: the key is not in the ledger"),
    NO_SIGNATURE("not checked: the token was exported without its signature"),
    NOT_APPLICABLE("not checked: the alg is not one the key signs with"),
    NOT_MICROSOFT("not checked: not a Microsoft token"),
    UNREADABLE("not checked: the token cannot be read");

    private final String description;

    SignatureStatus(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
