package dev.forgewatch.detections.engine;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.condition.FieldRef;
import dev.forgewatch.detections.rule.CorrelationRule;
import dev.forgewatch.detections.rule.DetectionRule;
import dev.forgewatch.detections.rule.Lookup;
import dev.forgewatch.detections.rule.Rule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the findings of one rule: evidence from the rule's {@code fields} (and a correlation's
 * grouping fields), the message from its template, and for values that came from a lookup
 * (e.g. an IOC IP) the lookup row as context, so the analyst sees source and first/last seen.
 */
final class FindingFactory {
    private record LookupUse(FieldRef field, Lookup lookup) {
    }

    private final Rule rule;
    private final List<FieldRef> evidenceFields;
    private final List<LookupUse> lookups;
    private final boolean userKnown;
    private final boolean ipKnown;

    /** The name of the rule this factory makes findings for (state and stats are kept per rule). */
    String ruleName() {
        return rule.name();
    }

    FindingFactory(Rule rule, Map<String, Lookup> available) {
        this.rule = rule;
        List<FieldRef> fields = new ArrayList<>();
        List<FieldRef> groupBy = List.of();
        if (rule instanceof CorrelationRule correlation) {
            groupBy = correlation.correlation().groupBy();
            fields.addAll(groupBy);
        }
        fields.addAll(rule.fields());
        this.evidenceFields = List.copyOf(fields);
        List<LookupUse> uses = new ArrayList<>();
        if (rule instanceof DetectionRule detection) {
            collectLookups(detection.expr(), available, uses);
        }
        this.lookups = List.copyOf(uses);
        // A correlation speaks for a user or an IP only when it groups by them; an absence speaks for the
        // events that waited (all of its first rule), so it names their mailbox and address.
        boolean correlated = rule instanceof CorrelationRule correlation
                && correlation.correlation().type() != dev.forgewatch.detections.rule.Correlation.Type.ABSENCE;
        this.userKnown = !correlated || groupBy.stream().anyMatch(f -> f.canonical().equals(Fields.MAILBOX_OWNER_UPN)
                || f.canonical().equals(Fields.USER_ID));
        this.ipKnown = !correlated || groupBy.stream().anyMatch(f -> f.canonical().equals(Fields.CLIENT_IP));
    }

    private static void collectLookups(Expr expr, Map<String, Lookup> available, List<LookupUse> out) {
        if (expr instanceof Expr.AnyOf anyOf && anyOf.lookup() != null) {
            out.add(new LookupUse(anyOf.field(), available.get(anyOf.lookup())));
        } else if (expr instanceof Expr.And and) {
            and.items().forEach(item -> collectLookups(item, available, out));
        } else if (expr instanceof Expr.Or or) {
            or.items().forEach(item -> collectLookups(item, available, out));
        }
    }

    /** A finding about one event. */
    Finding single(CanonicalEvent event) {
        return build(List.of(event), List.of(event.id()), Map.of(), Map.of());
    }

    /**
     * A finding about several events (a correlation). Time, user and IP come from the last event;
     * each evidence field and message placeholder from the latest event that has it, so a chain
     * of a token finding then mail access reports the token's fingerprint and the mailbox.
     *
     * @param events   evidence events in time order, at least one
     * @param extras   message extras ({@code count}, {@code values})
     * @param evidence additional evidence, e.g. the distinct values a value_count counted
     */
    Finding build(List<CanonicalEvent> events, List<String> eventIds, Map<String, Object> extras, Map<String, Object> evidence) {
        CanonicalEvent last = events.get(events.size() - 1);
        Map<String, Object> collected = new LinkedHashMap<>();
        for (FieldRef field : evidenceFields) {
            Object value = latest(events, field);
            if (value != null) {
                collected.putIfAbsent(field.canonical(), value);
            }
        }
        collected.putAll(evidence);
        StringBuilder message = new StringBuilder(rule.message().render(field -> latest(events, field), extras));
        for (LookupUse use : lookups) {
            Map<String, String> row = use.lookup().row(last.text(use.field().canonical()));
            if (row != null) {
                message.append(" [").append(use.lookup().name()).append(": ");
                List<String> parts = new ArrayList<>();
                row.forEach((column, value) -> parts.add(column + "=" + value));
                message.append(String.join(", ", parts)).append(']');
            }
        }
        return new Finding(rule.info().id(), rule.info().title(), rule.info().level(), last.timestamp(),
                userKnown ? last.mailbox() : null, ipKnown ? last.clientIp() : null, eventIds, message.toString(),
                collected, rule.info().attackIds());
    }

    /**
     * The coverage finding an absence gives instead of {@code accusation} when its companion log is not
     * proven present: low, the rule's title marked as a coverage gap, the message naming what is missing;
     * its rule id is the rule's with {@value #COVERAGE_GAP_SUFFIX}, so nothing scores it as the accusation,
     * and no mailbox as its user: it accuses nobody (the mailbox is in its message and evidence).
     */
    Finding coverageGap(Finding accusation, String message) {
        return new Finding(accusation.ruleId() + COVERAGE_GAP_SUFFIX, accusation.ruleName() + " - Coverage Gap", dev.forgewatch.common.event.Severity.LOW,
                accusation.timestamp(), null, accusation.sourceIp(), accusation.eventIds(), message,
                withoutMailbox(accusation.evidence()), accusation.attack());
    }

    private static Map<String, Object> withoutMailbox(Map<String, Object> evidence) {
        Map<String, Object> kept = new LinkedHashMap<>(evidence);
        kept.remove(dev.forgewatch.common.event.Fields.MAILBOX_OWNER_UPN);
        kept.remove(dev.forgewatch.common.event.Fields.USER_ID);
        return kept;
    }

    public static final String COVERAGE_GAP_SUFFIX = ":coverage-gap";

    private static Object latest(List<CanonicalEvent> events, FieldRef field) {
        for (int i = events.size() - 1; i >= 0; i--) {
            Object value = events.get(i).get(field.canonical());
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
