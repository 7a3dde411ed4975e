package dev.forgewatch.splunk.app;

import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.mapping.FieldDefinition;

/**
 * The search-time name of a canonical field in Splunk: its CIM name where CIM has one, else its
 * ECS name (so {@code client_app_id} is {@code m365.client_app_id}, as in the Elastic documents and
 * in ForgeWatch findings). Dashboards and compiled searches refer to fields by these names.
 */
public final class SplunkFieldNames {
    private final FieldCatalog catalog;

    public SplunkFieldNames(FieldCatalog catalog) {
        this.catalog = catalog;
    }

    public static String of(FieldDefinition field) {
        return field.hasCim() ? field.cim() : field.ecs();
    }

    /** The Splunk name of a canonical field by its canonical name. */
    public String of(String canonicalName) {
        return of(catalog.field(canonicalName));
    }
}
