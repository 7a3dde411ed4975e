package dev.forgewatch.token.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes the ledger file ({@code ledger.json}, format 1, described in the keys README).
 * Reading validates everything (types, dates and their order, key material against its certificate)
 * and reports every problem with its file and entry.
 */
public final class LedgerCodec {
    static final int FORMAT = 1;
    private static final Set<String> TOP = Set.of("format", "snapshot_date", "description", "coverage", "keys");
    private static final Set<String> COVERAGE = Set.of("endpoint", "from", "to", "source");
    private static final Set<String> KEY = Set.of("kid", "x5t", "scope", "issuers", "jwk", "x5c", "certificate",
            "material_source", "listings", "note");
    private static final Set<String> JWK = Set.of("kty", "n", "e");
    private static final Set<String> CERTIFICATE = Set.of("subject", "not_before", "not_after", "sha1");
    private static final Set<String> LISTING = Set.of("endpoint", "first_seen", "last_seen", "retired", "missing_since", "source");

    private LedgerCodec() {
    }

    public static KeyLedger read(InputStream in, String name) throws IOException, LedgerException {
        JsonNode root = JsonObjectReader.parse(in, name);
        List<String> errors = new ArrayList<>();
        JsonObjectReader top = new JsonObjectReader(root, "", errors);
        KeyLedger ledger = null;
        if (top.isObject()) {
            top.allowOnly(TOP);
            if (top.number("format") != FORMAT && errors.isEmpty()) {
                top.error("format " + root.get("format") + " is not supported (this version reads format " + FORMAT + ")");
            }
            LocalDate snapshot = top.date("snapshot_date", true);
            List<Coverage> coverage = new ArrayList<>();
            for (JsonObjectReader period : top.objects("coverage", false)) {
                coverage.add(coverage(period));
            }
            List<LedgerKey> keys = new ArrayList<>();
            Set<String> kids = new HashSet<>();
            List<JsonObjectReader> entries = top.objects("keys", true);
            for (JsonObjectReader entry : entries) {
                LedgerKey key = key(entry, kids);
                if (key != null) {
                    keys.add(key);
                }
            }
            if (errors.isEmpty()) {
                ledger = new KeyLedger(snapshot, top.text("description", false), coverage, keys);
            }
        }
        if (!errors.isEmpty()) {
            throw new LedgerException(name + ": " + errors.size() + " problem" + (errors.size() == 1 ? "" : "s") + ":\n  "
                    + String.join("\n  ", errors));
        }
        return ledger;
    }

    private static Coverage coverage(JsonObjectReader period) {
        period.allowOnly(COVERAGE);
        LocalDate from = period.date("from", true);
        LocalDate to = period.date("to", true);
        if (from != null && to != null && to.isBefore(from)) {
            period.error("'to' is before 'from'");
        }
        return new Coverage(period.text("endpoint", true), from, to, period.text("source", true));
    }

    private static LedgerKey key(JsonObjectReader raw, Set<String> kids) {
        String kid = raw.text("kid", true);
        JsonObjectReader entry = kid == null ? raw : raw.named("kid '" + kid + "'");
        entry.allowOnly(KEY);
        if (kid != null && !kids.add(kid)) {
            entry.error("kid appears twice");
        }
        KeyScope scope = null;
        String scopeText = entry.text("scope", true);
        if (scopeText != null) {
            try {
                scope = KeyScope.parse(scopeText);
            } catch (IllegalArgumentException e) {
                entry.error(e.getMessage());
            }
        }
        List<String> issuers = entry.texts("issuers");
        for (String issuer : issuers) {
            if (!issuer.startsWith("https://")) {
                entry.error("issuer '" + issuer + "' is not an https URL");
            }
        }
        RsaJwk jwk = null;
        JsonObjectReader jwkNode = entry.object("jwk");
        if (jwkNode != null && jwkNode.isObject()) {
            jwkNode.allowOnly(JWK);
            if (!"RSA".equals(jwkNode.text("kty", true))) {
                jwkNode.error("only RSA keys are supported (kty RSA)");
            }
            jwk = new RsaJwk(jwkNode.text("n", true), jwkNode.text("e", true));
        }
        CertificateInfo certificate = null;
        JsonObjectReader certNode = entry.object("certificate");
        if (certNode != null && certNode.isObject()) {
            certNode.allowOnly(CERTIFICATE);
            String sha1 = certNode.text("sha1", true);
            if (sha1 != null && !sha1.matches("[0-9a-f]{40}")) {
                certNode.error("sha1 must be 40 lower-case hex digits");
            }
            certificate = new CertificateInfo(certNode.text("subject", true), certNode.instant("not_before"),
                    certNode.instant("not_after"), sha1);
        }
        List<String> x5c = entry.texts("x5c");
        String materialSource = entry.text("material_source", false);
        if ((jwk != null || !x5c.isEmpty()) && materialSource == null) {
            entry.error("key material needs a material_source saying where it comes from");
        }
        List<Listing> listings = new ArrayList<>();
        for (JsonObjectReader listing : entry.objects("listings", true)) {
            listings.add(listing(listing));
        }
        if (listings.isEmpty() && entry.isObject()) {
            entry.error("a key needs at least one listing saying where it was published");
        }
        if (kid == null || scope == null) {
            return null;
        }
        LedgerKey key = new LedgerKey(kid, entry.text("x5t", false), scope, issuers, jwk, x5c, certificate,
                materialSource, listings, entry.text("note", false));
        try {
            KeyMaterial.check(key);
        } catch (IllegalArgumentException e) {
            entry.error(e.getMessage());
        }
        return key;
    }

    private static Listing listing(JsonObjectReader listing) {
        listing.allowOnly(LISTING);
        LocalDate first = listing.date("first_seen", false);
        LocalDate last = listing.date("last_seen", false);
        LocalDate retired = listing.date("retired", false);
        LocalDate missing = listing.date("missing_since", false);
        if (first != null && last != null && last.isBefore(first)) {
            listing.error("last_seen is before first_seen");
        }
        if (retired != null && last != null && retired.isBefore(last)) {
            listing.error("retired is before last_seen");
        }
        if (retired != null && missing != null) {
            listing.error("a retired listing cannot also be missing_since");
        }
        String endpoint = listing.text("endpoint", true);
        String source = listing.text("source", true);
        return new Listing(endpoint == null ? "" : endpoint, first, last, retired, missing, source == null ? "" : source);
    }

    /** Writes the ledger in the same format, members in a fixed order and absent values left out. */
    public static void write(KeyLedger ledger, OutputStream out) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("snapshot_date", ledger.snapshotDate().toString());
        putIfPresent(root, "description", ledger.description());
        ArrayNode coverage = root.putArray("coverage");
        for (Coverage period : ledger.coverage()) {
            ObjectNode node = coverage.addObject();
            node.put("endpoint", period.endpoint());
            node.put("from", period.from().toString());
            node.put("to", period.to().toString());
            node.put("source", period.source());
        }
        ArrayNode keys = root.putArray("keys");
        for (LedgerKey key : ledger.keys()) {
            ObjectNode node = keys.addObject();
            node.put("kid", key.kid());
            putIfPresent(node, "x5t", key.x5t());
            node.put("scope", key.scope().label());
            ArrayNode issuers = node.putArray("issuers");
            key.issuers().forEach(issuers::add);
            if (key.jwk() != null) {
                node.putObject("jwk").put("kty", "RSA").put("n", key.jwk().n()).put("e", key.jwk().e());
            }
            if (!key.x5c().isEmpty()) {
                ArrayNode x5c = node.putArray("x5c");
                key.x5c().forEach(x5c::add);
            }
            if (key.certificate() != null) {
                CertificateInfo cert = key.certificate();
                node.putObject("certificate").put("subject", cert.subject()).put("not_before", cert.notBefore().toString())
                        .put("not_after", cert.notAfter().toString()).put("sha1", cert.sha1());
            }
            putIfPresent(node, "material_source", key.materialSource());
            ArrayNode listings = node.putArray("listings");
            for (Listing listing : key.listings()) {
                ObjectNode entry = listings.addObject();
                entry.put("endpoint", listing.endpoint());
                putIfPresent(entry, "first_seen", listing.firstSeen());
                putIfPresent(entry, "last_seen", listing.lastSeen());
                putIfPresent(entry, "retired", listing.retired());
                putIfPresent(entry, "missing_since", listing.missingSince());
                entry.put("source", listing.source());
            }
            putIfPresent(node, "note", key.note());
        }
        out.write(Json.PRETTY.writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    private static void putIfPresent(ObjectNode node, String name, Object value) {
        if (value != null) {
            node.put(name, value.toString());
        }
    }
}
