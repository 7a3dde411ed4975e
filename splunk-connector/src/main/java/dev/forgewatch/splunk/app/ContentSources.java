package dev.forgewatch.splunk.app;

import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.tuning.Tuning;
import dev.forgewatch.token.ledger.CompromisedKey;
import dev.forgewatch.token.ledger.CompromisedKeys;
import java.util.List;

/**
 * The content other modules contribute to the app, gathered in one place so the build is wired to
 * them here and nowhere else.
 *
 * @param detections  saved searches, macros and lookups compiled from the detection pack
 * @param signingKeys compromised signing keys from the token ledger's IOC list
 */
public record ContentSources(DetectionContent detections, List<KeyIoc> signingKeys) {
    /** The pack's lookup of published Storm-0558 infrastructure IPs, which the app also enriches events with. */
    public static final String IP_IOC_LOOKUP = "storm0558_ioc_ip";

    public ContentSources {
        signingKeys = List.copyOf(signingKeys);
    }

    /** The content the shipped app is built from: the shipped rule pack (and its tuning file) and the bundled compromised-key list. */
    public static ContentSources standard() {
        return standard(RulePack.standard().tuning());
    }

    /**
     * The shipped content with a tenant's tuning (checked against the shipped pack, {@code RulePack.tuning(file, text)}):
     * its entries fill the rules' {@code <rule>_filter} macros, as {@code forgewatch rules export --target splunk --tuning} does.
     */
    public static ContentSources standard(Tuning tuning) {
        return new ContentSources(DetectionContent.of(RulePack.standard().rules(), tuning, IP_IOC_LOOKUP),
                signingKeys(CompromisedKeys.bundled()));
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
