package dev.forgewatch.detections.engine;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.rule.Correlation;
import dev.forgewatch.detections.rule.Coverage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * absence (ForgeWatch): an event of the first rule with no event of the second rule for the same
 * group within {@code timespan} before or after it. A group's unaccompanied events wait, oldest
 * first, until {@code timespan} has passed after the first of them (or the stream ends); an
 * accompanying event clears the wait. One finding covers the events that waited together.
 *
 * <p>With a {@link Coverage} the absence accuses only where the companion log is proven present (see
 * there); otherwise it gives a low coverage finding naming the missing log. The proof is what the
 * stream showed of the companion log: the buckets that held a companion event, the first one, and the
 * sign-in categories supplied.
 */
final class AbsenceRuntime implements CorrelationRuntime {
    private static final class Waiting {
        final Object key;
        /** When the first of its events came, plus the timespan: once stream time is past it, the wait is reported. */
        final Instant due;
        final List<String> ids = new ArrayList<>();
        CanonicalEvent last;
        int count;
        /** Taken out of {@code waiting} (accompanied, or reported): its entry in the wait order is stale. */
        boolean cleared;
        /** When the first of its events came. */
        final Instant since;
        /** With a coverage gate: the earliest anchor, and each window bucket an anchor needs with the first anchor needing it. */
        Instant earliestIssued;
        final java.util.TreeMap<Long, Instant> needed = new java.util.TreeMap<>();
        Object lastIssuedValue;
        boolean appOnly;

        Waiting(Object key, Instant since, Instant due) {
            this.key = key;
            this.since = since;
            this.due = due;
        }
    }

    private final FindingFactory factory;
    private final Correlation correlation;
    private final EngineLimits limits;
    private final Duration timespan;
    private final GroupKey groupKey;
    private final EventFields fields;
    /** The slot of the sign-in category (what a companion event tells of the sign-in logs supplied). */
    private final int signinCategory;
    private final BoundedMap<Object, Instant> lastAccompanied;
    private final LinkedHashMap<Object, Waiting> waiting = new LinkedHashMap<>();
    private final ArrayDeque<Waiting> waitOrder = new ArrayDeque<>();
    private final EngineStats stats;
    private Instant nextExpiry;
    private final Coverage coverage;
    private final long bucketSeconds;
    /** Minutes from a waiting event's anchor whose buckets must hold a companion (Coverage.offsetsMinutes). */
    private final long[] offsets;
    /** The buckets that held a companion event, each with the first companion in it (events come in time order). */
    private final Map<Long, Instant> coveredBuckets = new java.util.HashMap<>();
    private final java.util.Set<String> categories = new java.util.HashSet<>();
    private Instant firstCompanion;
    /** The bucket a companion event was last seen in: events come in time order, so most repeat it. */
    private long lastBucket = Long.MIN_VALUE;

    AbsenceRuntime(FindingFactory factory, Correlation correlation, EventFields fields, EngineLimits limits, EngineStats stats) {
        this.factory = factory;
        this.correlation = correlation;
        this.limits = limits;
        this.timespan = correlation.timespan().duration();
        this.groupKey = new GroupKey(fields, correlation.groupBy());
        this.fields = fields;
        this.signinCategory = fields.slot(Fields.SIGNIN_CATEGORY);
        this.lastAccompanied = new BoundedMap<>(limits.maxKeysPerRule(), stats.evictions(factory.ruleName()), groupKey.width());
        this.stats = stats;
        this.coverage = correlation.coverage();
        this.bucketSeconds = coverage == null ? 1 : coverage.window().duration().getSeconds();
        this.offsets = coverage == null ? new long[0] : coverage.offsetsMinutes().stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public void matched(int ruleIndex, CanonicalEvent event, Consumer<Finding> findings) {
        if (!groupKey.load()) {
            return;
        }
        Instant time = event.timestamp();
        if (ruleIndex == 1 && coverage != null) {
            // the companion log was exported at this time (whatever the group)
            long bucket = bucket(time);
            if (bucket != lastBucket) {
                coveredBuckets.putIfAbsent(bucket, time);
                lastBucket = bucket;
            }
            firstCompanion = firstCompanion == null || time.isBefore(firstCompanion) ? time : firstCompanion;
            String category = fields.text(signinCategory);
            if (category != null) {
                categories.add(category);
            }
        }
        if (ruleIndex == 1) {
            lastAccompanied.put(groupKey, time);
            // everything waiting started within timespan before this event (a key is made only when something waits)
            Waiting cleared = waiting.isEmpty() ? null : waiting.remove(groupKey.key());
            if (cleared != null) {
                cleared.cleared = true;
            }
            return;
        }
        Instant accompanied = lastAccompanied.get(groupKey);
        if (accompanied != null && !accompanied.isBefore(time.minus(timespan))) {
            return;
        }
        Object key = groupKey.key();
        Waiting wait = waiting.get(key);
        if (wait == null) {
            if (waiting.size() >= limits.maxKeysPerRule()) {
                stats.evictions(factory.ruleName()).add();
                return;
            }
            wait = new Waiting(key, time, time.plus(timespan));
            waiting.put(key, wait);
            waitOrder.addLast(wait);
        }
        wait.count++;
        wait.last = event;
        if (coverage != null && !time.isAfter(wait.since)) {
            // the group is judged when its first event is due, on what it needs (a SIEM run judges the events due in it
            // and raises the group once); later events of the wait join that finding
            need(wait, event);
        }
        if (wait.ids.size() < limits.maxEvidenceIds()) {
            wait.ids.add(event.id());
        }
    }

    @Override
    public void advance(Instant now, Consumer<Finding> findings) {
        while (!waitOrder.isEmpty()) {
            Waiting wait = waitOrder.peekFirst();
            boolean current = !wait.cleared; // else it was cleared by an accompanying event
            if (current && !wait.due.isBefore(now)) {
                break;
            }
            waitOrder.removeFirst();
            if (current) {
                waiting.remove(wait.key);
                wait.cleared = true;
                report(wait, findings);
            }
        }
        if (nextExpiry == null || !now.isBefore(nextExpiry)) {
            lastAccompanied.expire(time -> time.isBefore(now.minus(timespan)));
            nextExpiry = now.plusSeconds(60);
        }
    }

    @Override
    public void finish(Consumer<Finding> findings) {
        for (Waiting wait : waitOrder) {
            if (!wait.cleared) {
                waiting.remove(wait.key);
                wait.cleared = true;
                report(wait, findings);
            }
        }
        waitOrder.clear();
        lastAccompanied.clear();
    }

    /**
     * What a waiting event needs proven: the window buckets from its anchor (the {@code issued} field, else its own time)
     * minus {@code lead} to plus {@code tolerance}. Each event the group is judged on counts, as in the SIEM forms (a group
     * keyed by session and address holds several tokens); events of one token repeat its issue time, which is read again
     * only when it changes.
     */
    private void need(Waiting wait, CanonicalEvent event) {
        if (Long.valueOf(5).equals(event.number("user_type"))) {
            wait.appOnly = true;
        }
        Object value = coverage.issued() == null ? null : event.get(coverage.issued().canonical());
        if (value != null && wait.earliestIssued != null && value.equals(wait.lastIssuedValue)) {
            return;
        }
        wait.lastIssuedValue = value;
        Instant issued = instant(value);
        Instant anchor = issued == null ? event.timestamp() : issued;
        if (wait.earliestIssued == null || anchor.isBefore(wait.earliestIssued)) {
            wait.earliestIssued = anchor;
        }
        for (long offset : offsets) {
            wait.needed.putIfAbsent(bucket(anchor.plusSeconds(offset * 60)), anchor);
        }
    }

    private void report(Waiting wait, Consumer<Finding> findings) {
        Finding finding = factory.build(List.of(wait.last), wait.ids, Map.of("count", wait.count), Map.of());
        String gap = coverage == null ? null : gap(wait);
        findings.accept(gap == null ? finding : factory.coverageGap(finding, gap + "; " + wait.count
                + " record(s) of " + (finding.user() == null ? "the group" : finding.user()) + " cannot be judged until "
                + coverage.log() + " for that time are in the hunt"));
    }

    /**
     * Why the companion log is not proven present for the group's waiting events, or null when it is: in this order, the
     * sign-in category that could issue their tokens was never supplied (when any category is known), the companion data
     * began after the earliest issue time + tolerance, or a window bucket some issue time needs held no companion.
     */
    private String gap(Waiting wait) {
        boolean appOnly = wait.appOnly;
        List<String> wanted = appOnly ? Coverage.APP_CATEGORIES : Coverage.USER_CATEGORIES;
        if (!categories.isEmpty() && wanted.stream().noneMatch(categories::contains)) {
            return "no " + String.join(" or ", wanted).replace('_', '-') + " sign-in log was supplied ("
                    + (appOnly ? "ServicePrincipalSignInLogs, ManagedIdentitySignInLogs" : "SignInLogs, NonInteractiveUserSignInLogs") + ")";
        }
        Instant from = wait.earliestIssued;
        if (firstCompanion == null || from.plus(coverage.tolerance().duration()).isBefore(firstCompanion)) {
            return (coverage.issued() == null ? "the mail was read at " : "the token was issued at ") + from + ", before the sign-in data begins"
                    + (firstCompanion == null ? "" : " (" + firstCompanion + ")");
        }
        // judged as the SIEM run that finds the group due does, when the timespan after its first event has passed: a
        // companion counts if it came by then (not what the stream brought later), and a bucket that had not begun by then
        // (a lead or tolerance beyond the timespan less one window reaches past it) is not judged
        Instant asOf = wait.due;
        for (Map.Entry<Long, Instant> need : wait.needed.entrySet()) {
            if (need.getKey() * bucketSeconds > asOf.getEpochSecond()) {
                break;
            }
            Instant first = coveredBuckets.get(need.getKey());
            if (first == null || first.isAfter(asOf)) {
                Instant start = Instant.ofEpochSecond(need.getKey() * coverage.window().duration().getSeconds());
                Instant end = start.plus(coverage.window().duration());
                return "no sign-in of any category was exported between " + start + " and " + end
                        + (end.isAfter(firstCompanion) ? "" : " (the sign-in data begins at " + firstCompanion + ")")
                        + (coverage.issued() == null ? ", within " + (coverage.lead() == null ? "" : coverage.lead() + " before or ")
                                + coverage.tolerance() + " after the access ("
                                : ", when the token was issued (") + need.getValue() + ")";
            }
        }
        return null;
    }

    private long bucket(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), bucketSeconds);
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof String text && !text.isEmpty()) {
            try {
                return Instant.parse(text.endsWith("Z") ? text : text + "Z");
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }
}
