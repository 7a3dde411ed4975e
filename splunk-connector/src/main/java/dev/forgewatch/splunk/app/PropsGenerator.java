package dev.forgewatch.splunk.app;

import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.mapping.FieldDefinition;
import dev.forgewatch.common.mapping.SourceRule;
import dev.forgewatch.detections.compile.splunk.ConfFile;
import dev.forgewatch.detections.compile.splunk.Spl;
import dev.forgewatch.detections.compile.splunk.Stanza;
import dev.forgewatch.splunk.app.SearchTimeMapping.Mapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * props.conf: one stanza per sourcetype with NDJSON line breaking, timestamp extraction,
 * {@code KV_MODE = json}, and every catalog field under its Splunk name ({@link SplunkFieldNames}),
 * generated from {@code fields.yaml}. Raw sourcetypes map the vendor paths with EVALs (an empty
 * vendor value is null, as in the normalizer); ECS sourcetypes, which ForgeWatch writes without empty
 * values, alias the ECS names.
 */
public final class PropsGenerator {
    public static final String PATH = "default/props.conf";
    /** CimMapper sets this on every event; the raw sourcetypes do the same at search time. */
    static final String VENDOR = "Microsoft";

    private final FieldCatalog catalog;
    private final LookupTable ipIocs;

    /** @param ipIocs the detection pack's IP indicator lookup, which every raw event is enriched from */
    public PropsGenerator(FieldCatalog catalog, LookupTable ipIocs) {
        this.catalog = catalog;
        this.ipIocs = ipIocs;
    }

    public ConfFile generate() {
        List<String> header = new ArrayList<>(List.of(
                "ForgeWatch sourcetypes. Generated from common/src/main/resources/dev/forgewatch/mapping/fields.yaml",
                "by dev.forgewatch.splunk.app.PropsGenerator: do not edit; change the mapping data and rebuild."));
        List<Stanza> stanzas = new ArrayList<>();
        for (Sourcetype sourcetype : Sourcetype.all()) {
            Stanza.Builder stanza = Stanza.builder(sourcetype.name());
            ingestion(stanza, sourcetype);
            Map<String, Mapping> fields = sourcetype.rulesKey().isPresent()
                    ? rawFields(sourcetype.rulesKey().get(), header, sourcetype)
                    : ecsFields(sourcetype);
            fields.forEach((target, mapping) -> {
                if (mapping instanceof Mapping.Alias alias) {
                    stanza.set("FIELDALIAS-" + target, alias.source() + " AS " + target);
                } else if (mapping instanceof Mapping.Eval eval) {
                    stanza.set("EVAL-" + target, eval.expression());
                }
            });
            automaticLookups(stanza, sourcetype);
            stanzas.add(stanza.build());
        }
        return ConfFile.of(PATH, header, stanzas);
    }

    /** Index-time settings: one JSON record per line, its own timestamp, JSON fields at search time. */
    private static void ingestion(Stanza.Builder stanza, Sourcetype sourcetype) {
        stanza.set("description", sourcetype.description())
                .set("category", "Custom")
                .set("pulldown_type", true)
                .set("CHARSET", "UTF-8")
                .set("SHOULD_LINEMERGE", false)
                .set("LINE_BREAKER", "([\\r\\n]+)")
                .set("EVENT_BREAKER_ENABLE", true)
                .set("EVENT_BREAKER", "([\\r\\n]+)")
                .set("TRUNCATE", sourcetype.truncate())
                .set("TIME_PREFIX", "\"" + sourcetype.timeField() + "\"\\s*:\\s*\"")
                .set("MAX_TIMESTAMP_LOOKAHEAD", 40);
        if (sourcetype.timeFormat() != null) {
            stanza.set("TIME_FORMAT", sourcetype.timeFormat());
        }
        stanza.set("TZ", "UTC").set("KV_MODE", "json");
    }

    private Map<String, Mapping> rawFields(String rulesKey, List<String> header, Sourcetype sourcetype) {
        Map<String, Mapping> fields = new LinkedHashMap<>();
        for (FieldDefinition field : catalog.fields()) {
            SourceRule rule = field.source(rulesKey);
            String target = SplunkFieldNames.of(field);
            if (rule == null || target.equals("_time")) {
                continue; // _time comes from the timestamp extraction above
            }
            Mapping mapping = SearchTimeMapping.of(field, rule);
            if (mapping instanceof Mapping.Unmapped unmapped) {
                header.add(sourcetype.name() + ": " + target + " is not mapped at search time: " + unmapped.reason());
            } else {
                // also where the vendor's field already has the name: an empty value becomes null there too
                fields.put(target, mapping);
            }
        }
        fields.put("vendor", new Mapping.Eval(Spl.quote(VENDOR)));
        return fields;
    }

    /** ECS documents carry ECS names; each field also gets its Splunk name, as on the raw sourcetypes. */
    private Map<String, Mapping> ecsFields(Sourcetype sourcetype) {
        Map<String, Mapping> fields = new LinkedHashMap<>();
        if (sourcetype.equals(Sourcetype.FINDING)) {
            FindingEnvelope.FIELDS.forEach(f -> fields.put(f.cim(), f.mapping()));
        }
        for (FieldDefinition field : catalog.fields()) {
            String target = SplunkFieldNames.of(field);
            if (target.equals("_time") || target.equals(field.ecs()) || fields.containsKey(target)) {
                continue;
            }
            String source = field.ecs() + (field.multi() ? "{}" : "");
            fields.put(target, field.multi() ? new Mapping.Eval(Spl.field(source)) : new Mapping.Alias(source));
        }
        return fields;
    }

    /** IOC enrichment on every event: a hit names the IOC's source, so analysts see why it matters. */
    private void automaticLookups(Stanza.Builder stanza, Sourcetype sourcetype) {
        String src = new SplunkFieldNames(catalog).of("client_ip");
        if (sourcetype.rulesKey().isPresent()) {
            stanza.set("LOOKUP-" + ipIocs.name(), ipIocs.name() + " ip AS " + src
                    + " OUTPUTNEW description AS ioc_description source AS ioc_source");
        } else if (sourcetype.equals(Sourcetype.TOKEN)) {
            String kid = catalog.field("token_kid").ecs();
            String x5t = catalog.field("token_x5t").ecs();
            String lookup = Lookups.SIGNING_KEY_IOCS.name();
            stanza.set("LOOKUP-" + lookup + "_kid", lookup + " kid AS " + kid + " OUTPUTNEW name AS ioc_key_name source AS ioc_source")
                    .set("LOOKUP-" + lookup + "_x5t", lookup + " x5t AS " + x5t + " OUTPUTNEW name AS ioc_key_name source AS ioc_source");
        }
    }
}
