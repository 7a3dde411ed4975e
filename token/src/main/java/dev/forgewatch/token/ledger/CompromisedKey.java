package dev.forgewatch.token.ledger;

import java.time.LocalDate;
import java.util.List;

/**
 * A signing key known to be in an attacker's hands. At least one of kid, x5t and thumbprint is set;
 * a token naming any of them was signed, or claims to be signed, with that key.
 *
 * @param thumbprintSha1 hex SHA-1 of the key's certificate, as indicator tables print it
 */
public record CompromisedKey(String name, String kid, String x5t, String thumbprintSha1, String description,
                             List<Source> sources) {
    public CompromisedKey {
        sources = List.copyOf(sources);
    }

    /** One published statement about the key. */
    public record Source(String source, LocalDate date, String says) {
    }
}
