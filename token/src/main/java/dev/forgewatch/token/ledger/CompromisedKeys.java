package dev.forgewatch.token.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The IOC list of compromised signing keys ({@code compromised-keys.json}, format 1). */
public final class CompromisedKeys {
    public static final String BUNDLED_RESOURCE = "/dev/forgewatch/keys/compromised-keys.json";
    private static final Set<String> TOP = Set.of("format", "updated", "description", "keys");
    private static final Set<String> KEY = Set.of("name", "kid", "x5t", "thumbprint_sha1", "description", "sources");
    private static final Set<String> SOURCE = Set.of("source", "date", "says");

    private final LocalDate updated;
    private final List<CompromisedKey> keys;

    public CompromisedKeys(LocalDate updated, List<CompromisedKey> keys) {
        this.updated = updated;
        this.keys = List.copyOf(keys);
    }

    public static CompromisedKeys bundled() {
        try (InputStream in = CompromisedKeys.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("bundled IOC list " + BUNDLED_RESOURCE + " is missing");
            }
            return read(in, "bundled compromised-keys.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LedgerException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public LocalDate updated() {
        return updated;
    }

    public List<CompromisedKey> keys() {
        return keys;
    }

    /**
     * The compromised key a token header names: by kid or x5t, or by the SHA-1 thumbprint either of
     * them decodes to (Microsoft's key ids are base64url certificate thumbprints).
     */
    public Optional<CompromisedKey> match(String kid, String x5t) {
        String kidHex = thumbprintHex(kid);
        String x5tHex = thumbprintHex(x5t);
        for (CompromisedKey key : keys) {
            if (key.kid() != null && key.kid().equals(kid) || key.x5t() != null && key.x5t().equals(x5t)
                    || key.thumbprintSha1() != null && (key.thumbprintSha1().equals(kidHex) || key.thumbprintSha1().equals(x5tHex))) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** The hex a base64url key id decodes to when it is 20 bytes long (a SHA-1), else null. */
    static String thumbprintHex(String id) {
        if (id == null || id.length() != 27) {
            return null;
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(id);
            return bytes.length == 20 ? HexFormat.of().formatHex(bytes) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static CompromisedKeys read(InputStream in, String name) throws IOException, LedgerException {
        JsonNode root = JsonObjectReader.parse(in, name);
        List<String> errors = new ArrayList<>();
        JsonObjectReader top = new JsonObjectReader(root, "", errors);
        List<CompromisedKey> keys = new ArrayList<>();
        LocalDate updated = null;
        if (top.isObject()) {
            top.allowOnly(TOP);
            if (top.number("format") != LedgerCodec.FORMAT && errors.isEmpty()) {
                top.error("format " + root.get("format") + " is not supported (this version reads format " + LedgerCodec.FORMAT + ")");
            }
            updated = top.date("updated", true);
            for (JsonObjectReader entry : top.objects("keys", true)) {
                keys.add(key(entry));
            }
        }
        if (!errors.isEmpty()) {
            throw new LedgerException(name + ": " + errors.size() + " problem" + (errors.size() == 1 ? "" : "s") + ":\n  "
                    + String.join("\n  ", errors));
        }
        return new CompromisedKeys(updated, keys);
    }

    private static CompromisedKey key(JsonObjectReader raw) {
        String name = raw.text("name", true);
        JsonObjectReader entry = name == null ? raw : raw.named("'" + name + "'");
        entry.allowOnly(KEY);
        String kid = entry.text("kid", false);
        String x5t = entry.text("x5t", false);
        String thumbprint = entry.text("thumbprint_sha1", false);
        if (thumbprint != null) {
            thumbprint = thumbprint.toLowerCase(Locale.ROOT);
            if (!thumbprint.matches("[0-9a-f]{40}")) {
                entry.error("thumbprint_sha1 must be 40 hex digits");
            }
            for (String id : new String[] {kid, x5t}) {
                if (id != null && thumbprintHex(id) != null && !thumbprint.equals(thumbprintHex(id))) {
                    entry.error("'" + id + "' decodes to thumbprint " + thumbprintHex(id) + ", not " + thumbprint);
                }
            }
        }
        if (kid == null && x5t == null && thumbprint == null) {
            entry.error("needs at least one of kid, x5t, thumbprint_sha1");
        }
        List<CompromisedKey.Source> sources = new ArrayList<>();
        for (JsonObjectReader source : entry.objects("sources", true)) {
            source.allowOnly(SOURCE);
            sources.add(new CompromisedKey.Source(source.text("source", true), source.date("date", true), source.text("says", true)));
        }
        if (sources.isEmpty() && entry.isObject()) {
            entry.error("an IOC needs at least one source");
        }
        return new CompromisedKey(name, kid, x5t, thumbprint, entry.text("description", true), sources);
    }
}
