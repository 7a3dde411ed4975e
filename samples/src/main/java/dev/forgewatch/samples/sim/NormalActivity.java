package dev.forgewatch.samples.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.samples.records.AccessTokens;
import dev.forgewatch.samples.records.AuditClient;
import dev.forgewatch.samples.records.AzureAdRecords;
import dev.forgewatch.samples.records.ExchangeRecords;
import dev.forgewatch.samples.records.FolderRead;
import dev.forgewatch.samples.records.IssuedToken;
import dev.forgewatch.samples.records.MailItem;
import dev.forgewatch.samples.records.MailboxContent;
import dev.forgewatch.samples.records.SignIn;
import dev.forgewatch.samples.tenant.Device;
import dev.forgewatch.samples.tenant.Randoms;
import dev.forgewatch.samples.tenant.User;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One user's ordinary day. A workday opens with an interactive sign-in from the user's one IP (a new
 * Entra session), then every client the user has touches the mailbox (so each appears from the first
 * day on): cached-mode Outlook logs in and syncs, other clients sign in silently in their own
 * long-lived session; Binds, Sends, deletes and edits follow until the evening. Every Exchange record
 * carries the token it was made with (AppAccessContext); a client whose token is about to expire
 * refreshes it with a non-interactive sign-in first, so every token a user's mail was read with was
 * issued by a sign-in. Roaming users move from the office to home at midday and read on the phone
 * over a mobile network, their clients refreshing tokens hourly from wherever they are. Delegates
 * also read the shared mailbox. On weekends some users glance at mail once.
 */
final class NormalActivity {
    /** Messages arriving per workday, used to number what is read and sent. */
    private static final int INBOX_PER_DAY = 12;
    private static final List<String> BIND_FOLDERS = List.of(MailboxContent.INBOX, MailboxContent.INBOX,
            MailboxContent.INBOX, MailboxContent.INBOX, MailboxContent.SENT_ITEMS, MailboxContent.ARCHIVE);
    /** A roaming user's laptop leaves the office at this local time. */
    private static final LocalTime ROAMING_HOME_FROM = LocalTime.of(12, 30);

    private final SampleCalendar calendar;
    private final ExchangeRecords exchange;
    private final AzureAdRecords directory;
    private final TenantPatterns patterns;

    NormalActivity(SampleCalendar calendar, ExchangeRecords exchange, AzureAdRecords directory, TenantPatterns patterns) {
        this.calendar = calendar;
        this.exchange = exchange;
        this.directory = directory;
        this.patterns = patterns;
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
        Instant home = calendar.at(day, ROAMING_HOME_FROM, 0);
        String todaysSession = Randoms.guid(random);

        List<Session> sessions = new ArrayList<>();
        for (Device device : user.devices()) {
            boolean primary = device == user.primary();
            Instant first = primary ? start.plusSeconds(Randoms.between(random, 20, 90))
                    : start.plusSeconds(Randoms.between(random, 10 * 60, 4 * 3600));
            Session session = new Session(user, device, Randoms.guid(random), primary ? todaysSession : deviceSession(device),
                    first, home);
            sessions.add(session);
            if (primary) {
                session.signIn(start, true);
            } else {
                session.signIn(first.minusSeconds(Randoms.between(random, 5, 30)), false);
            }
            if (device.profile().cachedMode()) {
                session.add(first, exchange.mailboxLogin(first, Randoms.guid(random), user, device, session.ipAt(first)));
                // Exchange writes one Sync record per folder synchronized
                List<String> synced = Randoms.chance(random, 0.5) ? List.of(MailboxContent.INBOX)
                        : List.of(MailboxContent.INBOX, MailboxContent.SENT_ITEMS);
                Instant at = first;
                for (String folder : synced) {
                    at = at.plusSeconds(Randoms.between(random, 5, 60));
                    session.add(at, exchange.mailItemsAccessed(at, Randoms.guid(random), user, session.client(at),
                            session.exchangeSession(), "Sync", false, List.of(new FolderRead(folder, List.of()))));
                }
            }
            // every client reads something every workday, so none is ever "new" after day one
            bind(user, day, session, first.plusSeconds(Randoms.between(random, 30, 300)), random);
            if (patterns.roaming(user)) {
                // clients that stay open refresh their token about hourly, wherever the user is
                for (Instant at = first.plusSeconds(Randoms.between(random, 55 * 60, 65 * 60)); at.isBefore(end);
                     at = at.plusSeconds(Randoms.between(random, 55 * 60, 65 * 60))) {
                    session.refreshAt(at);
                }
            }
        }

        // the day's Binds vary by one around the baseline, which includes the one per client above
        int extraBinds = user.bindBaseline() + Randoms.between(random, -1, 1) - sessions.size();
        for (int i = 0; i < extraBinds; i++) {
            Session session = pickSession(sessions, random);
            bind(user, day, session, between(session.first(), end, random), random);
        }
        int sends = Randoms.between(random, 0, 2);
        for (int i = 0; i < sends; i++) {
            Session session = pickSession(sessions, random);
            Instant at = between(session.first(), end, random);
            MailItem item = MailboxContent.item(user, MailboxContent.SENT_ITEMS, day * 4 + i);
            session.add(at, exchange.send(at, Randoms.guid(random), user, session.client(at), session.exchangeSession(), item));
        }
        tidyUp(user, day, sessions, end, random);
        if (patterns.delegate(user)) {
            delegateReads(user, day, sessions.get(0), end, random);
        }
        for (Session session : sessions) {
            session.flush(random, out);
        }
    }

    /** A delegate reads the shared mailbox's Inbox with their own client (LogonType 2). */
    private void delegateReads(User user, int day, Session session, Instant end, SplittableRandom random) {
        User shared = patterns.sharedMailbox();
        int reads = Randoms.between(random, 2, 3);
        for (int i = 0; i < reads; i++) {
            Instant at = between(session.first(), end, random);
            List<String> messages = List.of(MailboxContent.internetMessageId(shared, MailboxContent.INBOX, recentMessage(day, random)));
            ObjectNode record = exchange.mailItemsAccessed(at, Randoms.guid(random), shared, session.client(at),
                    session.exchangeSession(), "Bind", false, List.of(new FolderRead(MailboxContent.INBOX, messages)));
            record.put("UserId", user.upn());
            record.put("InternalLogonType", 2);
            record.put("LogonType", 2);
            record.put("LogonUserSid", user.sid());
            session.add(at, record);
        }
    }

    /** Deleting read mail, emptying some of Deleted Items, editing a draft. */
    private void tidyUp(User user, int day, List<Session> sessions, Instant end, SplittableRandom random) {
        int moves = Randoms.between(random, 0, 1);
        for (int i = 0; i < moves; i++) {
            Session session = pickSession(sessions, random);
            Instant at = between(session.first(), end, random);
            List<MailItem> items = new ArrayList<>();
            int count = Randoms.between(random, 1, 3);
            for (int k = 0; k < count; k++) {
                items.add(MailboxContent.item(user, MailboxContent.INBOX, recentMessage(day, random)));
            }
            session.add(at, exchange.moveToDeletedItems(at, Randoms.guid(random), user, session.client(at),
                    session.exchangeSession(), items));
        }
        if (Randoms.chance(random, 0.15)) {
            Session session = pickSession(sessions, random);
            Instant at = between(session.first(), end, random);
            MailItem item = MailboxContent.item(user, MailboxContent.DELETED_ITEMS, recentMessage(day, random));
            session.add(at, exchange.softDelete(at, Randoms.guid(random), user, session.client(at), session.exchangeSession(),
                    List.of(item)));
        }
        if (Randoms.chance(random, 0.15)) {
            Session session = pickSession(sessions, random);
            Instant at = between(session.first(), end, random);
            MailItem draft = MailboxContent.item(user, MailboxContent.DRAFTS, day);
            session.add(at, exchange.update(at, Randoms.guid(random), user, session.client(at), session.exchangeSession(), draft));
        }
    }

    /** One check of mail on the phone (or the usual client for users without one). */
    private void weekendGlance(User user, int day, SplittableRandom random, Consumer<Activity> out) {
        Device device = user.devices().stream().filter(d -> d.profile().mobile()).findFirst().orElse(user.primary());
        Instant start = calendar.at(day, LocalTime.of(9, 0), random.nextInt(8 * 3600));
        Session session = new Session(user, device, Randoms.guid(random), deviceSession(device),
                start.plusSeconds(Randoms.between(random, 15, 90)), Instant.MAX);
        session.signIn(start, true);
        int binds = Randoms.between(random, 1, 2);
        for (int i = 0; i < binds; i++) {
            bind(user, day, session, session.first().plusSeconds(Randoms.between(random, 0, 40 * 60)), random);
        }
        session.flush(random, out);
    }

    private void bind(User user, int day, Session session, Instant at, SplittableRandom random) {
        String folder = Randoms.pick(random, BIND_FOLDERS);
        int count = Randoms.between(random, 1, 2);
        List<String> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(MailboxContent.internetMessageId(user, folder, recentMessage(day, random)));
        }
        session.add(at, exchange.mailItemsAccessed(at, Randoms.guid(random), user, session.client(at),
                session.exchangeSession(), "Bind", false, List.of(new FolderRead(folder, messages))));
    }

    /** A phone's or secondary client's Entra session lasts the whole period: one id per device. */
    private static String deviceSession(Device device) {
        return Randoms.guid(new SplittableRandom(Randoms.mix(device.deviceId().hashCode() * 0x9E3779B97F4A7C15L)));
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

    /**
     * One client's day: its Exchange session, its Entra session, and the records and token
     * refreshes it makes, written in time order once the day is planned so each record carries the
     * token valid at its time.
     */
    private final class Session {
        private final User user;
        private final Device device;
        private final String exchangeSession;
        private final String entraSession;
        private final Instant first;
        private final Instant homeFrom;
        private final List<Step> steps = new ArrayList<>();
        private Instant signedInAt;
        private boolean interactive;

        Session(User user, Device device, String exchangeSession, String entraSession, Instant first, Instant homeFrom) {
            this.user = user;
            this.device = device;
            this.exchangeSession = exchangeSession;
            this.entraSession = entraSession;
            this.first = first;
            this.homeFrom = homeFrom;
        }

        String exchangeSession() {
            return exchangeSession;
        }

        Instant first() {
            return first;
        }

        /** Where the client is: the user's one place, or for a roaming user the office, home or a mobile network. */
        String ipAt(Instant time) {
            if (!patterns.roaming(user)) {
                return user.place().ip();
            }
            TenantPatterns.Roamer roamer = patterns.roamer(user);
            if (device.profile().mobile()) {
                return roamer.mobile().ip();
            }
            return time.isBefore(homeFrom) ? user.place().ip() : roamer.home().ip();
        }

        AuditClient client(Instant time) {
            return AuditClient.of(device, ipAt(time));
        }

        /** The sign-in that opens the client's day (interactive for the day's first, else silent). */
        void signIn(Instant at, boolean interactive) {
            this.signedInAt = at;
            this.interactive = interactive;
        }

        void add(Instant at, ObjectNode record) {
            steps.add(new Step(at, record));
        }

        void refreshAt(Instant at) {
            steps.add(new Step(at, null));
        }

        /** Signs in, then writes every record in time order with the token valid then, refreshing it as it expires. */
        void flush(SplittableRandom random, Consumer<Activity> out) {
            IssuedToken token = issue(signedInAt, interactive, random, out);
            steps.sort(Comparator.comparing(Step::at));
            for (Step step : steps) {
                if (step.record() == null || !token.usableAt(step.at(), AccessTokens.refreshMargin())) {
                    Instant at = step.at().minusSeconds(Randoms.between(random, 2, 25));
                    token = issue(at.isAfter(signedInAt) ? at : signedInAt.plusSeconds(1), false, random, out);
                }
                if (step.record() != null) {
                    out.accept(new Activity.AuditRecord(step.at(), ContentType.AUDIT_EXCHANGE,
                            AccessTokens.appAccessContext(step.record(), token), false));
                }
            }
        }

        private IssuedToken issue(Instant at, boolean interactive, SplittableRandom random, Consumer<Activity> out) {
            Instant time = at.plusMillis(random.nextInt(1000));
            IssuedToken token = AccessTokens.issue(random, time, entraSession);
            SignIn signIn = new SignIn(Randoms.guid(random), time, user, device, interactive, Randoms.guid(random), ipAt(time),
                    entraSession, token.uniqueTokenId());
            out.accept(new Activity.SignInActivity(signIn));
            if (interactive) {
                Instant logged = at.plusSeconds(Randoms.between(random, 1, 4));
                out.accept(new Activity.AuditRecord(logged, ContentType.AUDIT_AZURE_ACTIVE_DIRECTORY,
                        directory.userLoggedIn(signIn, Randoms.guid(random)), false));
            }
            return token;
        }
    }

    /** A record to write at a time, or (no record) a token refresh the client makes on its own. */
    private record Step(Instant at, ObjectNode record) {
    }
}
