package dev.forgewatch.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Fingerprints;
import dev.forgewatch.samples.out.DamagedFiles;
import dev.forgewatch.samples.records.TokenTraffic;
import dev.forgewatch.samples.sim.Activity;
import dev.forgewatch.samples.sim.IocAddress;
import dev.forgewatch.samples.sim.SampleCalendar;
import dev.forgewatch.samples.sim.Scenario;
import dev.forgewatch.samples.sim.TenantPatterns;
import dev.forgewatch.samples.tenant.Tenant;
import dev.forgewatch.samples.tenant.User;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Collects what the planted scenario actually wrote and renders {@code EXPECTED.yaml}, the
 * machine-readable answer key of the sample. Detection names in it are descriptive signals (what a
 * rule should notice), not rule ids, so they stay valid however the rules are named.
 */
final class ExpectedFacts {
    static final List<String> INTRUSION_SIGNALS = List.of(
            "storm0558_ioc_ip", "new_app_id_on_mail_items_accessed", "new_client_ip_for_mailbox",
            "new_user_agent_for_mailbox", "mail_access_without_interactive_signin", "sync_of_whole_folders",
            "bind_volume_spike", "one_app_reading_many_mailboxes");
    static final List<String> THROTTLING_SIGNALS = List.of("mail_items_accessed_throttled");
    static final List<String> LICENCE_GAP_SIGNALS = List.of("activity_without_mail_items_accessed");
    static final List<String> TOKEN_SIGNALS = List.of("token_fingerprint_from_many_ips", "owa_get_access_token_for_resource",
            "forged_token_joined_to_mail_access_by_token_id");
    static final List<String> QUIET_SIGNALS = List.of("mail_access_with_token_no_signin_issued",
            "session_used_from_address_without_refresh");
    static final String AT_MOST_LOW = "nothing above low";

    private final Tenant tenant;
    private final SampleCalendar calendar;
    private final Scenario scenario;
    private final long seed;
    private final Map<String, TargetFacts> targets = new LinkedHashMap<>();
    private final Map<String, TokenFacts> forgedTokens = new LinkedHashMap<>();
    private Instant throttledAt;
    private final TargetFacts quiet = new TargetFacts();
    private final TreeSet<String> quietTokens = new TreeSet<>();

    ExpectedFacts(Tenant tenant, SampleCalendar calendar, Scenario scenario, long seed) {
        this.tenant = tenant;
        this.calendar = calendar;
        this.scenario = scenario;
        this.seed = seed;
        for (User target : scenario.targets()) {
            targets.put(target.upn(), new TargetFacts());
        }
    }

    void observe(Activity activity) {
        if (activity.planted() && activity instanceof Activity.EdgeRequest edge) {
            JsonNode token = edge.record().path("token");
            forgedToken("mail-edge proxy (reduced export)", token.path("fingerprint").asText(), edge.time(),
                    edge.record().path("client_ip").asText(), edge.record().path("path").asText());
            return;
        }
        if (activity.planted() && activity instanceof Activity.PortalRequest portal) {
            String line = portal.line();
            String token = line.substring(line.lastIndexOf("Bearer ") + "Bearer ".length(), line.length() - 1);
            String path = line.substring(line.indexOf('"') + 1).split(" ")[1];
            forgedToken("portal access log (raw token)", Fingerprints.sha256Hex(token), portal.time(),
                    line.substring(0, line.indexOf(' ')), path);
            return;
        }
        if (!(activity.planted() && activity instanceof Activity.AuditRecord audit)) {
            return;
        }
        JsonNode record = audit.record();
        TargetFacts facts = targets.get(audit.mailbox());
        if (facts == null) {
            facts = quiet;
            quietTokens.add(record.at("/AppAccessContext/UniqueTokenId").asText());
        }
        facts.first = facts.first == null ? audit.time() : facts.first;
        facts.last = audit.time();
        facts.records++;
        String accessType = operationProperty(record, "MailAccessType");
        if (accessType.equals("Sync")) {
            facts.sync++;
        } else {
            facts.bind++;
        }
        facts.operations += record.path("OperationCount").asLong();
        facts.ips.add(record.path("ClientIPAddress").asText());
        facts.days.add(audit.time().toString().substring(0, 10));
        if (operationProperty(record, "IsThrottled").equals("True")) {
            throttledAt = audit.time();
        }
    }

    private int mailboxes;

    ObjectNode toJson(int mailboxes, List<DamagedFiles.Damage> damages) {
        this.mailboxes = mailboxes;
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("about", "Answer key of the synthetic ForgeWatch sample (fictional tenant). Written by "
                + "dev.forgewatch.samples.SampleGenerator; times are UTC. Signals name what a detection should notice; "
                + "they are not rule ids.");
        ObjectNode generator = root.putObject("generator");
        generator.put("seed", seed);
        generator.put("mailboxes", mailboxes);
        generator.put("days", calendar.days());
        generator.put("start", calendar.date(0).toString());
        generator.put("end", calendar.date(calendar.days() - 1).toString());
        ObjectNode tenantNode = root.putObject("tenant");
        tenantNode.put("tenantId", tenant.tenantId());
        tenantNode.put("domain", tenant.domain());
        tenantNode.put("organizationName", tenant.organizationName());
        root.set("actor", actor());
        root.set("intrusion", intrusion());
        root.set("forgedTokens", forgedTokens());
        root.set("throttling", throttling());
        ObjectNode gap = root.putObject("licenceGap");
        gap.put("description", "mailboxes with MailboxLogin, Send and other mail activity but never a MailItemsAccessed record");
        ArrayNode gapMailboxes = gap.putArray("mailboxes");
        scenario.licenceGap().forEach(user -> gapMailboxes.add(user.upn()));
        strings(gap.putArray("expectedSignals"), LICENCE_GAP_SIGNALS);
        ObjectNode damaged = root.putObject("damaged");
        int quarantined = 0;
        for (DamagedFiles.Damage damage : damages) {
            ObjectNode file = damaged.putObject(damage.file());
            file.put("events", damage.events());
            file.put("quarantined", damage.quarantined());
            strings(file.putArray("reasonsContain"), damage.reasons());
            file.put("description", damage.description());
            quarantined += damage.quarantined();
        }
        root.put("quarantinedTotal", quarantined);
        root.set("quietIntrusion", quietIntrusion());
        root.set("tenantPatterns", tenantPatterns());
        ObjectNode clean = root.putObject("clean");
        clean.put("mailboxes", mailboxes - scenario.targets().size() - scenario.licenceGap().size() - 1 + 2);
        clean.put("expectedFindingsAboveLow", 0);
        clean.put("description", "every other mailbox (the users', the shared mailbox and the service account's): the same "
                + "apps, addresses and user agents from day one, a stable Bind volume, every token its mail was read with "
                + "issued by a sign-in the exports hold (except in the export gap and before the data begins); at most low "
                + "findings (context and coverage)");
        return root;
    }

    private ObjectNode quietIntrusion() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        User target = scenario.quiet().target();
        node.put("description", "MailItemsAccessed Binds with forged tokens (their UniqueTokenId is in no sign-in of any "
                + "category) through the owner's own Outlook on the web client (the owner's AppId, ClientAppId and user agent) "
                + "from a residential address nobody in the tenant uses; no IOC address, no new app, no Sync: found by "
                + "token provenance alone");
        node.put("mailbox", target.upn());
        node.put("displayName", target.displayName());
        node.put("title", target.title());
        node.put("ip", scenario.quiet().ip());
        node.put("firstAccess", quiet.first == null ? null : quiet.first.toString());
        node.put("lastAccess", quiet.last == null ? null : quiet.last.toString());
        node.put("mailItemsAccessed", quiet.records);
        node.put("bindRecords", quiet.bind);
        node.put("syncRecords", quiet.sync);
        strings(node.putArray("uniqueTokenIds"), quietTokens);
        strings(node.putArray("days"), quiet.days);
        strings(node.putArray("expectedSignals"), QUIET_SIGNALS);
        node.put("expectedSeverity", "high or critical");
        return node;
    }

    private ObjectNode tenantPatterns() {
        TenantPatterns patterns = scenario.patterns();
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("description", "what every real tenant has; each must raise nothing above low");
        ObjectNode backup = node.putObject("backupApp");
        backup.put("displayName", patterns.backupApp().displayName());
        backup.put("appId", patterns.backupApp().appId());
        backup.put("servicePrincipalId", patterns.backupApp().servicePrincipalId());
        backup.put("ip", patterns.backupIp());
        backup.put("schedule", "every night at 02:00 tenant time (06:00 UTC), one MailItemsAccessed Sync of the Inbox of every "
                + "mailbox, app-only Graph tokens from client credentials (ServicePrincipalSignInLogs)");
        backup.put("mailboxes", mailboxes + 2);
        backup.put("expected", AT_MOST_LOW);
        ObjectNode automation = node.putObject("managedIdentity");
        automation.put("displayName", patterns.helpdeskAutomation().displayName());
        automation.put("appId", patterns.helpdeskAutomation().appId());
        automation.put("ip", patterns.automationIp());
        automation.put("schedule", "every hour, a Bind of the shared mailbox's Inbox with a managed-identity token "
                + "(ManagedIdentitySignInLogs)");
        automation.put("expected", AT_MOST_LOW);
        ObjectNode shared = node.putObject("sharedMailbox");
        shared.put("mailbox", patterns.sharedMailbox().upn());
        strings(shared.putArray("delegates"), patterns.delegates().stream().map(User::upn).toList());
        shared.put("description", "no sign-in of its own; its delegates read it with their own clients and tokens (LogonType 2)");
        shared.put("expected", AT_MOST_LOW);
        ObjectNode service = node.putObject("serviceAccount");
        service.put("mailbox", patterns.serviceAccount().upn());
        service.put("appId", patterns.crmConnector().appId());
        service.put("ip", patterns.serviceIp());
        service.put("description", "the CRM connector reads the account's mailbox every half hour around the clock with "
                + "delegated tokens refreshed non-interactively; the token it holds when the data begins was issued before it");
        service.put("expected", AT_MOST_LOW + " (a low coverage finding for the token issued before the data begins)");
        ArrayNode roamers = node.putArray("roamingUsers");
        for (TenantPatterns.Roamer roamer : patterns.roamers()) {
            ObjectNode user = roamers.addObject();
            user.put("mailbox", roamer.user().upn());
            strings(user.putArray("ips"), List.of(roamer.user().place().ip(), roamer.home().ip(), roamer.mobile().ip()));
            user.put("description", "office until 12:30 local, then home, in one Entra session; the phone on a mobile network; "
                    + "tokens refreshed hourly (non-interactive sign-ins) from wherever the user is");
            user.put("expected", AT_MOST_LOW);
        }
        ObjectNode gap = node.putObject("signInExportGap");
        gap.put("from", patterns.signInGapStart().toString());
        gap.put("until", patterns.signInGapEnd().toString());
        gap.put("description", "no sign-in of any category was exported in this hour; mail read with tokens issued in it "
                + "must give a low coverage finding naming the missing log, never an accusation");
        gap.put("expected", AT_MOST_LOW);
        node.put("signInLatencyMinutes", TenantPatterns.LATENCY_MINUTES);
        node.put("latencyDescription", "sign-ins of a day's last " + TenantPatterns.LATENCY_MINUTES + " minutes are exported "
                + "with the next day; tokens are stamped iat five minutes before their sign-in (Entra's clock-skew backdating)");
        return node;
    }

    private ObjectNode actor() {
        ObjectNode actor = Json.MAPPER.createObjectNode();
        actor.put("appId", scenario.actor().appId());
        actor.put("appIdNote", "seeded-random and fictional: no mailbox of the tenant used it before (a forged token can name any app)");
        strings(actor.putArray("clientInfoStrings"), List.of(scenario.actor().owaClientInfo(), scenario.actor().restClientInfo()));
        ArrayNode ips = actor.putArray("ips");
        TreeSet<String> used = new TreeSet<>();
        targets.values().forEach(facts -> used.addAll(facts.ips));
        for (IocAddress address : scenario.actor().addresses()) {
            if (used.contains(address.ip())) {
                ObjectNode ip = ips.addObject();
                ip.put("ip", address.ip());
                ip.put("firstSeen", address.firstSeen().toString());
                ip.put("lastSeen", address.lastSeen().toString());
                ip.put("description", address.description());
                ip.put("source", IocAddress.SOURCE);
            }
        }
        return actor;
    }

    private ObjectNode intrusion() {
        ObjectNode intrusion = Json.MAPPER.createObjectNode();
        intrusion.put("description", "sign-in-less MailItemsAccessed (REST Sync of folders, OWA Bind of many items) "
                + "through forged tokens, from published Storm-0558 proxy IPs, 00:00-09:00 UTC on workdays");
        ArrayNode list = intrusion.putArray("targets");
        for (User target : scenario.targets()) {
            TargetFacts facts = targets.get(target.upn());
            ObjectNode node = list.addObject();
            node.put("mailbox", target.upn());
            node.put("displayName", target.displayName());
            node.put("title", target.title());
            node.put("firstAccess", facts.first == null ? null : facts.first.toString());
            node.put("lastAccess", facts.last == null ? null : facts.last.toString());
            node.put("mailItemsAccessed", facts.records);
            node.put("bindRecords", facts.bind);
            node.put("syncRecords", facts.sync);
            node.put("operationCount", facts.operations);
            strings(node.putArray("ips"), facts.ips);
            strings(node.putArray("days"), facts.days);
        }
        strings(intrusion.putArray("expectedSignals"), INTRUSION_SIGNALS);
        return intrusion;
    }

    private void forgedToken(String where, String fingerprint, Instant time, String ip, String path) {
        TokenFacts facts = forgedTokens.computeIfAbsent(fingerprint, key -> new TokenFacts(where));
        facts.first = facts.first == null ? time : facts.first;
        facts.last = time;
        facts.requests++;
        facts.ips.add(ip);
        facts.paths.add(path.contains("?action=") ? path.substring(0, path.indexOf('&') > 0 ? path.indexOf('&') : path.length()) : path);
    }

    private ObjectNode forgedTokens() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("description", "forged Entra access tokens whose header names the Storm-0558 key ("
                + TokenTraffic.STORM_0558_KID + "), claiming the tenant as issuer: one replayed at the mail edge "
                + "(first to OWA GetAccessTokenForResource, then GetConversationItems) from every proxy IP, and one "
                + "presented to the portal's API");
        node.put("kid", TokenTraffic.STORM_0558_KID);
        ArrayNode tokens = node.putArray("tokens");
        forgedTokens.forEach((fingerprint, facts) -> {
            ObjectNode token = tokens.addObject();
            token.put("fingerprint", fingerprint);
            token.put("seenIn", facts.where);
            token.put("firstSeen", facts.first.toString());
            token.put("lastSeen", facts.last.toString());
            token.put("requests", facts.requests);
            strings(token.putArray("ips"), facts.ips);
            strings(token.putArray("paths"), facts.paths);
        });
        strings(node.putArray("expectedTokenFindings"), List.of("compromised-key", "cross-scope-key", "certificate-expired-at-iat",
                "signature-invalid (raw portal token only: the edge export has no signature)",
                "expired-when-seen (edge token replayed after its expiry)"));
        strings(node.putArray("expectedSignals"), TOKEN_SIGNALS);
        node.put("cleanTokens", "every other token: Outlook tokens at the edge naming organizations key " + TokenTraffic.ORGANIZATIONS_KID
                + ", and the portal's own session tokens; no token finding expected");
        return node;
    }

    private ObjectNode throttling() {
        ObjectNode throttling = Json.MAPPER.createObjectNode();
        scenario.throttling().ifPresent(session -> {
            throttling.put("mailbox", session.target().upn());
            throttling.put("throttledAt", String.valueOf(throttledAt));
            throttling.put("auditGapUntil", String.valueOf(throttledAt.plus(Scenario.THROTTLE_GAP)));
            throttling.put("description", "after 1,000 intruder Binds in about four hours Exchange writes a "
                    + "MailItemsAccessed record with IsThrottled True and audits no reads of the mailbox for 24 hours; "
                    + "the owner's own MailItemsAccessed records are missing in that window too");
            strings(throttling.putArray("expectedSignals"), THROTTLING_SIGNALS);
        });
        return throttling;
    }

    private static String operationProperty(JsonNode record, String name) {
        for (JsonNode property : record.path("OperationProperties")) {
            if (property.path("Name").asText().equals(name)) {
                return property.path("Value").asText();
            }
        }
        return "";
    }

    private static void strings(ArrayNode array, Iterable<String> values) {
        values.forEach(array::add);
    }

    /** Where one forged token was presented. */
    private static final class TokenFacts {
        final String where;
        Instant first;
        Instant last;
        int requests;
        final TreeSet<String> ips = new TreeSet<>();
        final TreeSet<String> paths = new TreeSet<>();

        TokenFacts(String where) {
            this.where = where;
        }
    }

    /** What the intruder's records in one mailbox add up to. */
    private static final class TargetFacts {
        Instant first;
        Instant last;
        int records;
        int bind;
        int sync;
        long operations;
        final TreeSet<String> ips = new TreeSet<>();
        final TreeSet<String> days = new TreeSet<>();
    }
}
