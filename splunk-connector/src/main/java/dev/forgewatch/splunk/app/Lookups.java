package dev.forgewatch.splunk.app;

import java.util.List;

/** The CSV lookups the app ships: names, files and columns, shared by every generator that uses them. */
public final class Lookups {
    /** Storm-0558 infrastructure IPs with their published first/last-seen dates. */
    public static final Lookup IP_IOCS = new Lookup("forgewatch_ip_iocs",
            List.of("ip", "description", "first_seen", "last_seen", "source"));
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
        return List.of(IP_IOCS, SIGNING_KEY_IOCS);
    }
}
