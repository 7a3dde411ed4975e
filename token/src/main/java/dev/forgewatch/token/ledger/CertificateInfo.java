package dev.forgewatch.token.ledger;

import java.time.Instant;

/**
 * The parts of a key's X.509 certificate (x5c) that matter here.
 *
 * @param sha1 hex SHA-1 of the DER certificate: the thumbprint Microsoft and IOC lists quote
 */
public record CertificateInfo(String subject, Instant notBefore, Instant notAfter, String sha1) {
}
