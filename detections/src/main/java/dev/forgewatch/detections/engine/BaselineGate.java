package dev.forgewatch.detections.engine;

import dev.forgewatch.common.event.Severity;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.baseline.BaselinePolicy.Baseline;
import dev.forgewatch.detections.condition.FieldRef;
import dev.forgewatch.detections.rule.Correlation;
import dev.forgewatch.detections.rule.CorrelationRule;
import dev.forgewatch.detections.rule.DetectionRule;
import dev.forgewatch.detections.rule.Rule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A stateful rule's baseline ({@code baselines.yaml}) between the rule and the findings it reports,
 * keyed by what the rule groups by (its group-by, or its first-seen fields). A finding within the
 * learning period from the start of the stream is marked {@code learning} and capped at low; a
 * finding whose group fired near the same hour of the day on {@code recurring} earlier days, over
 * mostly the same counted values, is an established pattern, marked {@code recurring} and kept as
 * informational. Nothing is dropped: the finding stays, with its mark and its reason in the message.
 * State per group is bounded (the engine's key cap, least recently seen evicted) and keeps only the
 * recent days it needs.
 */
final class BaselineGate {
    private final Baseline baseline;
    private final List<String> keyFields;
    private final String valuesField;
    private final StreamClock clock;
    private final BoundedMap<String, TreeMap<LocalDate, List<Run>>> history;

    /** One earlier finding of a group: its hour of the day and the values it counted. */
    private record Run(int hour, Set<String> values) {
    }

    BaselineGate(Rule rule, Baseline baseline, StreamClock clock, EngineLimits limits, EngineStats stats) {
        this.baseline = baseline;
        List<FieldRef> keys = rule instanceof CorrelationRule c ? c.correlation().groupBy()
                : ((DetectionRule) rule).newTerms().fields();
        this.keyFields = keys.stream().map(FieldRef::canonical).toList();
        this.valuesField = rule instanceof CorrelationRule c && c.correlation().type() == Correlation.Type.VALUE_COUNT
                ? c.correlation().field().canonical() : null;
        this.clock = clock;
        this.history = new BoundedMap<>(limits.maxKeysPerRule(), stats.evictions(rule.name()));
    }

    /** The last consumer wrapped and its wrapper: a run passes the same consumer with every event. */
    private Consumer<Finding> wrapped;
    private Consumer<Finding> wrapper;

    Consumer<Finding> wrap(Consumer<Finding> downstream) {
        if (downstream != wrapped) {
            wrapper = finding -> downstream.accept(apply(finding));
            wrapped = downstream;
        }
        return wrapper;
    }

    Finding apply(Finding finding) {
        StringBuilder key = new StringBuilder();
        for (String field : keyFields) {
            Object value = finding.evidence().get(field);
            key.append(value == null ? "" : value.toString().toLowerCase(Locale.ROOT)).append('\u0000');
        }
        Set<String> values = values(finding.evidence().get(valuesField));
        ZonedDateTime at = finding.timestamp().atZone(ZoneOffset.UTC);
        LocalDate today = at.toLocalDate();
        TreeMap<LocalDate, List<Run>> days = history.computeIfAbsent(key.toString(), k -> new TreeMap<>());
        int earlierDays = 0;
        Set<String> seen = new HashSet<>();
        for (Map.Entry<LocalDate, List<Run>> day : days.headMap(today, false).entrySet()) {
            boolean near = false;
            for (Run run : day.getValue()) {
                int distance = Math.abs(run.hour() - at.getHour());
                if (Math.min(distance, 24 - distance) <= baseline.hours()) {
                    near = true;
                    seen.addAll(run.values());
                }
            }
            if (near) {
                earlierDays++;
            }
        }
        long overlap = values.stream().filter(seen::contains).count();
        boolean established = earlierDays >= baseline.recurring() && overlap * 2 >= values.size();
        days.computeIfAbsent(today, d -> new ArrayList<>()).add(new Run(at.getHour(), values));
        // only the days a later decision can still look at
        while (days.size() > baseline.recurring() * 3 + 1) {
            days.pollFirstEntry();
        }
        Instant start = clock.start();
        if (start != null && finding.timestamp().isBefore(start.plus(baseline.learn().duration()))) {
            return mark(finding, Severity.LOW, Finding.LEARNING, " [learning: this rule's " + baseline.learn()
                    + " baseline from " + start.atZone(ZoneOffset.UTC).toLocalDate() + " is not complete; capped at low]");
        }
        if (established) {
            return mark(finding, Severity.INFORMATIONAL, Finding.RECURRING, " [recurring: the same group fired near "
                    + String.format(Locale.ROOT, "%02d:00", at.getHour()) + " UTC on " + earlierDays
                    + " earlier days; an established pattern, kept as informational]");
        }
        return finding;
    }

    private static Set<String> values(Object value) {
        Set<String> out = new HashSet<>();
        if (value instanceof Collection<?> many) {
            many.forEach(v -> out.add(String.valueOf(v).toLowerCase(Locale.ROOT)));
        } else if (value != null) {
            out.add(value.toString().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static Finding mark(Finding finding, Severity cap, String state, String note) {
        Severity severity = finding.severity().compareTo(cap) > 0 ? cap : finding.severity();
        Map<String, Object> evidence = new LinkedHashMap<>(finding.evidence());
        evidence.put(Finding.BASELINE, state);
        return new Finding(finding.ruleId(), finding.ruleName(), severity, finding.timestamp(), finding.user(), finding.sourceIp(),
                finding.eventIds(), finding.message() + note, evidence, finding.attack());
    }
}
