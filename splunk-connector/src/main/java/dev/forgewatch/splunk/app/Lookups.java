package dev.forgewatch.splunk.app;

import java.util.List;

/**
 * The CSV lookups the app itself defines: names, files and columns, shared by every generator that
 * uses them. The detection pack's lookups (the Storm-0558 IPs among them) come with {@link DetectionContent}.
 */
public final class Lookups {
    /** Signing keys known to be compromised: a token naming one is forged or made to look forged. */
    public static final Lookup SIGNING_KEY_IOCS = new Lookup("forgewatch_signing_key_iocs",
            List.of("kid", "x5t", "thumbprint_sha1", "name", "description", "source", "source_date"));

    private Lookups() {
    }

    /** A lookup definition: the transforms.conf stanza name and the CSV in {@code lookups/}. */
    public record Lookup(String name, List<String> columns) {
        public Lookup {
            columns = List.copyOf(columns);
        }

        public String fileName() {
            return name + ".csv";
        }
    }

    public static List<Lookup> all() {
        return List.of(SIGNING_KEY_IOCS);
    }
}
