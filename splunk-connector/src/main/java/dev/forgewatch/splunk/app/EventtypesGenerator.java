package dev.forgewatch.splunk.app;

import dev.forgewatch.common.mapping.EventClass;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.mapping.SourcePath;
import dev.forgewatch.detections.compile.splunk.ConfFile;
import dev.forgewatch.detections.compile.splunk.Spl;
import dev.forgewatch.detections.compile.splunk.Stanza;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * eventtypes.conf and tags.conf from {@code event-classes.yaml}: one eventtype
 * {@code forgewatch_<class>} per class whose kind has a sourcetype, matching the class's operations
 * minus those an earlier class of the same kind already took (the first class wins, as in
 * {@code FieldCatalog.classify}); tags put the eventtypes into the CIM data models. Findings get
 * their own eventtype tagged {@code alert} (CIM Alerts).
 */
public final class EventtypesGenerator {
    public static final String EVENTTYPES_PATH = "default/eventtypes.conf";
    public static final String TAGS_PATH = "default/tags.conf";
    public static final String FINDING_EVENTTYPE = "forgewatch_finding";

    private final FieldCatalog catalog;

    public EventtypesGenerator(FieldCatalog catalog) {
        this.catalog = catalog;
    }

    /** The eventtype name of an event class, as {@code CimMapper} writes it. */
    public static String eventtype(EventClass eventClass) {
        return "forgewatch_" + eventClass.id();
    }

    public ConfFile eventtypes() {
        List<Stanza> stanzas = new ArrayList<>();
        Map<String, Set<String>> taken = new HashMap<>();
        for (EventClass eventClass : catalog.classes()) {
            Optional<Sourcetype> sourcetype = Sourcetype.forEventKind(eventClass.kind());
            Set<String> earlier = taken.computeIfAbsent(eventClass.kind(), k -> new TreeSet<>());
            Set<String> operations = new TreeSet<>(eventClass.operations());
            operations.removeAll(earlier);
            boolean neverMatches = !eventClass.isCatchAll() && operations.isEmpty();
            earlier.addAll(operations);
            if (sourcetype.isEmpty() || neverMatches) {
                continue;
            }
            StringBuilder search = new StringBuilder("sourcetype=").append(Spl.quote(sourcetype.get().name()));
            if (!eventClass.isCatchAll()) {
                search.append(' ').append(operationField(eventClass.kind())).append(" IN (").append(list(operations)).append(')');
            } else if (!earlier.isEmpty()) {
                search.append(" NOT ").append(operationField(eventClass.kind())).append(" IN (").append(list(earlier)).append(')');
            }
            stanzas.add(Stanza.builder(eventtype(eventClass))
                    .set("search", search.toString())
                    .set("description", eventClass.description())
                    .build());
        }
        stanzas.add(Stanza.builder(FINDING_EVENTTYPE)
                .set("search", "sourcetype=" + Spl.quote(Sourcetype.FINDING.name()))
                .set("description", "ForgeWatch detection findings")
                .build());
        return ConfFile.of(EVENTTYPES_PATH, List.of("Generated from event-classes.yaml by ForgeWatch: do not edit."), stanzas);
    }

    public ConfFile tags() {
        List<Stanza> stanzas = new ArrayList<>();
        Set<String> generated = eventtypes().stanzas().stream().map(Stanza::name).collect(Collectors.toSet());
        for (EventClass eventClass : catalog.classes()) {
            if (!eventClass.cimTags().isEmpty() && generated.contains(eventtype(eventClass))) {
                Stanza.Builder stanza = Stanza.builder("eventtype=" + eventtype(eventClass));
                eventClass.cimTags().forEach(tag -> stanza.set(tag, "enabled"));
                stanzas.add(stanza.build());
            }
        }
        stanzas.add(Stanza.builder("eventtype=" + FINDING_EVENTTYPE).set("alert", "enabled").build());
        return ConfFile.of(TAGS_PATH, List.of("CIM tags of the ForgeWatch eventtypes. Generated: do not edit."), stanzas);
    }

    /** The raw field the operation is read from (a plain member), so eventtypes search indexed terms. */
    private String operationField(String kind) {
        var rule = catalog.field("operation").source(kind);
        if (rule != null) {
            SourcePath path = rule.entries().get(0).path();
            if (path.isPlainMember()) {
                return path.rootMember();
            }
        }
        return new SplunkFieldNames(catalog).of("operation");
    }

    private static String list(Set<String> values) {
        return values.stream().map(Spl::quote).collect(Collectors.joining(", "));
    }
}
