package dev.forgewatch.samples.sim;

import dev.forgewatch.common.secret.Fingerprints;
import dev.forgewatch.samples.records.SigningKeys;
import dev.forgewatch.samples.records.TokenTraffic;
import dev.forgewatch.samples.tenant.ClientProfile;
import dev.forgewatch.samples.tenant.Device;
import dev.forgewatch.samples.tenant.Randoms;
import dev.forgewatch.samples.tenant.User;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Requests that carry bearer tokens. Normal: each workday a user's desktop and web clients pass the
 * mail edge proxy with a fresh Entra token for Outlook (signed, per its header, by an organizations
 * key Microsoft published), and every third user opens the portal with a session token of the
 * portal's own. Planted: the intruder presents one forged Outlook token, header naming the
 * Storm-0558 key, first to OWA's {@code GetAccessTokenForResource} (which minted fresh tokens from
 * an old one) and then to read conversations, from each session's proxy IP, on every intrusion day:
 * the same token fingerprint from many IPs, long after it expired. On the first intrusion day the
 * intruder also tries a forged token, with a real (forger's) signature, on the portal's API.
 */
final class TokenActivity {
    private static final long NORMAL_SALT = 0x70CE11L;
    private static final long INTRUSION_SALT = 0x70CE0558L;
    /** Entra access tokens live 60 to 90 minutes by default. */
    private static final int MIN_LIFETIME = 60 * 60;
    private static final int MAX_LIFETIME = 90 * 60;

    private final SampleCalendar calendar;
    private final Scenario scenario;
    private final TokenTraffic traffic;
    private final SigningKeys keys;
    private final long seed;

    TokenActivity(SampleCalendar calendar, Scenario scenario, TokenTraffic traffic, SigningKeys keys, long seed) {
        this.calendar = calendar;
        this.scenario = scenario;
        this.traffic = traffic;
        this.keys = keys;
        this.seed = seed;
    }

    void normal(User user, int day, Consumer<Activity> out) {
        if (!calendar.workday(day)) {
            return;
        }
        SplittableRandom random = Randoms.stream(seed, NORMAL_SALT, user.index(), day);
        Instant start = calendar.at(day, LocalTime.of(8, 0), random.nextInt(90 * 60));
        for (Device device : user.devices()) {
            if (device.profile() == ClientProfile.OUTLOOK_DESKTOP || device.profile() == ClientProfile.OWA) {
                edge(user, device, start.plusSeconds(Randoms.between(random, 60, 6 * 3600)), random, out);
            }
        }
        if (user.index() % 3 == 0) {
            Instant issued = start.plusSeconds(Randoms.between(random, 30 * 60, 3 * 3600));
            String session = keys.portalToken(TokenTraffic.PORTAL_KID, traffic.portalSession(user.objectId(), user.upn(), issued));
            String userAgent = user.primary().userAgent();
            out.accept(new Activity.PortalRequest(issued, traffic.portalLine(issued, user.place().ip(), "GET", "/api/v1/timesheets",
                    200, Randoms.between(random, 800, 4000), userAgent, session), false));
            Instant later = issued.plusSeconds(Randoms.between(random, 600, 3 * 3600));
            out.accept(new Activity.PortalRequest(later, traffic.portalLine(later, user.place().ip(), "POST", "/api/v1/timesheets/entries",
                    201, Randoms.between(random, 100, 400), userAgent, session), false));
        }
    }

    private void edge(User user, Device device, Instant at, SplittableRandom random, Consumer<Activity> out) {
        Instant issued = at.minusSeconds(Randoms.between(random, 30, 50 * 60));
        String path = device.profile() == ClientProfile.OWA ? "/owa/service.svc?action=GetItem&app=Mail"
                : "/mapi/emsmdb/?MailboxId=" + user.mailboxGuid() + "@" + user.upn().substring(user.upn().indexOf('@') + 1);
        var claims = traffic.accessToken(TokenTraffic.OUTLOOK_AUDIENCE, device.profile().signInAppId(), user.upn(), user.objectId(),
                issued, Randoms.between(random, MIN_LIFETIME, MAX_LIFETIME), "Mail.ReadWrite Mail.Send");
        out.accept(new Activity.EdgeRequest(at, traffic.edgeRequest(at, Randoms.guid(random), user.place().ip(), device.userAgent(),
                user.upn(), "POST", path, 200, Randoms.between(random, 900, 60_000),
                traffic.reducedToken(Randoms.hex(random, 64), TokenTraffic.ORGANIZATIONS_KID, claims)), false));
    }

    void intrusion(int day, Consumer<Activity> out) {
        List<IntrusionSession> sessions = scenario.sessionsOn(day);
        if (sessions.isEmpty()) {
            return;
        }
        IntrusionSession first = scenario.sessions().get(0);
        Actor actor = scenario.actor();
        User victim = first.target();
        // One token, minted once before the first session and replayed ever after.
        Instant minted = first.start().minusSeconds(20 * 60);
        var forgedClaims = new com.nimbusds.jwt.JWTClaimsSet.Builder(traffic.accessToken(TokenTraffic.OUTLOOK_AUDIENCE, actor.appId(),
                victim.upn(), victim.objectId(), minted, MIN_LIFETIME, "Mail.Read"))
                .claim("uti", IntrusionActivity.forgedToken(scenario, seed).uniqueTokenId()).build();
        String forgedFingerprint = Fingerprints.sha256Hex(keys.forgedToken(TokenTraffic.STORM_0558_KID, forgedClaims));
        for (IntrusionSession session : sessions) {
            SplittableRandom random = Randoms.stream(seed, INTRUSION_SALT, session.target().index(), day);
            Instant at = session.start().minusSeconds(Randoms.between(random, 20, 90));
            String ip = session.address().ip();
            for (String action : List.of("GetAccessTokenForResource&app=Mail", "GetConversationItems", "GetConversationItems")) {
                out.accept(new Activity.EdgeRequest(at, traffic.edgeRequest(at, Randoms.guid(random), ip, Actor.PUBLISHED_USER_AGENT,
                        victim.upn(), "POST", "/owa/service.svc?action=" + action, 200, Randoms.between(random, 1500, 90_000),
                        traffic.reducedToken(forgedFingerprint, TokenTraffic.STORM_0558_KID, forgedClaims)), true));
                at = at.plusSeconds(Randoms.between(random, 2, 9));
            }
        }
        if (day == first.day()) {
            SplittableRandom random = Randoms.stream(seed, INTRUSION_SALT, -1, day);
            Instant at = first.start().minusSeconds(40 * 60);
            var portalClaims = traffic.accessToken(traffic.portalAudience(), actor.appId(), victim.upn(), victim.objectId(),
                    at.minusSeconds(60), MIN_LIFETIME, "user_impersonation");
            String forged = keys.forgedToken(TokenTraffic.STORM_0558_KID, portalClaims);
            String ip = first.address().ip();
            for (String path : List.of("/api/v1/me", "/api/v1/mail/export?mailbox=" + victim.upn())) {
                out.accept(new Activity.PortalRequest(at, traffic.portalLine(at, ip, "GET", path, 200,
                        Randoms.between(random, 300, 250_000), Actor.PUBLISHED_USER_AGENT, forged), true));
                at = at.plusSeconds(Randoms.between(random, 3, 20));
            }
        }
    }
}
