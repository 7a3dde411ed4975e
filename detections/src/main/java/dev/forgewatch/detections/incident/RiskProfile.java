package dev.forgewatch.detections.incident;

import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.detections.rule.AttackCatalog.Tactic;
import dev.forgewatch.detections.rule.Correlation;
import dev.forgewatch.detections.rule.CorrelationRule;
import dev.forgewatch.detections.rule.Rule;
import java.util.List;

/**
 * What the incident model knows of one rule: its risk score and ATT&CK tactics (the tactics of its
 * Kibana threat mapping), whether its findings add risk ({@code contributes}: at or above the
 * policy's level and not a coverage rule), whether they say logs are missing, whether their address
 * or app links a campaign, and whether the rule counts mailboxes (an app-level finding: the mailboxes
 * it counted are touched, not accused).
 */
public record RiskProfile(String ruleId, String name, String title, Severity level, int score, List<String> tactics,
        boolean contributes, boolean coverage, boolean ioc, boolean linksApps, boolean countsMailboxes) {

    public RiskProfile {
        tactics = List.copyOf(tactics);
    }

    static RiskProfile of(Rule rule, IncidentPolicy policy) {
        boolean coverage = policy.coverage().contains(rule.name());
        boolean counts = rule instanceof CorrelationRule correlation
                && correlation.correlation().type() == Correlation.Type.VALUE_COUNT
                && correlation.correlation().field().canonical().equals(Fields.MAILBOX_OWNER_UPN);
        return new RiskProfile(rule.info().id(), rule.name(), rule.info().title(), rule.info().level(), policy.score(rule),
                rule.info().threatMapping().keySet().stream().map(Tactic::name).toList(),
                !coverage && rule.info().level().atLeast(policy.contributesFrom()), coverage,
                policy.iocRules().contains(rule.name()), policy.appRules().contains(rule.name()), counts);
    }

    /** A critical finding that adds risk: opens an incident, and makes it compromised. */
    public boolean critical() {
        return contributes && level == Severity.CRITICAL;
    }
}
