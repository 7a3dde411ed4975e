package dev.forgewatch.cli.report;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.hunt.HuntObserver;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects what the HTML report shows while a hunt streams by, in bounded memory: per mailbox and
 * UTC day the MailItemsAccessed counts by AppId, ClientAppId and client IP, the first time each
 * AppId and IP touched the mailbox, other Exchange activity (for coverage gaps), throttling notices,
 * and the findings. Every map has a cap; what falls past a cap is counted, not kept.
 */
public final class ReportObserver implements HuntObserver {
    static final int MAX_MAILBOXES = 20_000;
    static final int MAX_DAYS = 400;
    static final int MAX_KEYS_PER_DAY = 12;
    static final int MAX_FIRST_SEEN = 100;
    static final int MAX_FINDINGS = 5_000;
    static final int MAX_THROTTLED = 1_000;

    /** One mailbox's mail-access picture. */
    static final class Mailbox {
        final TreeMap<LocalDate, Day> days = new TreeMap<>();
        final Map<String, Instant> appFirstSeen = new LinkedHashMap<>();
        final Map<String, Instant> ipFirstSeen = new LinkedHashMap<>();
        long mailItemsAccessed;
        long otherExchange;
    }

    /** One mailbox-day. */
    static final class Day {
        long mailItemsAccessed;
        long fromNewAppOrIp;
        final Map<String, Long> byApp = Bounded.map();
        final Map<String, Long> byClientApp = Bounded.map();
        final Map<String, Long> byIp = Bounded.map();
    }

    record Throttle(String mailbox, Instant from, Instant until) {
    }

    private final Map<String, Mailbox> mailboxes = new HashMap<>();
    private final List<Finding> findings = new ArrayList<>();
    private final List<Throttle> throttled = new ArrayList<>();
    private final Map<SourceKind, Long> eventsByKind = new EnumMap<>(SourceKind.class);
    private long findingsNotKept;
    private long eventsOfUntrackedMailboxes;
    private long throttledNotKept;
    private Instant first;
    private Instant last;

    @Override
    public void event(CanonicalEvent event) {
        eventsByKind.merge(event.kind(), 1L, Long::sum);
        Instant at = event.timestamp();
        first = first == null || at.isBefore(first) ? at : first;
        last = last == null || at.isAfter(last) ? at : last;
        if (event.kind() != SourceKind.AUDIT || !"Exchange".equalsIgnoreCase(event.text(Fields.WORKLOAD))) {
            return;
        }
        String name = event.mailbox();
        if (name == null || "1".equals(event.text(Fields.RECORD_TYPE))) {
            return; // admin cmdlets name an administrator, not a mailbox
        }
        Mailbox mailbox = mailbox(name.toLowerCase(Locale.ROOT));
        if (mailbox == null) {
            eventsOfUntrackedMailboxes++;
            return;
        }
        if (!"MailItemsAccessed".equals(event.operation())) {
            mailbox.otherExchange++;
            return;
        }
        mailbox.mailItemsAccessed++;
        String app = event.text(Fields.APP_ID);
        String ip = event.clientIp();
        Bounded.firstSeen(mailbox.appFirstSeen, app, at, MAX_FIRST_SEEN);
        Bounded.firstSeen(mailbox.ipFirstSeen, ip, at, MAX_FIRST_SEEN);
        LocalDate date = LocalDate.ofInstant(at, ZoneOffset.UTC);
        Day day = mailbox.days.get(date);
        if (day == null && mailbox.days.size() < MAX_DAYS) {
            day = new Day();
            mailbox.days.put(date, day);
        }
        if (day != null) {
            long count = Math.max(1, event.number(Fields.OPERATION_COUNT) == null ? 1 : event.number(Fields.OPERATION_COUNT));
            day.mailItemsAccessed += count;
            boolean firstDay = mailbox.days.firstKey().equals(date);
            if (!firstDay && isNewOnDay(mailbox, app, ip, date)) {
                day.fromNewAppOrIp += count;
            }
            Bounded.count(day.byApp, app, MAX_KEYS_PER_DAY);
            Bounded.count(day.byClientApp, event.text(Fields.CLIENT_APP_ID), MAX_KEYS_PER_DAY);
            Bounded.count(day.byIp, ip, MAX_KEYS_PER_DAY);
        }
        if (event.flag(Fields.IS_THROTTLED)) {
            if (throttled.size() < MAX_THROTTLED) {
                throttled.add(new Throttle(name.toLowerCase(Locale.ROOT), at, at.plusSeconds(24 * 3600)));
            } else {
                throttledNotKept++;
            }
        }
    }

    /** True when the app or IP was first seen for this mailbox on this very day (not its first day of data). */
    private static boolean isNewOnDay(Mailbox mailbox, String app, String ip, LocalDate date) {
        Instant appSeen = app == null ? null : mailbox.appFirstSeen.get(app);
        Instant ipSeen = ip == null ? null : mailbox.ipFirstSeen.get(ip);
        return (appSeen != null && LocalDate.ofInstant(appSeen, ZoneOffset.UTC).equals(date))
                || (ipSeen != null && LocalDate.ofInstant(ipSeen, ZoneOffset.UTC).equals(date));
    }

    private Mailbox mailbox(String name) {
        Mailbox mailbox = mailboxes.get(name);
        if (mailbox == null && mailboxes.size() < MAX_MAILBOXES) {
            mailbox = new Mailbox();
            mailboxes.put(name, mailbox);
        }
        return mailbox;
    }

    @Override
    public void finding(Finding finding) {
        if (findings.size() < MAX_FINDINGS) {
            findings.add(finding);
        } else {
            findingsNotKept++;
        }
    }

    Map<String, Mailbox> mailboxes() {
        return mailboxes;
    }

    List<Finding> findings() {
        return findings;
    }

    List<Throttle> throttled() {
        return throttled;
    }

    Map<SourceKind, Long> eventsByKind() {
        return eventsByKind;
    }

    Instant first() {
        return first;
    }

    Instant last() {
        return last;
    }

    long findingsNotKept() {
        return findingsNotKept;
    }

    long eventsOfUntrackedMailboxes() {
        return eventsOfUntrackedMailboxes;
    }

    long throttledNotKept() {
        return throttledNotKept;
    }
}
