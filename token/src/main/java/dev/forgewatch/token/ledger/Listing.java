package dev.forgewatch.token.ledger;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Where and when a key was published: one JWKS endpoint, with the dates that evidence supports.
 * Every date may be unknown (null) when the only evidence is an undated copy.
 *
 * @param endpoint     the JWKS document URL
 * @param firstSeen    earliest date the key is known to have been listed there
 * @param lastSeen     latest date the key is known to have been listed there
 * @param retired      earliest date after {@code lastSeen} the key is known to have been absent
 * @param missingSince date of a refresh that did not list the key, not yet confirmed by a later one
 *                     (Microsoft's replicas briefly disagree, so one miss is not a retirement)
 * @param source       where these facts come from, in words
 */
public record Listing(String endpoint, LocalDate firstSeen, LocalDate lastSeen, LocalDate retired,
                      LocalDate missingSince, String source) {
    public Listing {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(source, "source");
    }
}
