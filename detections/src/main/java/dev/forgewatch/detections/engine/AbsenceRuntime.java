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

        Waiting(Object key, Instant due) {
            this.key = key;
            this.due = due;
        }
    }

    private final FindingFactory factory;
    private final Correlation correlation;
    private final EngineLimits limits;
    private final Duration timespan;
    private final String[] groupBy;
    private final BoundedMap<Object, Instant> lastAccompanied;
    private final LinkedHashMap<Object, Waiting> waiting = new LinkedHashMap<>();
    private final ArrayDeque<Waiting> waitOrder = new ArrayDeque<>();
    private final EngineStats stats;
    private Instant nextExpiry;
    private final Coverage coverage;
    private final long bucketSeconds;
    private final java.util.Set<Long> coveredBuckets = new java.util.HashSet<>();
    private final java.util.Set<String> categories = new java.util.HashSet<>();
    private Instant firstCompanion;
    /** The bucket a companion event was last seen in: events come in time order, so most repeat it. */
    private long lastBucket = Long.MIN_VALUE;

    AbsenceRuntime(FindingFactory factory, Correlation correlation, EngineLimits limits, EngineStats stats) {
        this.factory = factory;
        this.correlation = correlation;
        this.limits = limits;
        this.timespan = correlation.timespan().duration();
        this.groupBy = GroupKey.names(correlation.groupBy());
        this.lastAccompanied = new BoundedMap<>(limits.maxKeysPerRule(), stats.evictions(factory.ruleName()));
        this.stats = stats;
        this.coverage = correlation.coverage();
        this.bucketSeconds = coverage == null ? 1 : coverage.window().duration().getSeconds();
    }

    @Override
    public void matched(int ruleIndex, CanonicalEvent event, Consumer<Finding> findings) {
        Object key = GroupKey.of(event, groupBy);
        if (key == null) {
            return;
        }
        Instant time = event.timestamp();
        if (ruleIndex == 1 && coverage != null) {
            // the companion log was exported at this time (whatever the group)
            long bucket = bucket(time);
            if (bucket != lastBucket) {
                coveredBuckets.add(bucket);
                lastBucket = bucket;
            }
            firstCompanion = firstCompanion == null || time.isBefore(firstCompanion) ? time : firstCompanion;
            String category = event.text(Fields.SIGNIN_CATEGORY);
            if (category != null) {
                categories.add(category);
            }
        }
        if (ruleIndex == 1) {
            lastAccompanied.put(key, time);
            Waiting cleared = waiting.remove(key); // everything waiting started within timespan before this event
            if (cleared != null) {
                cleared.cleared = true;
            }
            return;
        }
        Instant accompanied = lastAccompanied.get(key);
        if (accompanied != null && !accompanied.isBefore(time.minus(timespan))) {
            return;
        }
        Waiting wait = waiting.get(key);
        if (wait == null) {
            if (waiting.size() >= limits.maxKeysPerRule()) {
                stats.evictions(factory.ruleName()).add();
                return;
            }
            wait = new Waiting(key, time.plus(timespan));
            waiting.put(key, wait);
            waitOrder.addLast(wait);
        }
        wait.count++;
        wait.last = event;
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

    private void report(Waiting wait, Consumer<Finding> findings) {
        Finding finding = factory.build(List.of(wait.last), wait.ids, Map.of("count", wait.count), Map.of());
        String gap = coverage == null ? null : gap(wait.last);
        findings.accept(gap == null ? finding : factory.coverageGap(finding, gap + "; " + wait.count
                + " record(s) of " + (finding.user() == null ? "the group" : finding.user()) + " cannot be judged until "
                + coverage.log() + " for that time are in the hunt"));
    }

    /** Why the companion log is not proven present for this event's companion, or null when it is. */
    private String gap(CanonicalEvent event) {
        Instant issued = instant(event.get(coverage.issued().canonical()));
        Instant from = issued == null ? event.timestamp() : issued;
        Instant to = from.plus(coverage.tolerance().duration());
        boolean appOnly = Long.valueOf(5).equals(event.number("user_type"));
        List<String> wanted = appOnly ? Coverage.APP_CATEGORIES : Coverage.USER_CATEGORIES;
        if (!categories.isEmpty() && wanted.stream().noneMatch(categories::contains)) {
            return "no " + String.join(" or ", wanted).replace('_', '-') + " sign-in log was supplied ("
                    + (appOnly ? "ServicePrincipalSignInLogs, ManagedIdentitySignInLogs" : "SignInLogs, NonInteractiveUserSignInLogs") + ")";
        }
        if (firstCompanion == null || to.isBefore(firstCompanion)) {
            return "the token was issued at " + from + ", before the sign-in data begins"
                    + (firstCompanion == null ? "" : " (" + firstCompanion + ")");
        }
        for (long b = bucket(from); b <= bucket(to); b++) {
            if (!coveredBuckets.contains(b)) {
                Instant start = Instant.ofEpochSecond(b * coverage.window().duration().getSeconds());
                return "no sign-in of any category was exported between " + start + " and "
                        + start.plus(coverage.window().duration()) + ", when the token was issued (" + from + ")";
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
