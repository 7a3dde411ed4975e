package dev.forgewatch.splunk.app;

import java.util.List;

/**
 * The content other modules contribute to the app, gathered in one place so the build can be
 * wired to them here and nowhere else.
 *
 * @param detections  saved searches, rule macros and IP indicators from the detection pack
 * @param signingKeys compromised signing keys from the token-inspection key ledger
 * @param pending     what is not wired yet, printed by the build and by {@code forgewatch splunk package}
 */
public record ContentSources(DetectionContent detections, List<KeyIoc> signingKeys, List<String> pending) {
    public ContentSources {
        signingKeys = List.copyOf(signingKeys);
        pending = List.copyOf(pending);
    }

    /**
     * The content the shipped app is built from. INTEGRATION POINT: neither source has landed on
     * main yet, so the app is built without them and says so. Wire them here:
     * <ul>
     *   <li>detections: the detection module's Splunk compiler, giving savedsearches.conf stanzas,
     *       the {@code <rule>_filter} macros, the pack's lookups its searches name ({@link LookupTable},
     *       one per {@code lookups/<name>.csv} of the pack) and the Storm-0558 IP indicators
     *       ({@link IpIoc}, from the pack's IP lookup: ip, description, first/last seen, source);</li>
     *   <li>signingKeys: {@code CompromisedKeys.bundled().keys()} of the token ledger in common, each
     *       key as {@code new KeyIoc(kid, x5t, thumbprintSha1, name, description, firstSource.source(),
     *       firstSource.date().toString())}.</li>
     * </ul>
     */
    public static ContentSources standard() {
        return new ContentSources(DetectionContent.NONE, List.of(), List.of(
                "saved searches, rule filter macros and IP indicators: the detection pack's Splunk compiler is not wired "
                        + "(ContentSources.standard)",
                "compromised signing keys: the token ledger's IOC list is not wired (ContentSources.standard)"));
    }
}
