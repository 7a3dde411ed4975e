package dev.forgewatch.samples.sim;

import dev.forgewatch.samples.records.AzureAdRecords;
import dev.forgewatch.samples.records.ExchangeRecords;
import dev.forgewatch.samples.records.SigningKeys;
import dev.forgewatch.samples.records.TokenTraffic;
import dev.forgewatch.samples.tenant.Randoms;
import dev.forgewatch.samples.tenant.Tenant;
import dev.forgewatch.samples.tenant.User;
import java.util.function.Consumer;

/**
 * Produces the tenant's activity one day at a time: every user's normal day, then the intruder's
 * sessions; token-carrying requests draw from random streams of their own. Each user-day draws from its own random stream, so a day can be generated alone and
 * the output does not depend on generation order. MailItemsAccessed records Exchange would not
 * write (licence gap, throttled window) are dropped here, in one place.
 */
public final class Simulation {
    private static final long SALT = 0xDA7L;

    private final Tenant tenant;
    private final Scenario scenario;
    private final NormalActivity normal;
    private final IntrusionActivity intrusion;
    private final TokenActivity tokens;
    private final ServiceActivity services;
    private final long seed;

    public Simulation(Tenant tenant, SampleCalendar calendar, Scenario scenario, long seed) {
        this.tenant = tenant;
        this.scenario = scenario;
        ExchangeRecords exchange = new ExchangeRecords(tenant);
        this.normal = new NormalActivity(calendar, exchange, new AzureAdRecords(tenant), scenario.patterns());
        this.services = new ServiceActivity(tenant, calendar, scenario.patterns(), exchange, seed);
        this.intrusion = new IntrusionActivity(scenario, exchange, seed);
        this.tokens = new TokenActivity(calendar, scenario, new TokenTraffic(tenant), new SigningKeys(seed), seed);
        this.seed = seed;
    }

    /** Hands every activity of the day to {@code out}, grouped by user, not in time order. */
    public void day(int day, Consumer<Activity> out) {
        Consumer<Activity> audited = activity -> {
            if (audited(activity)) {
                out.accept(activity);
            }
        };
        for (User user : tenant.users()) {
            normal.emit(user, day, Randoms.stream(seed, SALT, user.index(), day), audited);
            tokens.normal(user, day, out);
        }
        
        services.emit(day, audited);
        intrusion.emit(day, audited);
        tokens.intrusion(day, out);
    }

    /**
     * Whether the record reaches the sample: Exchange writes no MailItemsAccessed for the licence-gap
     * mailboxes or in a throttled window, and the sign-in exports miss one hour.
     */
    private boolean audited(Activity activity) {
        if (activity instanceof Activity.SignInActivity || activity instanceof Activity.AppSignInActivity) {
            return !scenario.patterns().inSignInGap(activity.time());
        }
        return !(activity instanceof Activity.AuditRecord record && record.operation().equals("MailItemsAccessed")
                && !scenario.mailItemsAudited(record.mailbox(), record.time()));
    }
}
