package dev.forgewatch.collector.coverage;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Whether the tenant's audit log can answer "who read this mailbox": CISA AA23-193A's first
 * recommendation is to make sure MailItemsAccessed is produced, for every mailbox.
 *
 * @param gaps      mailboxes with other Exchange activity but no MailItemsAccessed in the records seen
 * @param throttled MailItemsAccessed records with IsThrottled True: the mailbox's reads go unaudited for 24 hours
 */
public record CoverageReport(long exchangeRecords, long mailItemsAccessed, int mailboxes, int mailboxesWithMailItemsAccessed,
                             List<Gap> gaps, List<Throttled> throttled, Instant first, Instant last, long mailboxesNotTracked,
                             long throttledNotKept) {
    public CoverageReport {
        gaps = List.copyOf(gaps);
        throttled = List.copyOf(throttled);
    }

    public record Gap(String mailbox, long otherRecords) {
    }

    public record Throttled(String mailbox, Instant from, Instant until) {
    }

    /** True when nothing needs an administrator's attention. */
    public boolean complete() {
        return exchangeRecords == 0 || (mailItemsAccessed > 0 && gaps.isEmpty() && throttled.isEmpty());
    }

    /** The report as plain text for a terminal. */
    public String render() {
        StringBuilder text = new StringBuilder("Logging coverage (CISA AA23-193A: MailItemsAccessed for every mailbox)\n");
        if (exchangeRecords == 0) {
            return text.append("  no Audit.Exchange records in this window: is the subscription enabled and is auditing on?\n").toString();
        }
        text.append(String.format(Locale.ROOT, "  window of records: %s to %s%n", first, last));
        if (mailItemsAccessed == 0) {
            text.append(String.format(Locale.ROOT, "  MailItemsAccessed: NOT PRODUCED. %,d Exchange records from %,d mailboxes, none of them"
                    + " MailItemsAccessed. Check the audit licences (Purview Audit Standard/Premium) and the mailboxes'"
                    + " AuditOwner settings.%n", exchangeRecords, mailboxes));
        } else {
            text.append(String.format(Locale.ROOT, "  MailItemsAccessed: produced, %,d records from %,d of %,d mailboxes with Exchange activity%n",
                    mailItemsAccessed, mailboxesWithMailItemsAccessed, mailboxes));
        }
        if (!gaps.isEmpty()) {
            text.append(String.format(Locale.ROOT, "  %,d mailbox%s with other Exchange activity but no MailItemsAccessed:%n", gaps.size(),
                    gaps.size() == 1 ? "" : "es"));
            for (Gap gap : gaps) {
                text.append(String.format(Locale.ROOT, "    %s (%,d other records)%n", gap.mailbox(), gap.otherRecords()));
            }
        }
        if (!throttled.isEmpty()) {
            text.append(String.format(Locale.ROOT, "  %,d throttling notice%s (IsThrottled True: reads not audited for 24 hours):%n",
                    throttled.size(), throttled.size() == 1 ? "" : "s"));
            for (Throttled t : throttled) {
                text.append(String.format(Locale.ROOT, "    %s from %s until about %s%n", t.mailbox(), t.from(), t.until()));
            }
        }
        if (mailboxesNotTracked > 0 || throttledNotKept > 0) {
            text.append(String.format(Locale.ROOT, "  (limits reached: %,d records of untracked mailboxes, %,d throttling notices not listed)%n",
                    mailboxesNotTracked, throttledNotKept));
        }
        if (complete()) {
            text.append("  no gaps found\n");
        }
        return text.toString();
    }
}
