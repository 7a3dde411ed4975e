package dev.forgewatch.detections.rule;

import dev.forgewatch.common.event.Severity;
import dev.forgewatch.detections.rule.AttackCatalog.Tactic;
import dev.forgewatch.detections.rule.AttackCatalog.Technique;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The descriptive part of a rule: Sigma's standard keys plus ForgeWatch's triage steps.
 *
 * @param name       Sigma's {@code name}: a unique snake_case handle used by correlations, Splunk
 *                   stanza and macro names, and golden files
 * @param techniques the ATT&CK techniques of its {@code attack.tXXXX} tags
 * @param tactics    the tactics of its {@code attack.<tactic>} tags (may be empty)
 * @param status     null, like {@code level}, only for base rules of a correlation, which do not alert
 */
public record RuleInfo(
        String id,
        String name,
        String title,
        String status,
        String description,
        List<String> references,
        String author,
        String date,
        String modified,
        List<String> tags,
        Severity level,
        List<String> falsePositives,
        List<Technique> techniques,
        List<Tactic> tactics,
        List<String> triage) {

    public RuleInfo {
        references = List.copyOf(references);
        tags = List.copyOf(tags);
        falsePositives = List.copyOf(falsePositives);
        techniques = List.copyOf(techniques);
        tactics = List.copyOf(tactics);
        triage = List.copyOf(triage);
    }

    public List<String> attackIds() {
        return techniques.stream().map(Technique::id).toList();
    }

    /**
     * Techniques grouped under the tactic they serve in this rule: the tactics the rule tags, else
     * each technique's first ATT&CK tactic. Kibana's threat mapping and Splunk's annotations use it.
     */
    public Map<Tactic, List<Technique>> threatMapping() {
        Map<Tactic, List<Technique>> mapping = new LinkedHashMap<>();
        for (Technique technique : techniques) {
            List<Tactic> chosen = technique.tactics().stream().filter(tactics::contains).toList();
            if (chosen.isEmpty()) {
                chosen = List.of(technique.tactics().get(0));
            }
            chosen.forEach(tactic -> mapping.computeIfAbsent(tactic, t -> new ArrayList<>()).add(technique));
        }
        return mapping;
    }
}
