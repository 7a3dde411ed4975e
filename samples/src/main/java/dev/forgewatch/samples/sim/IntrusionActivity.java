package dev.forgewatch.samples.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.samples.records.AuditClient;
import dev.forgewatch.samples.records.ExchangeRecords;
import dev.forgewatch.samples.records.FolderRead;
import dev.forgewatch.samples.records.MailboxContent;
import dev.forgewatch.samples.tenant.Randoms;
import dev.forgewatch.samples.tenant.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The intruder's MailItemsAccessed records for one day: per session, a Sync of each folder through
 * REST, then Binds through OWA naming many items at once, all from the session's proxy IP with the
 * actor's application id. The throttling session ends with the IsThrottled record.
 */
final class IntrusionActivity {
    private static final long SALT = 0x1A7E0558L;

    private final Scenario scenario;
    private final ExchangeRecords exchange;
    private final long seed;

    IntrusionActivity(Scenario scenario, ExchangeRecords exchange, long seed) {
        this.scenario = scenario;
        this.exchange = exchange;
        this.seed = seed;
    }

    void emit(int day, Consumer<Activity> out) {
        for (IntrusionSession session : scenario.sessionsOn(day)) {
            session(session, Randoms.stream(seed, SALT, session.target().index(), day), out);
        }
    }

    private void session(IntrusionSession session, SplittableRandom random, Consumer<Activity> out) {
        Actor actor = scenario.actor();
        String ip = session.address().ip();
        AuditClient rest = new AuditClient(ip, actor.appId(), actor.appId(), actor.restClientInfo());
        AuditClient owa = new AuditClient(ip, actor.appId(), actor.appId(), actor.owaClientInfo());
        String sessionId = Randoms.guid(random);
        User target = session.target();
        int messages = (session.day() + 1) * 12 + 30;
        Instant at = session.start();
        for (String folder : session.syncFolders()) {
            at = at.plusSeconds(pace(session, random));
            emit(out, at, exchange.mailItemsAccessed(at, Randoms.guid(random), target, rest, sessionId, "Sync", false,
                    List.of(new FolderRead(folder, List.of()))));
        }
        for (int i = 0; i < session.binds(); i++) {
            at = at.plusSeconds(pace(session, random));
            int items = session.throttles() ? Randoms.between(random, 1, 4) : Randoms.between(random, 10, 30);
            emit(out, at, exchange.mailItemsAccessed(at, Randoms.guid(random), target, owa, sessionId, "Bind", false,
                    reads(target, items, messages, random)));
        }
        if (session.throttles()) {
            Instant throttled = session.throttledAt();
            emit(out, throttled, exchange.mailItemsAccessed(throttled, Randoms.guid(random), target, owa, sessionId, "Bind",
                    true, reads(target, 1, messages, random)));
        }
    }

    /** Items spread over the Inbox and Sent Items, most recent mail and old mail alike. */
    private static List<FolderRead> reads(User target, int items, int messages, SplittableRandom random) {
        List<String> inbox = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            boolean fromInbox = Randoms.chance(random, 0.7);
            String folder = fromInbox ? MailboxContent.INBOX : MailboxContent.SENT_ITEMS;
            (fromInbox ? inbox : sent).add(MailboxContent.internetMessageId(target, folder, random.nextInt(messages)));
        }
        List<FolderRead> reads = new ArrayList<>(2);
        if (!inbox.isEmpty()) {
            reads.add(new FolderRead(MailboxContent.INBOX, inbox));
        }
        if (!sent.isEmpty()) {
            reads.add(new FolderRead(MailboxContent.SENT_ITEMS, sent));
        }
        return reads;
    }

    private static int pace(IntrusionSession session, SplittableRandom random) {
        return session.bindSpacingSeconds() > 0 ? session.bindSpacingSeconds() : Randoms.between(random, 20, 60);
    }

    private static void emit(Consumer<Activity> out, Instant at, ObjectNode record) {
        out.accept(new Activity.AuditRecord(at, ContentType.AUDIT_EXCHANGE, record, true));
    }
}
