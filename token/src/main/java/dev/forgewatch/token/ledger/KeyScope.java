package dev.forgewatch.token.ledger;

import java.util.Locale;

/**
 * Which accounts a signing key may sign for: Microsoft consumer accounts (the MSA tenant) or
 * organizational (Entra ID) tenants. A token's tenant falls in one of the same two scopes, and a
 * key signing outside its scope is the Storm-0558 validation flaw.
 */
public enum KeyScope {
    CONSUMERS,
    ORGANIZATIONS;

    /** The tenant id Microsoft uses for every consumer (MSA) account. */
    public static final String CONSUMER_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";

    /** What {@code token_key_scope} says when the signing key is not in the ledger. */
    public static final String UNKNOWN_LABEL = "unknown";

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope a tenant id belongs to. */
    public static KeyScope ofTenant(String tenantId) {
        return CONSUMER_TENANT_ID.equalsIgnoreCase(tenantId) ? CONSUMERS : ORGANIZATIONS;
    }

    public static KeyScope parse(String text) {
        for (KeyScope scope : values()) {
            if (scope.label().equals(text)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown scope '" + text + "' (expected consumers or organizations)");
    }
}
