package dev.forgewatch.samples.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.samples.records.AccessTokens;
import dev.forgewatch.samples.records.AppSignIn;
import dev.forgewatch.samples.records.AuditClient;
import dev.forgewatch.samples.records.ExchangeRecords;
import dev.forgewatch.samples.records.FolderRead;
import dev.forgewatch.samples.records.IssuedToken;
import dev.forgewatch.samples.records.MailboxContent;
import dev.forgewatch.samples.records.SignIn;
import dev.forgewatch.samples.records.TenantApp;
import dev.forgewatch.samples.tenant.ClientProfile;
import dev.forgewatch.samples.tenant.Device;
import dev.forgewatch.samples.tenant.MicrosoftApps;
import dev.forgewatch.samples.tenant.Randoms;
import dev.forgewatch.samples.tenant.Tenant;
import dev.forgewatch.samples.tenant.User;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The tenant's unattended mail readers, every day of the period:
 * <ul>
 *   <li>the backup app at 02:00 tenant time reads every mailbox (a Sync of the Inbox each) over Graph
 *       with app-only tokens it gets by client credentials (service-principal sign-ins), refreshed as
 *       they expire during the run;</li>
 *   <li>the helpdesk automation's managed identity reads the shared mailbox every hour, day and night
 *       (so every hour of the sign-in export holds at least one sign-in);</li>
 *   <li>the CRM connector reads the service account's mailbox every half hour around the clock with
 *       delegated tokens refreshed silently (non-interactive sign-ins); its first token was issued
 *       before the sample's data begins, so no sign-in of it is in the data.</li>
 * </ul>
 * App-only records name the app's service principal as UserId (UserType 5, Application) and carry no
 * AADSessionId: app-only tokens belong to no user session.
 */
final class ServiceActivity {
    private static final long SALT = 0x5E7A1CEL;
    private static final int APPLICATION_USER_TYPE = 5;
    static final String GRAPH_CLIENT = "Client=REST;Client=RESTSystem;;";
    static final String CRM_CLIENT = "Client=WebServices;FabrikamCRM-MailSync/4.2;";

    private final Tenant tenant;
    private final SampleCalendar calendar;
    private final TenantPatterns patterns;
    private final ExchangeRecords exchange;
    private final long seed;
    /** The CRM connector's token, carried from one day to the next. */
    private IssuedToken crmToken;

    ServiceActivity(Tenant tenant, SampleCalendar calendar, TenantPatterns patterns, ExchangeRecords exchange, long seed) {
        this.tenant = tenant;
        this.calendar = calendar;
        this.patterns = patterns;
        this.exchange = exchange;
        this.seed = seed;
    }

    void emit(int day, Consumer<Activity> out) {
        backup(day, Randoms.stream(seed, SALT, 1, day), out);
        automation(day, Randoms.stream(seed, SALT, 2, day), out);
        serviceAccount(day, Randoms.stream(seed, SALT, 3, day), out);
    }

    /** Every mailbox the backup covers: the users', the shared mailbox and the service account's. */
    List<User> mailboxes() {
        List<User> all = new ArrayList<>(tenant.users());
        all.add(patterns.sharedMailbox());
        all.add(patterns.serviceAccount());
        return all;
    }

    private void backup(int day, SplittableRandom random, Consumer<Activity> out) {
        TenantApp app = patterns.backupApp();
        Instant at = calendar.at(day, LocalTime.of(2, 0), random.nextInt(240));
        IssuedToken token = null;
        AuditClient client = new AuditClient(patterns.backupIp(), app.appId(), app.appId(), GRAPH_CLIENT);
        for (User mailbox : mailboxes()) {
            if (token == null || !token.usableAt(at, AccessTokens.refreshMargin())) {
                token = appSignIn(app, false, patterns.backupIp(), at.minusSeconds(Randoms.between(random, 1, 5)), random, out);
            }
            ObjectNode record = exchange.mailItemsAccessed(at, Randoms.guid(random), mailbox, client, Randoms.guid(random), "Sync",
                    false, List.of(new FolderRead(MailboxContent.INBOX, List.of())));
            appOnly(record, app);
            out.accept(new Activity.AuditRecord(at, ContentType.AUDIT_EXCHANGE, AccessTokens.appAccessContext(record, token), false));
            at = at.plusSeconds(Randoms.between(random, 8, 22));
        }
    }

    private void automation(int day, SplittableRandom random, Consumer<Activity> out) {
        TenantApp app = patterns.helpdeskAutomation();
        User shared = patterns.sharedMailbox();
        AuditClient client = new AuditClient(patterns.automationIp(), app.appId(), app.appId(), GRAPH_CLIENT);
        for (int hour = 0; hour < 24; hour++) {
            Instant at = calendar.atUtc(day, LocalTime.of(hour, 0), random.nextInt(600));
            IssuedToken token = appSignIn(app, true, patterns.automationIp(), at.minusSeconds(Randoms.between(random, 1, 3)), random, out);
            List<String> messages = new ArrayList<>();
            int count = Randoms.between(random, 1, 4);
            for (int i = 0; i < count; i++) {
                messages.add(MailboxContent.internetMessageId(shared, MailboxContent.INBOX, day * 12 + random.nextInt(30)));
            }
            ObjectNode record = exchange.mailItemsAccessed(at.plusSeconds(2), Randoms.guid(random), shared, client, Randoms.guid(random),
                    "Bind", false, List.of(new FolderRead(MailboxContent.INBOX, messages)));
            appOnly(record, app);
            out.accept(new Activity.AuditRecord(at.plusSeconds(2), ContentType.AUDIT_EXCHANGE,
                    AccessTokens.appAccessContext(record, token), false));
        }
    }

    /** The service account's own mailbox, read every half hour by the CRM connector with delegated tokens. */
    private void serviceAccount(int day, SplittableRandom random, Consumer<Activity> out) {
        User account = patterns.serviceAccount();
        TenantApp crm = patterns.crmConnector();
        Device connector = new Device(ClientProfile.OUTLOOK_DESKTOP, crm.servicePrincipalId(), "FAB-APP-CRM01", "Windows Server 2019",
                "", CRM_CLIENT, "FabrikamCRM-MailSync/4.2", "", true);
        AuditClient client = new AuditClient(patterns.serviceIp(), crm.appId(), crm.appId(), CRM_CLIENT);
        String entraSession = Randoms.guid(Randoms.stream(seed, SALT, 4, 0));
        String exchangeSession = Randoms.guid(random);
        IssuedToken token = crmToken;
        if (day == 0 || token == null) {
            // the token the connector holds when the data begins: issued the evening before, by a sign-in not in the data
            SplittableRandom before = Randoms.stream(seed, SALT, 5, day);
            token = AccessTokens.issue(before, calendar.atUtc(day, LocalTime.of(0, 0), -Randoms.between(before, 600, 1500)),
                    entraSession);
        }
        for (int slot = 0; slot < 48; slot++) {
            Instant at = calendar.atUtc(day, LocalTime.of(slot / 2, slot % 2 * 30), Randoms.between(random, 30, 240));
            if (!token.usableAt(at, AccessTokens.refreshMargin())) {
                Instant signedIn = at.minusSeconds(Randoms.between(random, 1, 10));
                token = AccessTokens.issue(random, signedIn, entraSession);
                out.accept(new Activity.SignInActivity(new SignIn(Randoms.guid(random), signedIn, account, connector, false,
                        Randoms.guid(random), patterns.serviceIp(), entraSession, token.uniqueTokenId())));
            }
            List<String> messages = List.of(MailboxContent.internetMessageId(account, MailboxContent.INBOX, day * 12 + random.nextInt(30)));
            ObjectNode record = exchange.mailItemsAccessed(at, Randoms.guid(random), account, client, exchangeSession, "Bind", false,
                    List.of(new FolderRead(MailboxContent.INBOX, messages)));
            out.accept(new Activity.AuditRecord(at, ContentType.AUDIT_EXCHANGE, AccessTokens.appAccessContext(record, token), false));
        }
        crmToken = token;
    }

    /** Client credentials (or a managed identity) for Graph: an app-only token and its sign-in. */
    private IssuedToken appSignIn(TenantApp app, boolean managedIdentity, String ip, Instant at, SplittableRandom random,
                                  Consumer<Activity> out) {
        IssuedToken token = AccessTokens.issue(random, at, null);
        out.accept(new Activity.AppSignInActivity(new AppSignIn(Randoms.guid(random), at, app, managedIdentity, ip,
                Randoms.guid(random), token.uniqueTokenId(), MicrosoftApps.MICROSOFT_GRAPH, MicrosoftApps.MICROSOFT_GRAPH_NAME)));
        return token;
    }

    /** An app-only record: the app's service principal acts, not a user. */
    private static void appOnly(ObjectNode record, TenantApp app) {
        record.put("UserType", APPLICATION_USER_TYPE);
        record.put("UserKey", app.servicePrincipalId());
        record.put("UserId", app.servicePrincipalId());
        record.put("LogonUserSid", "");
    }
}
