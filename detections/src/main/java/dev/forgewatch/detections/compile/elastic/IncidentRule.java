package dev.forgewatch.detections.compile.elastic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.detections.incident.IncidentPolicy;
import dev.forgewatch.detections.incident.RiskProfile;
import dev.forgewatch.detections.incident.Verdict;
import dev.forgewatch.detections.rule.Correlation;
import dev.forgewatch.detections.rule.CorrelationRule;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The incident model (docs/incidents.md) as a Kibana rule over the alerts the pack's rules raise: an
 * ES|QL rule on the alerts index of the Kibana space it is installed in ({@code .alerts-security.alerts-<space>}) that, per mailbox and over the policy's window,
 * counts each rule once with its alerts' risk score, counts the ATT&CK tactics of the rules that add
 * risk, and gives the verdict the offline model gives ({@code compromised}, {@code suspicious},
 * {@code coverage-gap}). Built from {@code incidents.yaml} and the rules' metadata, never written by hand.
 *
 * <p>It reads only fields the alerts index maps (Kibana writes other fields to alerts but they cannot be
 * searched): {@code kibana.alert.rule.rule_id}, {@code kibana.alert.risk_score}, {@code kibana.alert.severity},
 * {@code kibana.alert.workflow_status}, {@code kibana.alert.building_block_type},
 * {@code kibana.alert.threshold_result.terms.value}, {@code related.user} and {@code @timestamp}. The mailbox
 * of an alert is the threshold group's value for threshold rules grouped by mailbox or user, else every
 * user in {@code related.user} (the event's user and mailbox owner, which alerts copy from their event, and
 * which the pack's ES|QL rules set from their group). The tactics are the rules' (from their threat mapping),
 * written into the query per rule id.
 *
 * <p>{@link #searchRequest} is its twin in query DSL (nested terms aggregations, a script for the mailbox),
 * which Elasticsearch 7.10 runs; {@link #verdict} reads its buckets with the same numbers.
 */
public final class IncidentRule {
    /** Kibana's default space, whose id every Kibana has. */
    public static final String DEFAULT_SPACE = "default";
    /** The alerts index of Kibana's default space. */
    public static final String ALERTS_INDEX = alertsIndex(DEFAULT_SPACE);
    /** The rule's id: fixed, so an update replaces the rule. */
    public static final String RULE_ID = UUID.nameUUIDFromBytes("forgewatch:incident-rule".getBytes(StandardCharsets.UTF_8)).toString();
    public static final String NAME = "ForgeWatch Mailbox Incident (Risk Across Rules)";
    /** Kibana severity per verdict (severity_mapping on forgewatch.incident.verdict). */
    public static final Map<Verdict, String> SEVERITY = Map.of(Verdict.COMPROMISED, "critical", Verdict.SUSPICIOUS, "high",
            Verdict.COVERAGE_GAP, "low");
    public static final String INTERVAL_MINUTES = "60";

    private final IncidentPolicy policy;
    /** Rule id → profile, for the rules whose alerts count: they add risk, or they are coverage rules. */
    private final Map<String, RiskProfile> counted = new LinkedHashMap<>();
    /** Threshold rules grouped by mailbox or user: their alerts name the mailbox in the threshold result. */
    private final List<String> thresholdByMailbox = new ArrayList<>();
    /** Tactic name → ids of the risk-adding rules mapped to it. */
    private final Map<String, List<String>> tactics = new TreeMap<>();

    public IncidentRule(RuleSet pack, IncidentPolicy policy) {
        this.policy = policy;
        for (Rule rule : pack.alerting()) {
            RiskProfile profile = policy.profile(rule);
            if (!profile.contributes() && !profile.coverage()) {
                continue;
            }
            counted.put(profile.ruleId(), profile);
            if (profile.contributes()) {
                profile.tactics().forEach(tactic -> tactics.computeIfAbsent(tactic, t -> new ArrayList<>()).add(profile.ruleId()));
            }
            if (rule instanceof CorrelationRule correlation && groupedByMailbox(correlation)
                    && (correlation.correlation().type() == Correlation.Type.EVENT_COUNT
                    || correlation.correlation().type() == Correlation.Type.VALUE_COUNT)) {
                thresholdByMailbox.add(profile.ruleId());
            }
        }
    }

    public static IncidentRule standard(RuleSet pack) {
        return new IncidentRule(pack, IncidentPolicy.standard());
    }

    /** Whether a correlation's groups are mailboxes or users (its alerts then name one). */
    static boolean groupedByMailbox(CorrelationRule rule) {
        return rule.correlation().groupBy().stream()
                .anyMatch(f -> f.canonical().equals(Fields.MAILBOX_OWNER_UPN) || f.canonical().equals(Fields.USER_ID));
    }

    public IncidentPolicy policy() {
        return policy;
    }

    /** Ids of the rules whose alerts the incident rule reads. */
    public List<String> ruleIds() {
        return List.copyOf(counted.keySet());
    }

    public List<String> coverageRuleIds() {
        return counted.values().stream().filter(RiskProfile::coverage).map(RiskProfile::ruleId).toList();
    }

    public List<String> thresholdByMailbox() {
        return List.copyOf(thresholdByMailbox);
    }

    /** Tactic name → ids of the rules that add it. */
    public Map<String, List<String>> tactics() {
        return java.util.Collections.unmodifiableMap(tactics);
    }

    /** The verdict of one mailbox's window, as the ES|QL query's CASE and the offline model give it; null: none. */
    public Verdict verdict(int score, int tacticCount, int rules, boolean critical, boolean coverage) {
        IncidentPolicy.Open open = policy.open();
        IncidentPolicy.Compromised worst = policy.compromised();
        if ((worst.critical() && critical) || (score >= worst.score() && tacticCount >= worst.tactics())) {
            // compromised implies open: the offline model checks open first, and compromised.score >= open.score
            if ((open.critical() && critical) || score >= open.score() || (tacticCount >= open.tactics() && rules >= open.rules())) {
                return Verdict.COMPROMISED;
            }
        }
        if ((open.critical() && critical) || score >= open.score() || (tacticCount >= open.tactics() && rules >= open.rules())) {
            return Verdict.SUSPICIOUS;
        }
        return coverage ? Verdict.COVERAGE_GAP : null;
    }

    /**
     * The security alerts index of a Kibana space: Kibana writes each space's detection alerts to its own
     * {@code .alerts-security.alerts-<space id>}, so a rule reading alerts reads those of its own space.
     */
    public static String alertsIndex(String space) {
        return ".alerts-security.alerts-" + space;
    }

    /** The ES|QL query over the default space's alerts. */
    public String esql() {
        return esql(DEFAULT_SPACE);
    }

    /** The ES|QL query over the alerts of the Kibana space {@code space} (its id). */
    public String esql(String space) {
        List<String> tacticNames = new ArrayList<>(tactics.keySet());
        String ruleId = "kibana.alert.rule.rule_id";
        StringBuilder q = new StringBuilder("FROM ").append(alertsIndex(space));
        q.append("\n| WHERE ").append(ruleId).append(" IN (").append(quoted(ruleIds())).append(")")
                .append(" AND kibana.alert.workflow_status != \"closed\" AND kibana.alert.building_block_type IS NULL");
        String mailbox = thresholdByMailbox.isEmpty() ? "related.user"
                : "CASE(" + ruleId + " IN (" + quoted(thresholdByMailbox) + "), kibana.alert.threshold_result.terms.value, related.user)";
        q.append("\n| EVAL fw_mailbox = ").append(mailbox);
        q.append("\n| MV_EXPAND fw_mailbox");
        q.append("\n| WHERE fw_mailbox IS NOT NULL");
        List<String> coverage = coverageRuleIds();
        q.append("\n| EVAL fw_mailbox = TO_LOWER(fw_mailbox), fw_coverage = ")
                .append(coverage.isEmpty() ? "0" : "CASE(" + ruleId + " IN (" + quoted(coverage) + "), 1, 0)");
        List<String> evals = new ArrayList<>();
        evals.add("fw_risk = CASE(fw_coverage == 1, 0, kibana.alert.risk_score)");
        evals.add("fw_critical = CASE(fw_coverage == 0 AND kibana.alert.severity == \"critical\", 1, 0)");
        for (int i = 0; i < tacticNames.size(); i++) {
            evals.add("fw_tactic_" + i + " = CASE(" + ruleId + " IN (" + quoted(tactics.get(tacticNames.get(i))) + "), 1, 0)");
        }
        q.append("\n| EVAL ").append(String.join(", ", evals));
        List<String> perRule = new ArrayList<>(List.of("fw_risk = MAX(fw_risk)", "fw_critical = MAX(fw_critical)",
                "fw_coverage = MAX(fw_coverage)"));
        List<String> perMailbox = new ArrayList<>(List.of("forgewatch.incident.score = SUM(fw_risk)", "fw_rules = SUM(fw_adds)",
                "fw_critical = MAX(fw_critical)", "fw_coverage = MAX(fw_coverage)"));
        for (int i = 0; i < tacticNames.size(); i++) {
            perRule.add("fw_tactic_" + i + " = MAX(fw_tactic_" + i + ")");
            perMailbox.add("fw_tactic_" + i + " = MAX(fw_tactic_" + i + ")");
        }
        perRule.add("fw_first = MIN(`@timestamp`), fw_last = MAX(`@timestamp`)");
        perMailbox.add("event.start = MIN(fw_first), event.end = MAX(fw_last)");
        q.append("\n| STATS ").append(String.join(", ", perRule)).append(" BY fw_mailbox, ").append(ruleId);
        q.append("\n| EVAL fw_adds = 1 - fw_coverage");
        q.append("\n| STATS ").append(String.join(", ", perMailbox)).append(" BY fw_mailbox");
        String tacticSum = tacticNames.isEmpty() ? "0"
                : java.util.stream.IntStream.range(0, tacticNames.size()).mapToObj(i -> "fw_tactic_" + i).collect(Collectors.joining(" + "));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < tacticNames.size(); i++) {
            names.add("CASE(fw_tactic_" + i + " == 1, " + Esql.quoted(";" + tacticNames.get(i)) + ", \"\")");
        }
        q.append("\n| EVAL forgewatch.incident.tactic_count = ").append(tacticSum);
        IncidentPolicy.Open open = policy.open();
        IncidentPolicy.Compromised worst = policy.compromised();
        String opens = or((open.critical() ? "fw_critical == 1" : null), "forgewatch.incident.score >= " + open.score(),
                "(forgewatch.incident.tactic_count >= " + open.tactics() + " AND fw_rules >= " + open.rules() + ")");
        String compromised = "(" + opens + ") AND (" + or(worst.critical() ? "fw_critical == 1" : null,
                "(forgewatch.incident.score >= " + worst.score() + " AND forgewatch.incident.tactic_count >= " + worst.tactics() + ")") + ")";
        q.append("\n| EVAL forgewatch.incident.verdict = CASE(").append(compromised).append(", \"").append(Verdict.COMPROMISED.label())
                .append("\", ").append(opens).append(", \"").append(Verdict.SUSPICIOUS.label()).append("\", fw_coverage == 1, \"")
                .append(Verdict.COVERAGE_GAP.label()).append("\", NULL)");
        q.append("\n| WHERE forgewatch.incident.verdict IS NOT NULL");
        q.append("\n| EVAL user.name = fw_mailbox, related.user = fw_mailbox, forgewatch.incident.rule_count = fw_rules");
        if (!names.isEmpty()) {
            // ";A;B" → [A, B]: CONCAT and SPLIT, ES|QL functions of every line that has ES|QL rules
            List<String> parts = new ArrayList<>(names);
            if (parts.size() == 1) {
                parts.add("\"\"");
            }
            q.append(", forgewatch.incident.tactics = CASE(forgewatch.incident.tactic_count == 0, NULL, SPLIT(SUBSTRING(CONCAT(")
                    .append(String.join(", ", parts)).append("), 2), \";\"))");
        }
        q.append("\n| KEEP user.name, related.user, forgewatch.incident.verdict, forgewatch.incident.score, ")
                .append("forgewatch.incident.tactic_count, ").append(names.isEmpty() ? "" : "forgewatch.incident.tactics, ")
                .append("forgewatch.incident.rule_count, event.start, event.end");
        return q.toString();
    }

    private static String or(String... parts) {
        return java.util.Arrays.stream(parts).filter(p -> p != null).collect(Collectors.joining(" OR "));
    }

    private static String quoted(List<String> values) {
        return values.stream().map(Esql::quoted).collect(Collectors.joining(", "));
    }

    /** The Kibana rule object (import shape), disabled as every ForgeWatch rule ships. */
    public ObjectNode kibanaRule() {
        return kibanaRule(DEFAULT_SPACE);
    }

    /** The Kibana rule for the space {@code space} (its id): it reads that space's alerts. */
    public ObjectNode kibanaRule(String space) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("rule_id", RULE_ID);
        node.put("name", NAME);
        node.put("description", "One alert per mailbox whose ForgeWatch alerts, within " + policy.window() + ", add up to an incident"
                + " as incidents.yaml defines it (the model 'forgewatch hunt' runs offline): summed risk of "
                + policy.open().score() + " or more (each rule once), " + policy.open().tactics() + " or more ATT&CK tactics from "
                + policy.open().rules() + " or more rules" + (policy.open().critical() ? ", or a critical alert" : "")
                + "; a coverage rule alone gives the verdict coverage-gap. The verdict is in forgewatch.incident.verdict and sets"
                + " the alert's severity (compromised critical, suspicious high, coverage-gap low).");
        node.put("enabled", false);
        node.put("severity", "high");
        ArrayNode severityMapping = node.putArray("severity_mapping");
        for (Verdict verdict : new Verdict[] {Verdict.COMPROMISED, Verdict.SUSPICIOUS, Verdict.COVERAGE_GAP}) {
            ObjectNode mapping = severityMapping.addObject();
            mapping.put("field", "forgewatch.incident.verdict");
            mapping.put("operator", "equals");
            mapping.put("value", verdict.label());
            mapping.put("severity", SEVERITY.get(verdict));
        }
        node.put("risk_score", policy.levelScores().get(dev.forgewatch.common.event.Severity.HIGH));
        node.put("interval", INTERVAL_MINUTES + "m");
        node.put("from", "now-" + (policy.window().minutes() + Long.parseLong(INTERVAL_MINUTES)) + "m");
        node.put("max_signals", 100);
        node.put("version", 1);
        node.putArray("author").add("ForgeWatch");
        node.putArray("references").add("https://www.cisa.gov/news-events/cybersecurity-advisories/aa23-193a");
        node.putArray("false_positives").add("A mailbox whose legitimate activity raises several medium or high ForgeWatch alerts in one"
                + " window (tune those rules with exceptions; the incident follows).");
        ArrayNode tags = node.putArray("tags");
        List.of("ForgeWatch", "Domain: Cloud", "Data Source: Microsoft 365", "Use Case: Threat Detection", "Rule Type: Higher-Order Rule")
                .forEach(tags::add);
        node.putArray("threat");
        node.put("note", note());
        ObjectNode meta = node.putObject("meta");
        meta.put("forgewatch_rule", "incidents");
        meta.put("source_file", IncidentPolicy.FILE);
        node.put("type", "esql");
        node.put("language", "esql");
        node.put("query", esql(space));
        // every run sees the whole window again: one alert per mailbox and verdict per window, a worse verdict alerts anew
        KibanaRules.alertSuppression(node, List.of("user.name", "forgewatch.incident.verdict"), policy.window());
        return node;
    }

    private String note() {
        StringBuilder note = new StringBuilder("## Triage and analysis\n\n### Investigating a ForgeWatch mailbox incident\n\n");
        note.append("The alert names the mailbox (user.name) and the incident's verdict, score, tactics and the number of rules that"
                + " added risk (forgewatch.incident.*), with the first and last alert time (event.start, event.end).\n\n### Steps\n\n");
        note.append("1. Open the Incidents dashboard and the mailbox's ForgeWatch alerts between event.start and event.end.\n");
        note.append("2. For compromised: revoke the mailbox's sessions and refresh tokens, review the apps in the alerts, block"
                + " the addresses named by IOC alerts, preserve the audit logs.\n");
        note.append("3. Scope the mail read with 'forgewatch hunt --mailbox USER --since DAY' on the exported logs: the offline"
                + " incident lists the MailItemsAccessed records, folders and message ids.\n");
        note.append("4. For coverage-gap: turn on MailItemsAccessed auditing for the mailbox; nothing can be said about its reads.\n");
        note.append("\nGenerated by ForgeWatch from ").append(IncidentPolicy.FILE)
                .append(" and the rules' metadata; change incidents.yaml, not this copy.\n");
        return note.toString();
    }

    /**
     * The query DSL twin over {@code [from, to)}: per mailbox (a script: the threshold value for threshold
     * rules grouped by mailbox, else every related.user, lower-cased), per rule id, the highest risk score,
     * whether a critical alert is there, the first and last alert time.
     */
    public ObjectNode searchRequest(String from, String to) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("size", 0);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        ArrayNode ids = filter.addObject().putObject("terms").putArray("kibana.alert.rule.rule_id");
        ruleIds().forEach(ids::add);
        ObjectNode range = filter.addObject().putObject("range").putObject("@timestamp");
        range.put("gte", from);
        range.put("lt", to);
        ObjectNode bool = body.with("query").with("bool");
        ArrayNode mustNot = bool.putArray("must_not");
        mustNot.addObject().putObject("term").put("kibana.alert.workflow_status", "closed");
        mustNot.addObject().putObject("exists").put("field", "kibana.alert.building_block_type");
        ObjectNode byMailbox = body.putObject("aggs").putObject("by_mailbox");
        ObjectNode terms = byMailbox.putObject("terms");
        terms.put("size", 10000);
        ObjectNode script = terms.putObject("script");
        script.put("lang", "painless");
        script.put("source", "def id = doc['kibana.alert.rule.rule_id'].value; def out = new ArrayList();"
                + " def values = params.threshold.contains(id) ? doc['kibana.alert.threshold_result.terms.value'] : doc['related.user'];"
                + " for (def v : values) { out.add(v.toLowerCase()); } return out;");
        ArrayNode threshold = script.putObject("params").putArray("threshold");
        thresholdByMailbox.forEach(threshold::add);
        ObjectNode byRule = byMailbox.putObject("aggs").putObject("by_rule");
        byRule.putObject("terms").put("field", "kibana.alert.rule.rule_id").put("size", 1000);
        ObjectNode aggs = byRule.putObject("aggs");
        aggs.putObject("risk").putObject("max").put("field", "kibana.alert.risk_score");
        aggs.putObject("critical").putObject("filter").putObject("term").put("kibana.alert.severity", "critical");
        aggs.putObject("first").putObject("min").put("field", "@timestamp");
        aggs.putObject("last").putObject("max").put("field", "@timestamp");
        return body;
    }

    /** One mailbox's buckets of {@link #searchRequest} → its verdict: rule id → (max risk, has a critical alert). */
    public Verdict verdict(Map<String, Integer> riskByRule, java.util.Set<String> criticalRules) {
        int score = 0;
        int rules = 0;
        boolean critical = false;
        boolean coverage = false;
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (Map.Entry<String, Integer> entry : riskByRule.entrySet()) {
            RiskProfile profile = counted.get(entry.getKey());
            if (profile == null) {
                continue;
            }
            if (profile.coverage()) {
                coverage = true;
                continue;
            }
            score += entry.getValue();
            rules++;
            critical |= criticalRules.contains(entry.getKey());
            tactics.forEach((tactic, ids) -> {
                if (ids.contains(entry.getKey())) {
                    seen.add(tactic);
                }
            });
        }
        return verdict(score, seen.size(), rules, critical, coverage);
    }
}
