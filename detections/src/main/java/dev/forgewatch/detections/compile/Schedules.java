package dev.forgewatch.detections.compile;

import dev.forgewatch.detections.rule.Correlation;
import dev.forgewatch.detections.rule.CorrelationRule;
import dev.forgewatch.detections.rule.DetectionRule;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.Timespan;

/**
 * How often a compiled rule runs and how far back each run looks, the same for Elastic and
 * Splunk. Plain rules run every 5 minutes over the last 6 (Kibana) or a 5-minute slice ending
 * 5 minutes ago (Splunk, for indexing lag); first-seen rules every 15 minutes; correlations look
 * back their timespan, every 5 minutes up to a 1-hour timespan and hourly beyond. An absence rule
 * judges only the events that became due in the run (their timespan after them has passed: see
 * {@link #absenceDue}), against everything within a timespan either side, so it looks back twice
 * its timespan plus one interval.
 */
public record Schedules(int intervalMinutes, long lookbackMinutes) {
    /** Absence rules with a timespan up to this many minutes run every 5 minutes (others beyond an hour run hourly). */
    public static final long SHORT_ABSENCE_MINUTES = 120;

    public static Schedules of(Rule rule) {
        if (rule instanceof CorrelationRule correlation) {
            Timespan timespan = correlation.correlation().timespan();
            boolean absence = correlation.correlation().type() == Correlation.Type.ABSENCE;
            // an absence run weighs each due event against its whole look-back, up to one interval more than the timespan
            // on either side: a short absence runs every 5 minutes, so that slack stays small beside its timespan
            int interval = timespan.minutes() <= 60 || (absence && timespan.minutes() <= SHORT_ABSENCE_MINUTES) ? 5 : 60;
            return new Schedules(interval, absence ? 2 * timespan.minutes() + interval : timespan.minutes());
        }
        if (((DetectionRule) rule).newTerms() != null) {
            return new Schedules(15, 15);
        }
        return new Schedules(5, 5);
    }

    /**
     * Absence rules: the events a run judges are those in {@code [now - endMinutes - interval, now -
     * endMinutes)} with {@code endMinutes} = the timespan; older ones were judged by earlier runs, newer
     * ones may still be accompanied. Judging every event in the look-back instead would raise an event
     * again once the event that accompanied it has slid out of the window.
     */
    public record AbsenceDue(long startMinutes, long endMinutes) {
    }

    public static AbsenceDue absenceDue(CorrelationRule rule) {
        long timespan = rule.correlation().timespan().minutes();
        return new AbsenceDue(timespan + of(rule).intervalMinutes(), timespan);
    }

    /** Kibana {@code interval}, e.g. {@code 5m}. */
    public String kibanaInterval() {
        return intervalMinutes + "m";
    }

    /** Kibana {@code from}: the look-back plus one minute of overlap for plain rules. */
    public String kibanaFrom() {
        return "now-" + (lookbackMinutes == intervalMinutes ? lookbackMinutes + 1 : lookbackMinutes) + "m";
    }

    /** Splunk cron: every interval minutes. */
    public String cron() {
        return intervalMinutes >= 60 ? "5 * * * *" : "*/" + intervalMinutes + " * * * *";
    }

    /** Splunk {@code dispatch.earliest_time}, 5 minutes behind for indexing lag. */
    public String splunkEarliest() {
        return "-" + (lookbackMinutes + 5) + "m@m";
    }

    public String splunkLatest() {
        return "-5m@m";
    }
}
