package dev.forgewatch.detections.incident;

import java.time.Instant;
import java.util.List;

/**
 * The mail an incident's intruder touched: the mailbox's MailItemsAccessed records that share an
 * address, session, token or suspect app with the incident's findings, from its first finding until
 * a window after its last.
 *
 * @param records      MailItemsAccessed records
 * @param bind         of them, Bind records (items opened one by one)
 * @param sync         of them, Sync records (whole folders downloaded to a client)
 * @param folders      folder paths named, sorted, at most {@link MailPass#MAX_FOLDERS}
 * @param messages     distinct InternetMessageIds named (Bind records list them; Sync records do not)
 * @param messagesCapped true when more distinct ids were seen than {@link MailPass#MAX_MESSAGE_IDS}
 *                     ({@code messages} is then a lower bound)
 * @param first        the first record, or null when none
 * @param last         the last record, or null when none
 */
public record MailTouched(long records, long bind, long sync, List<String> folders, long messages, boolean messagesCapped,
        Instant first, Instant last) {

    public static final MailTouched NONE = new MailTouched(0, 0, 0, List.of(), 0, false, null, null);

    public MailTouched {
        folders = List.copyOf(folders);
    }
}
