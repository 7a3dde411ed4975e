package dev.forgewatch.splunk.app;

import dev.forgewatch.detections.compile.splunk.ConfFile;
import dev.forgewatch.detections.compile.splunk.Stanza;
import java.util.ArrayList;
import java.util.List;

/**
 * transforms.conf lookup definitions and their CSV files in {@code lookups/}, each row with the
 * source (and dates) that published it. Also fields.conf, which declares the HEC event id an
 * indexed field so {@code forgewatch_event_id=...} searches use the index.
 */
public final class LookupsGenerator {
    public static final String TRANSFORMS_PATH = "default/transforms.conf";
    public static final String FIELDS_PATH = "default/fields.conf";

    private LookupsGenerator() {
    }

    /** The app's own IOC lookups, then the detection pack's definitions of those its searches use. */
    public static ConfFile transforms(DetectionContent detections) {
        List<Stanza> stanzas = new ArrayList<>();
        for (Lookups.Lookup lookup : Lookups.all()) {
            stanzas.add(Stanza.builder(lookup.name())
                    .set("filename", lookup.fileName())
                    // Key ids are base64url and case matters; hex thumbprints are written lower case.
                    .set("case_sensitive_match", true)
                    .build());
        }
        for (Stanza definition : detections.lookupDefinitions()) {
            if (Lookups.all().stream().anyMatch(own -> own.name().equals(definition.name()))) {
                throw new IllegalArgumentException("lookup " + definition.name() + " is the app's own; give the pack's another name");
            }
            stanzas.add(definition);
        }
        return ConfFile.of(TRANSFORMS_PATH, List.of("ForgeWatch lookups. Generated: do not edit."), stanzas);
    }

    public static String table(LookupTable table) {
        return csv(table.columns(), table.rows());
    }

    public static ConfFile fields() {
        return ConfFile.of(FIELDS_PATH, List.of("Indexed fields the ForgeWatch HEC shipper writes."), List.of(
                Stanza.builder(HecFields.EVENT_ID).set("INDEXED", true).set("INDEXED_VALUE", false).build()));
    }

    public static String keyIocs(List<KeyIoc> iocs) {
        List<List<String>> rows = new ArrayList<>();
        for (KeyIoc ioc : iocs) {
            rows.add(List.of(nullToEmpty(ioc.kid()), nullToEmpty(ioc.x5t()),
                    nullToEmpty(ioc.thumbprintSha1()).toLowerCase(java.util.Locale.ROOT), ioc.name(),
                    nullToEmpty(ioc.description()), ioc.source(), nullToEmpty(ioc.sourceDate())));
        }
        return csv(Lookups.SIGNING_KEY_IOCS.columns(), rows);
    }

    /** RFC 4180 CSV with a header row: cells with commas, quotes or line breaks are quoted. */
    static String csv(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        line(out, header);
        rows.forEach(row -> line(out, row));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            if (i > 0) {
                out.append(',');
            }
            boolean quote = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
                    || cell.indexOf('\r') >= 0;
            out.append(quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell);
        }
        out.append('\n');
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
