package dev.forgewatch.token.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.interfaces.RSAPublicKey;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The ledger of Microsoft signing keys: every key ever seen, where and when it was published, and
 * the periods in which the ledger watched the endpoints closely. Immutable; refresh builds a new one.
 */
public final class KeyLedger {
    /** The dated snapshot shipped inside ForgeWatch, so hunting never needs the network. */
    public static final String BUNDLED_RESOURCE = "/dev/forgewatch/keys/ledger.json";

    private final LocalDate snapshotDate;
    private final String description;
    private final List<Coverage> coverage;
    private final List<LedgerKey> keys;
    private final Map<String, LedgerKey> byKid = new HashMap<>();
    private final Map<String, LedgerKey> byX5t = new HashMap<>();
    private final Map<String, RSAPublicKey> publicKeys = new HashMap<>();

    /** @throws IllegalArgumentException when two keys share a kid or a key's material is unusable */
    public KeyLedger(LocalDate snapshotDate, String description, List<Coverage> coverage, List<LedgerKey> keys) {
        this.snapshotDate = Objects.requireNonNull(snapshotDate, "snapshotDate");
        this.description = description;
        this.coverage = List.copyOf(coverage);
        this.keys = List.copyOf(keys);
        for (LedgerKey key : this.keys) {
            if (byKid.put(key.kid(), key) != null) {
                throw new IllegalArgumentException("kid " + key.kid() + " appears twice");
            }
            if (key.x5t() != null) {
                byX5t.putIfAbsent(key.x5t(), key);
            }
            RSAPublicKey publicKey = KeyMaterial.publicKey(key);
            if (publicKey != null) {
                publicKeys.put(key.kid(), publicKey);
            }
        }
    }

    /** The bundled snapshot; a broken one is a broken installation. */
    public static KeyLedger bundled() {
        try (InputStream in = KeyLedger.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("bundled key ledger " + BUNDLED_RESOURCE + " is missing");
            }
            return LedgerCodec.read(in, "bundled ledger.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LedgerException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public LocalDate snapshotDate() {
        return snapshotDate;
    }

    public String description() {
        return description;
    }

    public List<Coverage> coverage() {
        return coverage;
    }

    public List<LedgerKey> keys() {
        return keys;
    }

    /** The key a token names, by kid first, then by x5t. */
    public Optional<LedgerKey> find(String kid, String x5t) {
        LedgerKey key = kid == null ? null : byKid.get(kid);
        if (key == null && x5t != null) {
            key = byX5t.get(x5t);
            if (key == null) {
                key = byKid.get(x5t);
            }
        }
        return Optional.ofNullable(key);
    }

    /** The key's public key, or null when the ledger has no material for it. */
    public RSAPublicKey publicKey(LedgerKey key) {
        return publicKeys.get(key.kid());
    }

    /** Whether the ledger watched, on that day, an endpoint listing every key that signs tokens of that scope. */
    public boolean covers(LocalDate day, KeyScope scope) {
        for (Coverage period : coverage) {
            if (period.contains(day) && JwksEndpoint.of(period.endpoint()).completeFor().contains(scope)) {
                return true;
            }
        }
        return false;
    }
}
