package dev.forgewatch.splunk.app;

import dev.forgewatch.common.token.ledger.CompromisedKey;
import dev.forgewatch.common.token.ledger.CompromisedKeys;
import java.util.List;

/**
 * The content other modules contribute to the app, gathered in one place so the build is wired to
 * them here and nowhere else.
 *
 * @param detections  saved searches, rule macros, lookups and IP indicators from the detection pack
 * @param signingKeys compromised signing keys from the token ledger's IOC list
 * @param pending     what is not wired yet, printed by the build and by {@code forgewatch splunk package}
 */
public record ContentSources(DetectionContent detections, List<KeyIoc> signingKeys, List<String> pending) {
    public ContentSources {
        signingKeys = List.copyOf(signingKeys);
        pending = List.copyOf(pending);
    }

    /**
     * The content the shipped app is built from: the bundled compromised-key list, and
     * (INTEGRATION POINT, not wired: the detection pack's Splunk compiler has not landed on main) the
     * detections. Wire them here: savedsearches.conf stanzas, the {@code <rule>_filter} macros and the
     * shared macros the app does not define itself, the pack's lookups its searches name
     * ({@link LookupTable}, one per {@code lookups/<name>.csv} of the pack), and the Storm-0558 IP
     * indicators ({@link IpIoc}: ip, description, first/last seen, source) from the pack's IP lookup.
     */
    public static ContentSources standard() {
        return new ContentSources(DetectionContent.NONE, signingKeys(CompromisedKeys.bundled()), List.of(
                "saved searches, rule filter macros and IP indicators: the detection pack's Splunk compiler is not wired "
                        + "(ContentSources.standard)"));
    }

    /** The IOC list's keys as lookup rows, each with its first published source and that source's date. */
    static List<KeyIoc> signingKeys(CompromisedKeys keys) {
        return keys.keys().stream().map(ContentSources::row).toList();
    }

    private static KeyIoc row(CompromisedKey key) {
        CompromisedKey.Source first = key.sources().isEmpty() ? null : key.sources().get(0);
        return new KeyIoc(key.kid(), key.x5t(), key.thumbprintSha1(), key.name(), key.description(),
                first == null ? "ForgeWatch compromised-key list" : first.source(),
                first == null ? null : first.date().toString());
    }
}
