package dev.forgewatch.detections.compile;

import dev.forgewatch.detections.rule.CorrelationRule;
import dev.forgewatch.detections.rule.DetectionRule;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.Timespan;

/**
 * How often a compiled rule runs and how far back each run looks, the same for Elastic and
 * Splunk. Plain rules run every 5 minutes over the last 6 (Kibana) or a 5-minute slice ending
 * 5 minutes ago (Splunk, for indexing lag); first-seen rules every 15 minutes; correlations look
 * back their timespan, every 5 minutes up to a 1-hour timespan and hourly beyond.
 */
public record Schedules(int intervalMinutes, long lookbackMinutes) {

    public static Schedules of(Rule rule) {
        if (rule instanceof CorrelationRule correlation) {
            Timespan timespan = correlation.correlation().timespan();
            return new Schedules(timespan.minutes() <= 60 ? 5 : 60, timespan.minutes());
        }
        if (((DetectionRule) rule).newTerms() != null) {
            return new Schedules(15, 15);
        }
        return new Schedules(5, 5);
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
