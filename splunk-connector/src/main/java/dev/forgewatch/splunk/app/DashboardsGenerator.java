package dev.forgewatch.splunk.app;

import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.compile.splunk.SplunkIncidents;
import dev.forgewatch.detections.incident.IncidentPolicy;
import dev.forgewatch.splunk.app.Dashboard.Panel;
import dev.forgewatch.splunk.app.Dashboard.Viz;
import java.util.List;

/**
 * The app's five views. Every search starts from the app's macros (never an index name) and refers
 * to fields by their search-time names from the field catalog ({@link SplunkFieldNames}).
 */
public final class DashboardsGenerator {
    private final FieldCatalog catalog;
    private final SplunkFieldNames names;

    public DashboardsGenerator(FieldCatalog catalog) {
        this.catalog = catalog;
        this.names = new SplunkFieldNames(catalog);
    }

    public List<Dashboard> generate() {
        return List.of(overview(), mailboxAccess(), tokens(), coverage(), incidents());
    }

    /**
     * Incidents: the detections' incident macro over the risk summary index (the rules' saved searches write
     * their alerted results there), and the risk events behind them. The window is the policy's.
     */
    private Dashboard incidents() {
        String window = "-" + IncidentPolicy.standard().window().minutes() + "m@m";
        String incidents = macro(SplunkIncidents.INCIDENTS_MACRO);
        String risk = macro(SplunkIncidents.RISK_INDEX_MACRO) + " forgewatch_rule_id=*";
        String user = names.of("user_id");
        return new Dashboard("forgewatch_incidents", "ForgeWatch: incidents",
                "One line per mailbox whose ForgeWatch risk events add up to an incident (incidents.yaml: compromised,"
                        + " suspicious, coverage-gap), from the risk summary index the saved searches write to.", List.of(
                List.of(new Panel("Incidents by verdict", "Within the incident window, as the incident search sees it.", Viz.PIE,
                                incidents + " | stats count by verdict", window),
                        new Panel("Compromised mailboxes", null, Viz.SINGLE,
                                incidents + " | search verdict=\"compromised\" | stats dc(" + user + ")", window)),
                List.of(new Panel("Incidents", "Worst first: verdict, summed risk (each rule once), ATT&CK tactics, rules and"
                                + " the first and last risk event.", Viz.TABLE,
                        incidents + " | eval rank=case(verdict=\"compromised\", 1, verdict=\"suspicious\", 2, true(), 3)"
                                + " | sort rank - score | fields - rank | convert ctime(first_time) ctime(last_time)", window)),
                List.of(Panel.of("Risk events over time by rule", null, Viz.COLUMN_STACKED,
                                risk + " | timechart count by forgewatch_rule"),
                        Panel.of("Risk events per rule", "risk_score and whether the rule adds risk come from incidents.yaml.",
                                Viz.TABLE, risk + " | stats count max(risk_score) AS risk_score max(forgewatch_adds_risk) AS"
                                        + " adds_risk values(forgewatch_tactics) AS tactics by forgewatch_rule | sort - count"))));
    }

    private static String macro(String name) {
        return "`" + name + "`";
    }

    private static String findings() {
        return macro(MacrosGenerator.FINDINGS) + " | " + macro(MacrosGenerator.DEDUP);
    }

    /** MailItemsAccessed events: the eventtype of the class the catalog puts them in. */
    private String mailAccess() {
        String eventtype = EventtypesGenerator.eventtype(catalog.classify("audit", "MailItemsAccessed"));
        return macro(MacrosGenerator.AUDIT) + " eventtype=" + eventtype + " | " + macro(MacrosGenerator.DEDUP);
    }

    private Dashboard overview() {
        String user = names.of("user_id");
        String src = names.of("client_ip");
        return new Dashboard("forgewatch_overview", "ForgeWatch: overview",
                "Findings of the ForgeWatch detections for forged-token mailbox access (Storm-0558 style).", List.of(
                List.of(Panel.of("Findings", null, Viz.SINGLE, findings() + " | stats count"),
                        Panel.of("High and critical findings", null, Viz.SINGLE,
                                findings() + " | search severity IN (\"high\", \"critical\") | stats count"),
                        Panel.of("Mailboxes with findings", null, Viz.SINGLE, findings() + " | stats dc(" + user + ")")),
                List.of(Panel.of("Findings over time by rule", null, Viz.COLUMN_STACKED,
                        findings() + " | timechart count by signature")),
                List.of(Panel.of("Findings over time by severity", null, Viz.COLUMN_STACKED,
                                findings() + " | timechart count by severity"),
                        Panel.of("Top affected mailboxes", null, Viz.BAR, findings() + " | top limit=20 " + user)),
                List.of(Panel.of("Latest findings", null, Viz.TABLE, findings() + " | table _time severity signature "
                        + user + " " + src + " description | sort - _time"))));
    }

    private Dashboard mailboxAccess() {
        String mailbox = "eval mailbox=coalesce(" + names.of("mailbox_owner_upn") + ", " + names.of("user_id") + ")";
        String app = names.of("app_id");
        String clientApp = names.of("client_app_id");
        String src = names.of("client_ip");
        return new Dashboard("forgewatch_mailbox_access", "ForgeWatch: mailbox access",
                "MailItemsAccessed by application, client application and client IP (CISA AA23-193A hunting).", List.of(
                List.of(Panel.of("Mail access by application (AppId)", null, Viz.TABLE, mailAccess() + " | " + mailbox
                                + " | stats count dc(mailbox) AS mailboxes min(_time) AS first_seen max(_time) AS last_seen by "
                                + app + " | convert ctime(first_seen) ctime(last_seen) | sort - count"),
                        Panel.of("Mail access by client application (ClientAppId)", null, Viz.TABLE, mailAccess() + " | "
                                + mailbox + " | stats count dc(mailbox) AS mailboxes values(" + app + ") AS app_ids by "
                                + clientApp + " | sort - count")),
                List.of(Panel.of("Mail access by client IP", "ioc_source names the published indicator an IP matches.",
                                Viz.TABLE, mailAccess() + " | " + mailbox + " | stats count dc(mailbox) AS mailboxes values("
                                        + app + ") AS app_ids values(ioc_source) AS ioc_source by " + src + " | sort - count"),
                        new Panel("Applications first seen reading mail in the last 7 days",
                                "Against a 30-day baseline: an AppId/ClientAppId pair never seen before is how the "
                                        + "Storm-0558 intrusion was found.", Viz.TABLE,
                                mailAccess() + " | " + mailbox + " | stats min(_time) AS first_seen count dc(mailbox) AS "
                                        + "mailboxes values(mailbox) AS mailbox_sample by " + app + " " + clientApp
                                        + " | where first_seen >= relative_time(now(), \"-7d@d\") | convert ctime(first_seen)"
                                        + " | sort - first_seen", "-30d@d")),
                List.of(Panel.of("Bind and Sync access over time", "Sync reads whole folders; a sudden Sync is worth a look.",
                        Viz.COLUMN_STACKED, mailAccess() + " | timechart count by " + names.of("mail_access_type")))));
    }

    private Dashboard tokens() {
        String user = names.of("user_id");
        String src = names.of("client_ip");
        String kid = names.of("token_kid");
        String issuer = names.of("token_issuer");
        String scope = names.of("token_key_scope");
        String ioc = " | lookup " + Lookups.SIGNING_KEY_IOCS.name() + " kid AS " + kid + " OUTPUT name AS ioc_key_name";
        return new Dashboard("forgewatch_tokens", "ForgeWatch: tokens",
                "Token-inspection findings and observed tokens by signing key, issuer and key scope.", List.of(
                List.of(Panel.of("Findings by signing key (kid)", "ioc_key_name is set when the key is a known compromised key.",
                        Viz.TABLE, findings() + " | where isnotnull(" + kid + ") | stats count dc(" + user
                                + ") AS users values(signature) AS rules by " + kid + " " + issuer + " " + scope + ioc
                                + " | sort - count")),
                List.of(Panel.of("Findings by issuer", null, Viz.BAR, findings() + " | where isnotnull(" + issuer
                                + ") | stats count by " + issuer + " | sort - count"),
                        Panel.of("Findings by key scope", null, Viz.PIE, findings() + " | where isnotnull(" + scope
                                + ") | stats count by " + scope)),
                List.of(Panel.of("Observed tokens by signing key", "Every token seen in app and proxy logs, by the key it names.",
                        Viz.TABLE, macro(MacrosGenerator.TOKEN) + " | " + macro(MacrosGenerator.DEDUP) + " | stats count dc("
                                + names.of("token_fingerprint") + ") AS tokens dc(" + src + ") AS client_ips values(ioc_key_name) "
                                + "AS ioc_key_name by " + kid + " " + issuer + " " + scope + " | sort - count"))));
    }

    private Dashboard coverage() {
        String mailbox = "eval mailbox=coalesce(" + names.of("mailbox_owner_upn") + ", " + names.of("user_id") + ")";
        String operation = names.of("operation");
        return new Dashboard("forgewatch_coverage", "ForgeWatch: logging coverage",
                "Where the audit log would not show forged-token mail access: mailboxes without MailItemsAccessed, "
                        + "throttled mailboxes, audit bypass.", List.of(
                List.of(Panel.of("Mailboxes with activity but no MailItemsAccessed",
                        "A licence or logging gap: reads of these mailboxes would leave no trace.", Viz.TABLE,
                        macro(MacrosGenerator.AUDIT) + " | " + macro(MacrosGenerator.DEDUP) + " | " + mailbox
                                + " | where isnotnull(mailbox) | stats count AS activity count(eval(" + operation
                                + "=\"MailItemsAccessed\")) AS mail_items_accessed max(_time) AS last_activity by mailbox"
                                + " | where mail_items_accessed=0 | convert ctime(last_activity) | sort - activity")),
                List.of(Panel.of("Throttled mailboxes",
                        "IsThrottled=True: Exchange stops auditing this mailbox's reads for 24 hours, a blind spot.",
                        Viz.TABLE, mailAccess() + " | where " + names.of("is_throttled") + "=\"true\" | " + mailbox
                                + " | stats min(_time) AS throttled_at count by mailbox | eval blind_until=throttled_at+86400"
                                + " | convert ctime(throttled_at) ctime(blind_until) | sort - throttled_at")),
                List.of(Panel.of("Audit bypass and audit configuration changes", null, Viz.TABLE,
                        macro(MacrosGenerator.AUDIT) + " " + operation + " IN (\"Set-MailboxAuditBypassAssociation\", "
                                + "\"Set-AdminAuditLogConfig\", \"Set-OrganizationConfig\") | " + macro(MacrosGenerator.DEDUP)
                                + " | table _time " + names.of("user_id") + " " + operation + " " + names.of("object_id") + " "
                                + names.of("parameters") + " | sort - _time"),
                        Panel.of("Audit records by workload", null, Viz.COLUMN_STACKED, macro(MacrosGenerator.AUDIT) + " | "
                                + macro(MacrosGenerator.DEDUP) + " | timechart count by " + names.of("workload")))));
    }
}
