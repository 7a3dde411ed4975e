package dev.forgewatch.samples.sim;

import dev.forgewatch.samples.records.MailboxContent;
import dev.forgewatch.samples.tenant.ClientProfile;
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
        return new Scenario(actor, targets, licenceGap, sessions);
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
