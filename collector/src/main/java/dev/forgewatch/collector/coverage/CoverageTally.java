package dev.forgewatch.collector.coverage;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Counts, per mailbox, MailItemsAccessed records against other mailbox activity in Audit.Exchange
 * records, and notes throttling ({@code IsThrottled} True: Exchange stops auditing the mailbox's
 * reads for 24 hours). Bounded: at most {@code maxMailboxes} mailboxes and {@code maxThrottled}
 * throttling notes are kept; anything beyond is counted, not stored.
 */
public final class CoverageTally {
    private final int maxMailboxes;
    private final int maxThrottled;
    private final Map<String, long[]> perMailbox = new HashMap<>();
    private final List<CoverageReport.Throttled> throttled = new ArrayList<>();
    private long mailItemsAccessed;
    private long exchangeRecords;
    private long mailboxesNotTracked;
    private long throttledNotKept;
    private Instant first;
    private Instant last;

    public CoverageTally(int maxMailboxes, int maxThrottled) {
        this.maxMailboxes = maxMailboxes;
        this.maxThrottled = maxThrottled;
    }

    /** Looks at one raw Audit.Exchange record; other records are ignored. */
    public void observe(JsonNode record) {
        if (!"Exchange".equalsIgnoreCase(record.path("Workload").asText())) {
            return;
        }
        int recordType = record.path("RecordType").asInt(-1); // numbers may arrive as strings; asInt reads both
        if (recordType == 1) {
            return; // admin cmdlets name an administrator, not a mailbox that reads mail
        }
        String mailbox = text(record, "MailboxOwnerUPN");
        if (mailbox == null) {
            mailbox = text(record, "UserId");
        }
        if (mailbox == null) {
            return;
        }
        mailbox = mailbox.toLowerCase(Locale.ROOT);
        exchangeRecords++;
        Instant time = creationTime(record);
        if (time != null) {
            first = first == null || time.isBefore(first) ? time : first;
            last = last == null || time.isAfter(last) ? time : last;
        }
        boolean mia = "MailItemsAccessed".equals(record.path("Operation").asText());
        long[] counts = perMailbox.get(mailbox);
        if (counts == null) {
            if (perMailbox.size() >= maxMailboxes) {
                mailboxesNotTracked++;
                counts = null;
            } else {
                counts = new long[2];
                perMailbox.put(mailbox, counts);
            }
        }
        if (counts != null) {
            counts[mia ? 0 : 1]++;
        }
        if (mia) {
            mailItemsAccessed++;
            if (isThrottled(record) && time != null) {
                if (throttled.size() < maxThrottled) {
                    throttled.add(new CoverageReport.Throttled(mailbox, time, time.plusSeconds(24 * 3600)));
                } else {
                    throttledNotKept++;
                }
            }
        }
    }

    public CoverageReport report() {
        List<CoverageReport.Gap> gaps = new ArrayList<>();
        int withMia = 0;
        for (Map.Entry<String, long[]> entry : perMailbox.entrySet()) {
            if (entry.getValue()[0] == 0) {
                gaps.add(new CoverageReport.Gap(entry.getKey(), entry.getValue()[1]));
            } else {
                withMia++;
            }
        }
        gaps.sort((a, b) -> a.mailbox().compareTo(b.mailbox()));
        List<CoverageReport.Throttled> sorted = new ArrayList<>(throttled);
        sorted.sort((a, b) -> a.from().compareTo(b.from()));
        return new CoverageReport(exchangeRecords, mailItemsAccessed, perMailbox.size(), withMia, gaps, sorted, first, last,
                mailboxesNotTracked, throttledNotKept);
    }

    private static boolean isThrottled(JsonNode record) {
        for (JsonNode property : record.path("OperationProperties")) {
            if ("IsThrottled".equalsIgnoreCase(property.path("Name").asText())) {
                return "true".equalsIgnoreCase(property.path("Value").asText().trim());
            }
        }
        return false;
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    /** CreationTime is UTC without a zone ({@code 2023-05-24T00:52:53}); tolerate a trailing Z too. */
    private static Instant creationTime(JsonNode record) {
        String text = record.path("CreationTime").asText("");
        try {
            return text.endsWith("Z") ? Instant.parse(text) : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
