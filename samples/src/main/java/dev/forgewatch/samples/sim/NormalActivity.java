package dev.forgewatch.samples.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.samples.records.AuditClient;
import dev.forgewatch.samples.records.AzureAdRecords;
import dev.forgewatch.samples.records.ExchangeRecords;
import dev.forgewatch.samples.records.FolderRead;
import dev.forgewatch.samples.records.MailItem;
import dev.forgewatch.samples.records.MailboxContent;
import dev.forgewatch.samples.records.SignIn;
import dev.forgewatch.samples.tenant.Device;
import dev.forgewatch.samples.tenant.Randoms;
import dev.forgewatch.samples.tenant.User;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One user's ordinary day. A workday opens with an interactive sign-in from the user's one IP,
 * then every client the user has touches the mailbox (so each appears from the first day on):
 * cached-mode Outlook logs in and syncs, other clients refresh their token silently; Binds, Sends,
 * deletes and edits follow until the evening. On weekends some users glance at mail once.
 */
final class NormalActivity {
    /** Messages arriving per workday, used to number what is read and sent. */
    private static final int INBOX_PER_DAY = 12;
    private static final List<String> BIND_FOLDERS = List.of(MailboxContent.INBOX, MailboxContent.INBOX,
            MailboxContent.INBOX, MailboxContent.INBOX, MailboxContent.SENT_ITEMS, MailboxContent.ARCHIVE);

    private final SampleCalendar calendar;
    private final ExchangeRecords exchange;
    private final AzureAdRecords directory;

    NormalActivity(SampleCalendar calendar, ExchangeRecords exchange, AzureAdRecords directory) {
        this.calendar = calendar;
        this.exchange = exchange;
        this.directory = directory;
    }

    void emit(User user, int day, SplittableRandom random, Consumer<Activity> out) {
        if (calendar.workday(day)) {
            workday(user, day, random, out);
        } else if (Randoms.chance(random, 0.3)) {
            weekendGlance(user, day, random, out);
        }
    }

    private void workday(User user, int day, SplittableRandom random, Consumer<Activity> out) {
        Instant start = calendar.at(day, LocalTime.of(7, 30), random.nextInt(120 * 60));
        Instant end = calendar.at(day, LocalTime.of(17, 0), random.nextInt(90 * 60));
        signIn(user, user.primary(), start, true, random, out);

        List<Session> sessions = new ArrayList<>();
        for (Device device : user.devices()) {
            boolean primary = device == user.primary();
            Instant first = primary ? start.plusSeconds(Randoms.between(random, 20, 90))
                    : start.plusSeconds(Randoms.between(random, 10 * 60, 4 * 3600));
            if (!primary) {
                signIn(user, device, first.minusSeconds(Randoms.between(random, 5, 30)), false, random, out);
            }
            Session session = new Session(AuditClient.of(device, user.place().ip()), Randoms.guid(random), first);
            sessions.add(session);
            if (device.profile().cachedMode()) {
                exchange(out, first, exchange.mailboxLogin(first, Randoms.guid(random), user, device, user.place().ip()));
                // Exchange writes one Sync record per folder synchronized
                List<String> synced = Randoms.chance(random, 0.5) ? List.of(MailboxContent.INBOX)
                        : List.of(MailboxContent.INBOX, MailboxContent.SENT_ITEMS);
                Instant at = first;
                for (String folder : synced) {
                    at = at.plusSeconds(Randoms.between(random, 5, 60));
                    exchange(out, at, exchange.mailItemsAccessed(at, Randoms.guid(random), user, session.client(),
                            session.sessionId(), "Sync", false, List.of(new FolderRead(folder, List.of()))));
                }
            }
            // every client reads something every workday, so none is ever "new" after day one
            bind(user, day, session, first.plusSeconds(Randoms.between(random, 30, 300)), random, out);
        }

        // the day's Binds vary by one around the baseline, which includes the one per client above
        int extraBinds = user.bindBaseline() + Randoms.between(random, -1, 1) - sessions.size();
        for (int i = 0; i < extraBinds; i++) {
            Session session = pickSession(sessions, random);
            bind(user, day, session, between(session.first(), end, random), random, out);
        }
        int sends = Randoms.between(random, 0, 2);
        for (int i = 0; i < sends; i++) {
            Session session = pickSession(sessions, random);
            Instant at = between(session.first(), end, random);
            MailItem item = MailboxContent.item(user, MailboxContent.SENT_ITEMS, day * 4 + i);
            exchange(out, at, exchange.send(at, Randoms.guid(random), user, session.client(), session.sessionId(), item));
        }
        tidyUp(user, day, sessions, end, random, out);
    }

    /** Deleting read mail, emptying some of Deleted Items, editing a draft. */
    private void tidyUp(User user, int day, List<Session> sessions, Instant end, SplittableRandom random,
                        Consumer<Activity> out) {
        int moves = Randoms.between(random, 0, 1);
        for (int i = 0; i < moves; i++) {
            Session session = pickSession(sessions, random);
            Instant at = between(session.first(), end, random);
            List<MailItem> items = new ArrayList<>();
            int count = Randoms.between(random, 1, 3);
            for (int k = 0; k < count; k++) {
                items.add(MailboxContent.item(user, MailboxContent.INBOX, recentMessage(day, random)));
            }
            exchange(out, at, exchange.moveToDeletedItems(at, Randoms.guid(random), user, session.client(),
                    session.sessionId(), items));
        }
        if (Randoms.chance(random, 0.15)) {
            Session session = pickSession(sessions, random);
            Instant at = between(session.first(), end, random);
            MailItem item = MailboxContent.item(user, MailboxContent.DELETED_ITEMS, recentMessage(day, random));
            exchange(out, at, exchange.softDelete(at, Randoms.guid(random), user, session.client(), session.sessionId(),
                    List.of(item)));
        }
        if (Randoms.chance(random, 0.15)) {
            Session session = pickSession(sessions, random);
            Instant at = between(session.first(), end, random);
            MailItem draft = MailboxContent.item(user, MailboxContent.DRAFTS, day);
            exchange(out, at, exchange.update(at, Randoms.guid(random), user, session.client(), session.sessionId(), draft));
        }
    }

    /** One check of mail on the phone (or the usual client for users without one). */
    private void weekendGlance(User user, int day, SplittableRandom random, Consumer<Activity> out) {
        Device device = user.devices().stream().filter(d -> d.profile().mobile()).findFirst().orElse(user.primary());
        Instant start = calendar.at(day, LocalTime.of(9, 0), random.nextInt(8 * 3600));
        signIn(user, device, start, true, random, out);
        Session session = new Session(AuditClient.of(device, user.place().ip()), Randoms.guid(random),
                start.plusSeconds(Randoms.between(random, 15, 90)));
        int binds = Randoms.between(random, 1, 2);
        for (int i = 0; i < binds; i++) {
            bind(user, day, session, session.first().plusSeconds(Randoms.between(random, 0, 40 * 60)), random, out);
        }
    }

    private void bind(User user, int day, Session session, Instant at, SplittableRandom random, Consumer<Activity> out) {
        String folder = Randoms.pick(random, BIND_FOLDERS);
        int count = Randoms.between(random, 1, 2);
        List<String> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(MailboxContent.internetMessageId(user, folder, recentMessage(day, random)));
        }
        exchange(out, at, exchange.mailItemsAccessed(at, Randoms.guid(random), user, session.client(),
                session.sessionId(), "Bind", false, List.of(new FolderRead(folder, messages))));
    }

    private void signIn(User user, Device device, Instant at, boolean interactive, SplittableRandom random,
                        Consumer<Activity> out) {
        SignIn signIn = new SignIn(Randoms.guid(random), at.plusMillis(random.nextInt(1000)), user, device, interactive,
                Randoms.guid(random));
        out.accept(new Activity.SignInActivity(signIn));
        if (interactive) {
            Instant logged = at.plusSeconds(Randoms.between(random, 1, 4));
            out.accept(new Activity.AuditRecord(logged, ContentType.AUDIT_AZURE_ACTIVE_DIRECTORY,
                    directory.userLoggedIn(signIn, Randoms.guid(random)), false));
        }
    }

    private static void exchange(Consumer<Activity> out, Instant at, ObjectNode record) {
        out.accept(new Activity.AuditRecord(at, ContentType.AUDIT_EXCHANGE, record, false));
    }

    /** The primary client does most of the work. */
    private static Session pickSession(List<Session> sessions, SplittableRandom random) {
        return sessions.size() == 1 || Randoms.chance(random, 0.7) ? sessions.get(0) : sessions.get(1 + random.nextInt(sessions.size() - 1));
    }

    private static int recentMessage(int day, SplittableRandom random) {
        return day * INBOX_PER_DAY + random.nextInt(30);
    }

    private static Instant between(Instant from, Instant to, SplittableRandom random) {
        long span = Math.max(60, to.getEpochSecond() - from.getEpochSecond());
        return from.plusSeconds(30 + (long) (random.nextDouble() * span));
    }

    /** A client's audit identity and Exchange session for the day, and when it first touches the mailbox. */
    private record Session(AuditClient client, String sessionId, Instant first) {
    }
}
