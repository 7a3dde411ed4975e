package dev.forgewatch.common.mapping;

import dev.forgewatch.common.event.CanonicalEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Canonical event to Splunk CIM field names, driven by the catalog's {@code cim} names and the
 * event class's tags. The Splunk add-on's props.conf aliases are generated from the same catalog.
 */
public final class CimMapper {
    private final FieldCatalog catalog;

    public CimMapper(FieldCatalog catalog) {
        this.catalog = catalog;
    }

    /** Flat CIM fields plus {@code eventtype} (the event class id) and {@code tag}. */
    public Map<String, Object> toCim(CanonicalEvent event) {
        Map<String, Object> cim = new LinkedHashMap<>();
        for (FieldDefinition field : catalog.fields()) {
            if (!field.hasCim()) {
                continue;
            }
            Object value = event.get(field.name());
            if (value != null) {
                cim.put(field.cim(), EcsMapper.jsonValue(value));
            }
        }
        cim.put("vendor", "Microsoft");
        EventClass eventClass = catalog.classify(event.kind().shortName(), event.operation());
        cim.put("eventtype", "forgewatch_" + eventClass.id());
        if (!eventClass.cimTags().isEmpty()) {
            cim.put("tag", eventClass.cimTags());
        }
        return cim;
    }
}
