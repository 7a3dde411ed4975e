package dev.forgewatch.token.ledger;

import java.time.LocalDate;

/**
 * A period in which the ledger watched an endpoint closely enough to know every key it published,
 * so a key id it never saw there is genuinely unknown rather than merely newer than the ledger.
 */
public record Coverage(String endpoint, LocalDate from, LocalDate to, String source) {
    public boolean contains(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }
}
