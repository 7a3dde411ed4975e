package dev.forgewatch.samples.sim;

import dev.forgewatch.samples.records.MailboxContent;
import dev.forgewatch.samples.records.TenantApp;
import dev.forgewatch.samples.tenant.ClientProfile;
import dev.forgewatch.samples.tenant.Place;
import dev.forgewatch.samples.tenant.Randoms;
import dev.forgewatch.samples.tenant.Tenant;
import dev.forgewatch.samples.tenant.User;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plans the planted scenario from the seed. The intruder works Storm-0558's published hours
 * (Monday to Friday, 00:00-09:00 UTC, the tenant's night), starts on the tenth day of a 21-day
 * period, reads every target on its first day with a whole-mailbox Sync, then comes back to a few
 * of them each workday; on its third day it reads one mailbox until Exchange throttles auditing.
 */
public final class ScenarioPlanner {
    public static final int TARGETS = 5;
    public static final int LICENCE_GAP_MAILBOXES = 3;
    /** Exchange throttles after more than 1,000 MailItemsAccessed records in 24 hours. */
    public static final int THROTTLE_BINDS = 1_000;
    private static final int THROTTLE_SPACING_SECONDS = 15;
    private static final long SALT = 0x5CE7A410L;
    private static final long PATTERNS_SALT = 0x7E1A47L;
    private static final long QUIET_SALT = 0x0B1E7L;

    private ScenarioPlanner() {
    }

    public static Scenario plan(Tenant tenant, SampleCalendar calendar, long seed) {
        SplittableRandom random = Randoms.stream(seed, SALT, 0, 0);
        Actor actor = Actor.storm0558(Randoms.guid(random));
        List<User> targets = pickTargets(tenant, random);
        List<User> licenceGap = pickLicenceGap(tenant, random);
        List<IntrusionSession> sessions = new ArrayList<>();
        int intrusionDay = 0;
        for (int day = firstIntrusionDay(calendar); day < calendar.days(); day++) {
            if (!calendar.workday(day)) {
                continue;
            }
            sessions.addAll(sitting(calendar, day, intrusionDay, targets, actor, random));
            intrusionDay++;
        }
        TenantPatterns patterns = patterns(tenant, calendar, seed, targets, licenceGap);
        QuietIntrusion quiet = quiet(tenant, calendar, seed, targets, licenceGap, patterns);
        return new Scenario(actor, targets, licenceGap, sessions, quiet, patterns);
    }

    /**
     * The backup app, the helpdesk automation, the shared mailbox and its delegates, the service
     * account, the roaming users and the sign-in export gap; from random streams of their own, so
     * the intrusion's facts do not depend on them.
     */
    static TenantPatterns patterns(Tenant tenant, SampleCalendar calendar, long seed, List<User> targets, List<User> licenceGap) {
        SplittableRandom random = Randoms.stream(seed, PATTERNS_SALT, 0, 0);
        TenantApp backup = new TenantApp(Randoms.guid(random), Randoms.guid(random), "Fabrikam Mail Archive", Randoms.guid(random));
        TenantApp automation = new TenantApp(Randoms.guid(random), Randoms.guid(random), "fabrikam-helpdesk-triage", "");
        TenantApp crm = new TenantApp(Randoms.guid(random), Randoms.guid(random), "Fabrikam CRM Mail Sync", "");
        User any = tenant.users().get(0);
        String sidPrefix = any.sid().substring(0, any.sid().lastIndexOf('-'));
        Place office = new Place("198.51.100.10", "Washington", "District of Columbia", "US", 38.9, -77.03);
        User shared = account(tenant, random, 10_000, "helpdesk", "Fabrikam Helpdesk", "Shared mailbox", sidPrefix, office);
        Place datacenter = new Place("198.51.100.40", "Washington", "District of Columbia", "US", 38.9, -77.03);
        User service = account(tenant, random, 10_001, "svc-crm", "CRM Service Account", "Service account", sidPrefix, datacenter);
        List<User> ordinary = tenant.users().stream()
                .filter(user -> !user.senior() && !targets.contains(user) && !licenceGap.contains(user)).toList();
        List<User> desktopWithPhone = ordinary.stream()
                .filter(user -> user.primary().profile() == ClientProfile.OUTLOOK_DESKTOP && user.devices().size() > 1
                        && user.place().ip().startsWith("198.51.100."))
                .toList();
        List<User> shuffled = shuffled(desktopWithPhone, random);
        List<User> delegates = new ArrayList<>(shuffled.subList(0, 3));
        delegates.sort(Comparator.comparingInt(User::index));
        List<TenantPatterns.Roamer> roamers = new ArrayList<>();
        for (User user : shuffled.subList(3, 5)) {
            Place home = new Place("192.0.2." + (60 + user.index() % 40), "Arlington", "Virginia", "US", 38.88, -77.1);
            Place mobile = new Place("198.51.100." + (200 + user.index() % 40), "Washington", "District of Columbia", "US", 38.9, -77.03);
            roamers.add(new TenantPatterns.Roamer(user, home, mobile));
        }
        roamers.sort(Comparator.comparingInt(roamer -> roamer.user().index()));
        // a weekday hour in the tenant's morning, before the intrusion starts
        int gapDay = 3;
        Instant gapStart = calendar.atUtc(gapDay, LocalTime.of(14, 0), 0);
        return new TenantPatterns(backup, "198.51.100.45", automation, "203.0.113.5", shared, delegates, service, crm,
                datacenter.ip(), roamers, gapStart, gapStart.plusSeconds(3600));
    }

    /**
     * The quiet intruder's victim works with Outlook on the web only; three evenings after the loud
     * intrusion started, a few Binds each, from a residential address nobody else uses.
     */
    static QuietIntrusion quiet(Tenant tenant, SampleCalendar calendar, long seed, List<User> targets, List<User> licenceGap,
                                TenantPatterns patterns) {
        SplittableRandom random = Randoms.stream(seed, QUIET_SALT, 0, 0);
        List<User> candidates = tenant.users().stream()
                .filter(user -> !user.senior() && !targets.contains(user) && !licenceGap.contains(user)
                        && !patterns.delegate(user) && !patterns.roaming(user)
                        && user.primary().profile() == ClientProfile.OWA && user.devices().size() == 1)
                .toList();
        User target = Randoms.pick(random, candidates);
        List<QuietIntrusion.Sitting> sittings = new ArrayList<>();
        int first = Math.max(1, calendar.days() * 11 / 21);
        for (int day = first, count = 0; day < calendar.days() && count < 3; day++) {
            if (!calendar.workday(day)) {
                continue;
            }
            if (count == 0 || Randoms.chance(random, 0.6)) {
                Instant start = calendar.at(day, LocalTime.of(18, 45), random.nextInt(60 * 60));
                sittings.add(new QuietIntrusion.Sitting(day, start, Randoms.between(random, 5, 9)));
                count++;
            }
        }
        return new QuietIntrusion(target, "192.0.2.187", sittings);
    }

    private static User account(Tenant tenant, SplittableRandom random, int index, String local, String displayName,
                                String title, String sidPrefix, Place place) {
        return new User(index, local + "@" + tenant.domain(), displayName, title, false, Randoms.guid(random),
                "100320" + Randoms.hex(random, 10), Randoms.guid(random), sidPrefix + "-" + (5000 + index % 1000),
                "SA1PR04MB" + String.format(java.util.Locale.ROOT, "%04d", random.nextInt(10_000)), place, List.of(), 0);
    }

    /** Day 9 of 21 (Wednesday 24 May 2023 with the default start), scaled for other lengths. */
    static int firstIntrusionDay(SampleCalendar calendar) {
        return Math.max(1, calendar.days() * 9 / 21);
    }

    /** One night's work: sessions one after another, all through one proxy IP active that day. */
    private static List<IntrusionSession> sitting(SampleCalendar calendar, int day, int intrusionDay, List<User> targets,
                                                  Actor actor, SplittableRandom random) {
        List<IocAddress> active = actor.addresses().stream().filter(a -> a.activeOn(calendar.date(day))).toList();
        IocAddress address = Randoms.pick(random, active);
        List<IntrusionSession> sessions = new ArrayList<>();
        Instant next = calendar.atUtc(day, LocalTime.of(0, 20), random.nextInt(45 * 60));
        for (User target : visited(targets, intrusionDay, random)) {
            IntrusionSession session;
            if (intrusionDay == 2 && target.equals(targets.get(0))) {
                session = new IntrusionSession(target, day, next, address, List.of(), THROTTLE_BINDS,
                        THROTTLE_SPACING_SECONDS, true);
                next = session.throttledAt();
            } else {
                List<String> folders = intrusionDay == 0 ? MailboxContent.ALL_FOLDERS
                        : List.of(MailboxContent.INBOX, MailboxContent.SENT_ITEMS);
                int binds = intrusionDay == 0 ? Randoms.between(random, 25, 40) : Randoms.between(random, 8, 20);
                session = new IntrusionSession(target, day, next, address, folders, binds, 0, false);
                // a human-paced session: about 40 seconds per Sync or Bind
                next = next.plusSeconds((folders.size() + binds) * 40L);
            }
            sessions.add(session);
            next = next.plusSeconds(Randoms.between(random, 180, 1_200));
        }
        return sessions;
    }

    /** Every target on the first night; the throttled one first on the third; two or three on others. */
    private static List<User> visited(List<User> targets, int intrusionDay, SplittableRandom random) {
        if (intrusionDay == 0) {
            return targets;
        }
        List<User> shuffled = shuffled(targets, random);
        List<User> visited = new ArrayList<>(shuffled.subList(0, Randoms.between(random, 2, 3)));
        if (intrusionDay == 2) {
            visited.remove(targets.get(0));
            visited.add(0, targets.get(0));
        }
        return visited;
    }

    private static List<User> pickTargets(Tenant tenant, SplittableRandom random) {
        List<User> seniors = tenant.users().stream().filter(User::senior).toList();
        List<User> picked = new ArrayList<>(shuffled(seniors, random).subList(0, TARGETS));
        picked.sort(Comparator.comparingInt(User::index));
        return picked;
    }

    /** Staff with Outlook desktop, so their mailboxes show MailboxLogin and Send but never MailItemsAccessed. */
    private static List<User> pickLicenceGap(Tenant tenant, SplittableRandom random) {
        List<User> candidates = tenant.users().stream()
                .filter(user -> !user.senior() && user.primary().profile() == ClientProfile.OUTLOOK_DESKTOP).toList();
        if (candidates.size() < LICENCE_GAP_MAILBOXES) {
            throw new IllegalArgumentException("the tenant is too small for the planted scenario: it needs "
                    + LICENCE_GAP_MAILBOXES + " Outlook desktop users besides the senior staff");
        }
        List<User> picked = new ArrayList<>(shuffled(candidates, random).subList(0, LICENCE_GAP_MAILBOXES));
        picked.sort(Comparator.comparingInt(User::index));
        return picked;
    }

    private static List<User> shuffled(List<User> users, SplittableRandom random) {
        List<User> copy = new ArrayList<>(users);
        for (int i = copy.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            User swap = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, swap);
        }
        return copy;
    }
}
