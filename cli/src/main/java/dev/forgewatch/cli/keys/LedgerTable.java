package dev.forgewatch.cli.keys;

import dev.forgewatch.token.ledger.CompromisedKeys;
import dev.forgewatch.token.ledger.Coverage;
import dev.forgewatch.token.ledger.JwksEndpoint;
import dev.forgewatch.token.ledger.KeyLedger;
import dev.forgewatch.token.ledger.LedgerKey;
import dev.forgewatch.token.ledger.Listing;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The ledger as a table for people: one row per key, newest evidence last. */
final class LedgerTable {
    private static final String[] HEADER = {"KID", "SCOPE", "FIRST SEEN", "LAST SEEN", "RETIRED", "CERT EXPIRES", "MATERIAL", "LISTED ON", "IOC"};

    private LedgerTable() {
    }

    static void print(KeyLedger ledger, CompromisedKeys iocs, String source, PrintStream out) {
        out.println("Ledger: " + source + " (snapshot " + ledger.snapshotDate() + ", " + ledger.keys().size() + " keys)");
        List<String> periods = new ArrayList<>();
        for (Coverage period : ledger.coverage()) {
            periods.add(JwksEndpoint.of(period.endpoint()).label() + " " + period.from() + ".." + period.to());
        }
        out.println("Coverage: " + (periods.isEmpty() ? "none (unknown-key is never reported)" : String.join(", ", periods)));
        out.println("IOC list: " + iocs.keys().size() + " compromised key" + (iocs.keys().size() == 1 ? "" : "s") + " (updated "
                + iocs.updated() + ")");
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (LedgerKey key : ledger.keys()) {
            Set<String> listed = new LinkedHashSet<>();
            for (Listing listing : key.listings()) {
                listed.add(JwksEndpoint.of(listing.endpoint()).label() + (listing.missingSince() != null ? " (missing since "
                        + listing.missingSince() + ")" : ""));
            }
            rows.add(new String[] {key.kid(), key.scope().label(), text(key.firstSeen()), text(key.lastSeen()), text(key.retiredOn()),
                    key.certificate() == null ? "-" : key.certificate().notAfter().toString().substring(0, 10),
                    key.hasKeyMaterial() ? "yes" : "no", String.join(", ", listed),
                    iocs.match(key.kid(), key.x5t()).isPresent() ? "COMPROMISED" : ""});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format(Locale.ROOT, "%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String text(Object value) {
        return value == null ? "-" : value.toString();
    }
}
