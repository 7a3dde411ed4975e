package dev.forgewatch.splunk.app;

import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.mapping.FieldDefinition;

/**
 * The search-time name of a canonical field in Splunk: its CIM name where CIM has one, else the
 * vendor's own name (its first Sigma name, e.g. {@code ClientAppId}, {@code MailAccessType},
 * {@code TokenKid}). The detection pack's Splunk compiler names fields the same way, so the
 * compiled searches, the dashboards and props.conf agree.
 */
public final class SplunkFieldNames {
    private final FieldCatalog catalog;

    public SplunkFieldNames(FieldCatalog catalog) {
        this.catalog = catalog;
    }

    public static String of(FieldDefinition field) {
        if (field.hasCim()) {
            return field.cim();
        }
        return field.sigma().isEmpty() ? field.name() : field.sigma().get(0);
    }

    /** The Splunk name of a canonical field by its canonical name. */
    public String of(String canonicalName) {
        return of(catalog.field(canonicalName));
    }
}
