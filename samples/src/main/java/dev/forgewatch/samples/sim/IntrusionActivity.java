package dev.forgewatch.samples.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.samples.records.AccessTokens;
import dev.forgewatch.samples.records.AuditClient;
import dev.forgewatch.samples.records.ExchangeRecords;
import dev.forgewatch.samples.records.FolderRead;
import dev.forgewatch.samples.records.IssuedToken;
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
    private static final long QUIET_SALT = 0x0B1E70L;
    private static final long FORGED_SALT = 0xF0A6EDL;

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
        for (QuietIntrusion.Sitting sitting : scenario.quiet().sittingsOn(day)) {
            quiet(sitting, Randoms.stream(seed, QUIET_SALT, scenario.quiet().target().index(), day), out);
        }
    }

    /**
     * The one forged Outlook token the actor replays: minted twenty minutes before the first session
     * (its {@code uti} and {@code iat}), no Entra session behind it. The REST client reads with it
     * directly; OWA's GetAccessTokenForResource mints a fresh token from it for each session's Binds.
     */
    static IssuedToken forgedToken(Scenario scenario, long seed) {
        Instant minted = scenario.sessions().get(0).start().minusSeconds(20 * 60);
        return new IssuedToken(AccessTokens.uniqueTokenId(Randoms.stream(seed, FORGED_SALT, 0, 0)), minted,
                minted.plusSeconds(AccessTokens.MIN_LIFETIME), null);
    }

    /** The quiet intruder: the owner's own web client, a residential address, a forged token per evening. */
    private void quiet(QuietIntrusion.Sitting sitting, SplittableRandom random, Consumer<Activity> out) {
        User target = scenario.quiet().target();
        AuditClient owa = AuditClient.of(target.primary(), scenario.quiet().ip());
        String sessionId = Randoms.guid(random);
        IssuedToken token = new IssuedToken(AccessTokens.uniqueTokenId(random), sitting.start().minusSeconds(Randoms.between(random, 120, 600)),
                sitting.start().plusSeconds(3600), Randoms.guid(random));
        int messages = (sitting.day() + 1) * 12 + 30;
        Instant at = sitting.start();
        for (int i = 0; i < sitting.binds(); i++) {
            at = at.plusSeconds(Randoms.between(random, 40, 120));
            emit(out, at, AccessTokens.appAccessContext(exchange.mailItemsAccessed(at, Randoms.guid(random), target, owa, sessionId,
                    "Bind", false, reads(target, Randoms.between(random, 1, 3), messages, random)), token));
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
        IssuedToken forged = forgedToken(scenario, seed);
        // what OWA's GetAccessTokenForResource minted from the forged token just before the session
        SplittableRandom minting = Randoms.stream(seed, FORGED_SALT, target.index(), session.day());
        IssuedToken minted = new IssuedToken(AccessTokens.uniqueTokenId(minting), session.start().minusSeconds(Randoms.between(minting, 20, 90)),
                session.start().plusSeconds(AccessTokens.MIN_LIFETIME), null);
        for (String folder : session.syncFolders()) {
            at = at.plusSeconds(pace(session, random));
            emit(out, at, AccessTokens.appAccessContext(exchange.mailItemsAccessed(at, Randoms.guid(random), target, rest, sessionId,
                    "Sync", false, List.of(new FolderRead(folder, List.of()))), forged));
        }
        for (int i = 0; i < session.binds(); i++) {
            at = at.plusSeconds(pace(session, random));
            int items = session.throttles() ? Randoms.between(random, 1, 4) : Randoms.between(random, 10, 30);
            emit(out, at, AccessTokens.appAccessContext(exchange.mailItemsAccessed(at, Randoms.guid(random), target, owa, sessionId,
                    "Bind", false, reads(target, items, messages, random)), minted));
        }
        if (session.throttles()) {
            Instant throttled = session.throttledAt();
            emit(out, throttled, AccessTokens.appAccessContext(exchange.mailItemsAccessed(throttled, Randoms.guid(random), target, owa,
                    sessionId, "Bind", true, reads(target, 1, messages, random)), minted));
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
