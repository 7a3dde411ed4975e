package dev.forgewatch.detections.compile.splunk;

import dev.forgewatch.common.event.Fields;
import dev.forgewatch.detections.compile.Targets;
import dev.forgewatch.detections.incident.IncidentPolicy;
import dev.forgewatch.detections.incident.RiskProfile;
import dev.forgewatch.detections.incident.Verdict;
import dev.forgewatch.detections.rule.CorrelationRule;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The incident model (docs/incidents.md) in Splunk without Enterprise Security, built from
 * {@code incidents.yaml} and the rules' metadata:
 * <ul>
 * <li>every rule's saved search writes its results as risk events to a summary index (the
 *     {@code action.summary_index} alert action of savedsearches.conf), each stamped with the rule's id,
 *     name, risk score, tactics and what the model does with it ({@link #riskEventSettings});</li>
 * <li>the macro {@code forgewatch_incidents} reads that index and applies the policy: per mailbox within the
 *     window, each rule once with its score, the tactics of the rules that add risk, and the verdict;</li>
 * <li>the saved search {@value #STANZA} runs it hourly and alerts once per mailbox and verdict per window.</li>
 * </ul>
 * The mailbox of a risk event is the result's {@code dest_user} (the mailbox owner), else its {@code user},
 * as the offline model takes the mailbox of a finding's event; a rule whose findings name no mailbox (an
 * app-level or token-level correlation) stamps {@code forgewatch_accuses=0} and accuses nobody. An absence
 * correlation (token provenance, grouped by token id) names the mailboxes of the events that waited: its search
 * keeps their {@code dest_user} and {@code user} values, so it accuses them as the offline finding does.
 */
public final class SplunkIncidents {
    /** The summary index the risk events go to (an admin creates it; see the app README). */
    public static final String RISK_INDEX = "forgewatch_risk";
    public static final String RISK_INDEX_MACRO = "forgewatch_risk_index";
    public static final String INCIDENTS_MACRO = "forgewatch_incidents";
    public static final String FILTER_MACRO = "forgewatch_incidents_filter";
    public static final String STANZA = "ForgeWatch Incidents - Mailbox Risk";
    /** Separates tactic names in a risk event's forgewatch_tactics (names hold spaces, never this). */
    static final String TACTIC_SEPARATOR = ";";

    private final IncidentPolicy policy;

    public SplunkIncidents(IncidentPolicy policy) {
        this.policy = policy;
    }

    public static SplunkIncidents standard() {
        return new SplunkIncidents(IncidentPolicy.standard());
    }

    /**
     * The settings that make a rule's saved search write each result it alerts on to the risk index, with the
     * rule's place in the model as fields (savedsearches.conf.spec: {@code action.summary_index},
     * {@code action.summary_index._name}, {@code action.summary_index.<field>}).
     */
    public Map<String, String> riskEventSettings(Rule rule) {
        RiskProfile profile = policy.profile(rule);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("action.summary_index", "1");
        settings.put("action.summary_index._name", RISK_INDEX);
        settings.put("action.summary_index.forgewatch_rule_id", rule.info().id());
        settings.put("action.summary_index.forgewatch_rule", rule.name());
        settings.put("action.summary_index.risk_score", String.valueOf(profile.score()));
        if (profile.contributes() && !profile.tactics().isEmpty()) {
            settings.put("action.summary_index.forgewatch_tactics", String.join(TACTIC_SEPARATOR, profile.tactics()));
        }
        settings.put("action.summary_index.forgewatch_adds_risk", profile.contributes() ? "1" : "0");
        settings.put("action.summary_index.forgewatch_critical", profile.critical() ? "1" : "0");
        settings.put("action.summary_index.forgewatch_coverage", profile.coverage() ? "1" : "0");
        settings.put("action.summary_index.forgewatch_accuses", accuses(rule, profile) ? "1" : "0");
        return settings;
    }

    /** Whether the rule's findings accuse the mailbox of their event, as the offline model attributes them. */
    static boolean accuses(Rule rule, RiskProfile profile) {
        if (profile.countsMailboxes()) {
            return false;
        }
        if (rule instanceof CorrelationRule correlation) {
            // a correlation speaks for a user only when it groups by one; an absence speaks for the events that waited,
            // and its search keeps their mailbox (dest_user) and user (FindingFactory)
            if (correlation.correlation().type() == dev.forgewatch.detections.rule.Correlation.Type.ABSENCE) {
                return true;
            }
            return correlation.correlation().groupBy().stream()
                    .anyMatch(f -> f.canonical().equals(Fields.MAILBOX_OWNER_UPN) || f.canonical().equals(Fields.USER_ID));
        }
        return true;
    }

    /** The incident pipeline over the risk index (the body of {@value #INCIDENTS_MACRO}). */
    public String incidentsSearch() {
        String mailboxField = Spl.field(Targets.splunk(Fields.MAILBOX_OWNER_UPN));
        String userField = Spl.field(Targets.splunk(Fields.USER_ID));
        String userName = Targets.splunk(Fields.USER_ID);
        IncidentPolicy.Open open = policy.open();
        IncidentPolicy.Compromised worst = policy.compromised();
        List<String> opens = new ArrayList<>();
        if (open.critical()) {
            opens.add("critical=1");
        }
        opens.add("score>=" + open.score());
        opens.add("(tactic_count>=" + open.tactics() + " AND rule_count>=" + open.rules() + ")");
        List<String> compromised = new ArrayList<>();
        if (worst.critical()) {
            compromised.add("critical=1");
        }
        compromised.add("(score>=" + worst.score() + " AND tactic_count>=" + worst.tactics() + ")");
        List<String> pipeline = new ArrayList<>();
        pipeline.add("`" + RISK_INDEX_MACRO + "` forgewatch_rule_id=* (forgewatch_adds_risk=1 OR forgewatch_coverage=1) forgewatch_accuses=1");
        pipeline.add("eval forgewatch_mailbox=coalesce(" + mailboxField + ", " + userField + ")");
        pipeline.add("where isnotnull(forgewatch_mailbox)");
        pipeline.add("mvexpand forgewatch_mailbox");
        pipeline.add("eval forgewatch_mailbox=lower(forgewatch_mailbox)");
        pipeline.add("stats max(risk_score) AS risk max(forgewatch_critical) AS critical max(forgewatch_coverage) AS coverage"
                + " max(forgewatch_adds_risk) AS adds values(forgewatch_tactics) AS tactics min(_time) AS first_time max(_time) AS last_time"
                + " BY forgewatch_mailbox forgewatch_rule_id");
        pipeline.add("eval risk=if(coverage=1, 0, risk), adds=if(coverage=1, 0, adds)");
        pipeline.add("stats sum(risk) AS score sum(adds) AS rule_count max(critical) AS critical max(coverage) AS coverage"
                + " values(tactics) AS tactics min(first_time) AS first_time max(last_time) AS last_time values(forgewatch_rule_id) AS rule_ids"
                + " BY forgewatch_mailbox");
        pipeline.add("eval tactics=mvdedup(split(mvjoin(tactics, \"" + TACTIC_SEPARATOR + "\"), \"" + TACTIC_SEPARATOR + "\"))");
        pipeline.add("eval tactics=mvfilter(tactics!=\"\")");
        pipeline.add("eval tactic_count=coalesce(mvcount(tactics), 0)");
        pipeline.add("eval opens=if(" + String.join(" OR ", opens) + ", 1, 0)");
        pipeline.add("eval verdict=case(opens=1 AND (" + String.join(" OR ", compromised) + "), \"" + Verdict.COMPROMISED.label()
                + "\", opens=1, \"" + Verdict.SUSPICIOUS.label() + "\", coverage=1, \"" + Verdict.COVERAGE_GAP.label() + "\")");
        pipeline.add("where isnotnull(verdict)");
        pipeline.add("rename forgewatch_mailbox AS " + userName);
        pipeline.add("table " + userName + " verdict score tactic_count tactics rule_count first_time last_time rule_ids");
        return String.join("\n| ", pipeline);
    }

    /** {@value #RISK_INDEX_MACRO}, {@value #INCIDENTS_MACRO} and the empty {@value #FILTER_MACRO}. */
    public List<Stanza> macros() {
        return List.of(
                macro(RISK_INDEX_MACRO, "index=" + RISK_INDEX, "The summary index ForgeWatch's saved searches write risk events to"
                        + " (action.summary_index._name). Change both if you use another index."),
                macro(INCIDENTS_MACRO, incidentsSearch(), "ForgeWatch incidents from the risk events: per mailbox over the search's"
                        + " time range, each rule once with its risk score; verdict compromised, suspicious or coverage-gap as"
                        + " incidents.yaml defines it."),
                macro(FILTER_MACRO, "search *", "Tuning filter for the ForgeWatch incident search: replace search * with conditions"
                        + " that drop known-good results, e.g. search NOT user=\"svc-backup@example.com\"."));
    }

    /** The incident saved search: hourly over the policy's window, one alert per mailbox and verdict per window. */
    public Stanza stanza() {
        long windowMinutes = policy.window().minutes();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("description", "ForgeWatch incidents (incidents.yaml): mailboxes whose ForgeWatch risk events within "
                + policy.window() + " add up to " + policy.open().score() + " or more, span " + policy.open().tactics()
                + " ATT&CK tactics from " + policy.open().rules() + " rules" + (policy.open().critical() ? ", or hold a critical finding" : "")
                + "; coverage rules alone give coverage-gap. Reads the risk index the rule searches write to.");
        settings.put("search", "`" + INCIDENTS_MACRO + "`\n| `" + FILTER_MACRO + "`");
        settings.put("disabled", "1");
        settings.put("enableSched", "1");
        settings.put("cron_schedule", "7 * * * *");
        settings.put("schedule_window", "auto");
        settings.put("dispatch.earliest_time", "-" + windowMinutes + "m@m");
        settings.put("dispatch.latest_time", "now");
        settings.put("counttype", "number of events");
        settings.put("relation", "greater than");
        settings.put("quantity", "0");
        settings.put("alert.track", "1");
        settings.put("alert.severity", "5");
        settings.put("alert.digest_mode", "0");
        settings.put("alert.suppress", "1");
        settings.put("alert.suppress.fields", "user,verdict");
        settings.put("alert.suppress.period", (windowMinutes * 60) + "s");
        settings.put("action.correlationsearch.enabled", "1");
        settings.put("action.correlationsearch.label", STANZA);
        settings.put("action.notable", "1");
        settings.put("action.notable.param.rule_title", "ForgeWatch incident: $user$ $verdict$");
        settings.put("action.notable.param.rule_description", "ForgeWatch risk events for $user$ add up to an incident ($verdict$,"
                + " score $score$, $tactic_count$ tactics).");
        settings.put("action.notable.param.security_domain", "identity");
        settings.put("action.notable.param.severity", "high");
        settings.put("action.notable.param.nes_fields", "user");
        settings.put("action.notable.param.next_steps", "Open the ForgeWatch Incidents dashboard for $user$; for compromised, revoke the"
                + " mailbox's sessions, review the apps and addresses of its risk events, scope the mail read with forgewatch hunt --mailbox.");
        return Stanza.of(STANZA, settings);
    }

    private static Stanza macro(String name, String definition, String description) {
        return Stanza.builder(name).set("definition", definition).set("description", description).set("iseval", false).build();
    }
}
