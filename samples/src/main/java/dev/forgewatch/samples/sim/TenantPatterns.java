package dev.forgewatch.samples.sim;

import dev.forgewatch.samples.records.TenantApp;
import dev.forgewatch.samples.tenant.Place;
import dev.forgewatch.samples.tenant.User;
import java.time.Instant;
import java.util.List;

/**
 * What every real tenant has and a detection must not mistake for an intruder:
 * <ul>
 *   <li>a tenant-owned backup app reading every mailbox each night with app-only Mail.Read tokens
 *       (client credentials: service-principal sign-ins);</li>
 *   <li>a helpdesk automation (an Azure Function's managed identity) reading the shared mailbox every
 *       hour (managed-identity sign-ins);</li>
 *   <li>a shared mailbox without sign-ins of its own, read by its delegates through their own clients;</li>
 *   <li>a service account whose CRM connector reads its mailbox around the clock with tokens refreshed
 *       non-interactively, the first of them issued before the sample's data begins;</li>
 *   <li>users roaming between the office, home and a mobile network within one Entra session, their
 *       clients refreshing tokens hourly;</li>
 *   <li>an hour missing from every sign-in export ({@code signInGapStart} to {@code signInGapEnd}), and
 *       sign-in log latency: records of a day's last minutes land in the next day's export.</li>
 * </ul>
 */
public record TenantPatterns(TenantApp backupApp, String backupIp, TenantApp helpdeskAutomation, String automationIp,
                             User sharedMailbox, List<User> delegates, User serviceAccount, TenantApp crmConnector,
                             String serviceIp, List<Roamer> roamers, Instant signInGapStart, Instant signInGapEnd) {
    /** Minutes of a day's end whose sign-ins the export delivers with the next day (log latency). */
    public static final int LATENCY_MINUTES = 12;

    public TenantPatterns {
        delegates = List.copyOf(delegates);
        roamers = List.copyOf(roamers);
    }

    /** A user roaming within a workday: office in the morning, home in the afternoon, the phone on a mobile network. */
    public record Roamer(User user, Place home, Place mobile) {
    }

    public boolean roaming(User user) {
        return roamers.stream().anyMatch(roamer -> roamer.user().equals(user));
    }

    public Roamer roamer(User user) {
        return roamers.stream().filter(roamer -> roamer.user().equals(user)).findFirst().orElseThrow();
    }

    public boolean delegate(User user) {
        return delegates.contains(user);
    }

    /** Whether the sign-in exports hold nothing at this time. */
    public boolean inSignInGap(Instant time) {
        return !time.isBefore(signInGapStart) && time.isBefore(signInGapEnd);
    }
}
