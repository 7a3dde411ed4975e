package dev.forgewatch.samples.records;

import dev.forgewatch.samples.tenant.Randoms;
import dev.forgewatch.samples.tenant.User;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What is in a mailbox, derived (not stored) from the owner and a message number: folder ids, item
 * ids, InternetMessageIds and subjects. The owner and the intruder reading message 42 of the Inbox
 * therefore name the same message, and memory stays flat however many are read.
 */
public final class MailboxContent {
    public static final String INBOX = "\\Inbox";
    public static final String SENT_ITEMS = "\\Sent Items";
    public static final String DRAFTS = "\\Drafts";
    public static final String DELETED_ITEMS = "\\Deleted Items";
    public static final String ARCHIVE = "\\Archive";
    /** Every folder of a senior mailbox, as a whole-mailbox Sync walks them. */
    public static final List<String> ALL_FOLDERS = List.of(INBOX, SENT_ITEMS, DRAFTS, DELETED_ITEMS, ARCHIVE,
            "\\Inbox\\Board", "\\Inbox\\Legal", "\\Inbox\\Government Affairs", "\\Inbox\\Budget", "\\Conversation History",
            "\\Junk Email", "\\Outbox");

    private static final String FOLDER_CODES = "MJPKNQRSTUVW";
    private static final char[] BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final List<String> SERVERS = List.of("BN8PR04MB", "SA1PR04MB", "CH0PR04MB", "DM6PR04MB", "MN2PR04MB");
    private static final List<String> SUBJECTS = List.of("Agenda for Thursday", "Re: Q2 budget review",
            "Draft testimony - comments", "FW: Travel approval", "Re: Coalition call notes", "Weekly status",
            "Re: Board pre-read", "Updated org chart", "Re: Procurement timeline", "Minutes from staff meeting",
            "Re: Grant report due Friday", "Invitation: policy roundtable", "Re: Press inquiry", "Contract redlines");

    private MailboxContent() {
    }

    /**
     * Like real folder ids, a long per-mailbox part and a short per-folder part: the well-known
     * folders differ in one character, others by a hash.
     */
    public static String folderId(User owner, String path) {
        int known = ALL_FOLDERS.indexOf(path);
        char folder = known >= 0 ? FOLDER_CODES.charAt(known) : BASE64[Math.floorMod(path.hashCode(), 64)];
        return "LgAAAAA" + storePart(owner) + mailboxPart(owner) + "AAAAAAE" + folder + "AAAB";
    }

    public static String internetMessageId(User owner, String path, int number) {
        SplittableRandom random = random(owner, path, number);
        String server = Randoms.pick(random, SERVERS) + String.format(Locale.ROOT, "%04d", random.nextInt(10_000));
        return "<" + server + Randoms.hex(random, 12) + "@" + server + ".namprd04.prod.outlook.example>";
    }

    public static MailItem item(User owner, String path, int number) {
        SplittableRandom random = random(owner, path, number);
        String itemId = "RgAAAAA" + storePart(owner) + mailboxPart(owner) + "BwB" + mailboxPart(owner) + "AAAAAAEMAAB"
                + base64(random, 12) + "AAAJ";
        return new MailItem(itemId, internetMessageId(owner, path, number), path, Randoms.pick(random, SUBJECTS),
                Randoms.between(random, 9_000, 480_000));
    }

    /** The part of folder and item ids shared by the whole organization (from the tenant's SID prefix). */
    private static String storePart(User owner) {
        String sid = owner.sid();
        return base64(new SplittableRandom(Randoms.mix(sid.substring(0, sid.lastIndexOf('-')).hashCode())), 23);
    }

    /** The part of folder and item ids that names the mailbox. */
    private static String mailboxPart(User owner) {
        return base64(new SplittableRandom(Randoms.mix(owner.mailboxGuid().hashCode())), 22);
    }

    private static SplittableRandom random(User owner, String path, int number) {
        return new SplittableRandom(Randoms.mix(Randoms.mix(owner.mailboxGuid().hashCode() * 31L + path.hashCode()) + number));
    }

    private static String base64(SplittableRandom random, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BASE64[random.nextInt(64)];
        }
        return new String(out);
    }
}
