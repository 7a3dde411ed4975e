package dev.forgewatch.detections.baseline;

import dev.forgewatch.detections.rule.CorrelationRule;
import dev.forgewatch.detections.rule.DetectionRule;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleException;
import dev.forgewatch.detections.rule.RuleException.Problem;
import dev.forgewatch.detections.rule.RuleSet;
import dev.forgewatch.detections.rule.Timespan;
import dev.forgewatch.detections.yaml.YamlException;
import dev.forgewatch.detections.yaml.YamlMap;
import dev.forgewatch.detections.yaml.YamlNode;
import dev.forgewatch.detections.yaml.YamlReader;
import dev.forgewatch.detections.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How stateful rules learn a baseline, read from {@code baselines.yaml} beside the rules: per rule a
 * learning period (findings in it are marked and capped at low) and how many earlier days at the
 * same hour make a pattern established (marked recurring, informational). Checked against the rules
 * on load: every problem named with its line.
 */
public record BaselinePolicy(Map<String, Baseline> rules, Suggestions suggestions) {
    public static final String FILE = "baselines.yaml";
    public static final BaselinePolicy NONE = new BaselinePolicy(Map.of(), null);

    /** One rule's baseline. */
    public record Baseline(Timespan learn, int recurring, int hours) {
    }

    /**
     * What {@code forgewatch rules tune} calls a scheduled service, from the file's {@code suggestions} block:
     * an app or address whose findings fall on at least {@code days} distinct UTC days, name at least
     * {@code mailboxes} mailboxes, and {@code onSchedulePercent} % of them within {@code hours} of the usual hour of
     * the day; an account reading at least {@code mailboxes} other mailboxes on at least {@code days} days from at
     * most {@code accountAddresses} addresses is a service account.
     */
    public record Suggestions(int days, int mailboxes, int onSchedulePercent, int hours, int accountAddresses) {
    }

    public BaselinePolicy {
        rules = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    }

    public BaselinePolicy(Map<String, Baseline> rules) {
        this(rules, null);
    }

    public Baseline of(Rule rule) {
        return rules.get(rule.name());
    }

    public static BaselinePolicy parse(String file, String text, RuleSet ruleSet) throws RuleException {
        List<Problem> problems = new ArrayList<>();
        YamlMap root;
        try {
            List<YamlNode> documents = YamlReader.readDocuments(text);
            if (documents.size() != 1 || !(documents.get(0) instanceof YamlMap map)) {
                throw new RuleException(file, 0, "expected one YAML mapping (version, rules)");
            }
            root = map;
        } catch (YamlException e) {
            throw new RuleException(file, e.line(), e.getMessage());
        }
        for (YamlMap.Entry entry : root.entries().values()) {
            if (!Set.of("version", "rules", "suggestions").contains(entry.key())) {
                problems.add(new Problem(file, entry.keyLine(), "unknown key '" + entry.key()
                        + "' (expected version, rules, suggestions)"));
            }
        }
        if (!(root.get("version") instanceof YamlScalar version) || !version.text().equals("1")) {
            problems.add(new Problem(file, root.has("version") ? root.lineOf("version") : root.line(), "version must be 1"));
        }
        Suggestions suggestions = root.has("suggestions") ? suggestions(root, file, problems) : null;
        Map<String, Baseline> baselines = new LinkedHashMap<>();
        YamlNode rulesNode = root.get("rules");
        if (!(rulesNode instanceof YamlMap rules)) {
            problems.add(new Problem(file, root.has("rules") ? root.lineOf("rules") : root.line(),
                    "rules must be a mapping of rule name to its baseline"));
            throw new RuleException(problems);
        }
        for (YamlMap.Entry entry : rules.entries().values()) {
            String name = entry.key();
            int line = entry.keyLine();
            Rule rule = ruleSet.rule(name);
            if (rule == null || !ruleSet.isAlerting(rule)) {
                problems.add(new Problem(file, line, "'" + name + "' is not an alerting rule of the pack"));
                continue;
            }
            if (!(rule instanceof CorrelationRule) && !(rule instanceof DetectionRule d && d.newTerms() != null)) {
                problems.add(new Problem(file, line, "'" + name + "' keeps no state (a baseline needs a correlation or a first-seen rule)"));
                continue;
            }
            if (!(entry.value() instanceof YamlMap map)) {
                problems.add(new Problem(file, line, name + ": expected a mapping with learn, recurring, hours"));
                continue;
            }
            for (YamlMap.Entry key : map.entries().values()) {
                if (!Set.of("learn", "recurring", "hours").contains(key.key())) {
                    problems.add(new Problem(file, key.keyLine(), name + ": unknown key '" + key.key() + "' (expected learn, recurring, hours)"));
                }
            }
            Timespan learn = null;
            if (map.get("learn") instanceof YamlScalar s && !s.isNull()) {
                try {
                    learn = Timespan.parse(s.text());
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem(file, s.line(), name + ": learn: " + e.getMessage()));
                }
            } else {
                problems.add(new Problem(file, map.line(), name + ": learn must be a timespan such as 7d"));
            }
            int recurring = whole(map, "recurring", 2, 60, name, file, problems);
            int hours = whole(map, "hours", 0, 11, name, file, problems);
            if (learn != null && recurring >= 0 && hours >= 0) {
                baselines.put(rule.name(), new Baseline(learn, recurring, hours));
            }
        }
        if (!problems.isEmpty()) {
            throw new RuleException(problems);
        }
        return new BaselinePolicy(baselines, suggestions);
    }

    private static final List<String> SUGGESTION_KEYS = List.of("days", "mailboxes", "on_schedule", "hours", "account_addresses");

    private static Suggestions suggestions(YamlMap root, String file, List<Problem> problems) {
        if (!(root.get("suggestions") instanceof YamlMap map)) {
            problems.add(new Problem(file, root.lineOf("suggestions"), "suggestions: expected a mapping with "
                    + String.join(", ", SUGGESTION_KEYS)));
            return null;
        }
        for (YamlMap.Entry key : map.entries().values()) {
            if (!SUGGESTION_KEYS.contains(key.key())) {
                problems.add(new Problem(file, key.keyLine(), "suggestions: unknown key '" + key.key() + "' (expected "
                        + String.join(", ", SUGGESTION_KEYS) + ")"));
            }
        }
        int days = whole(map, "days", 2, 366, "suggestions", file, problems);
        int mailboxes = whole(map, "mailboxes", 2, 1_000_000, "suggestions", file, problems);
        int onSchedule = whole(map, "on_schedule", 1, 100, "suggestions", file, problems);
        int hours = whole(map, "hours", 0, 11, "suggestions", file, problems);
        int addresses = whole(map, "account_addresses", 1, 100, "suggestions", file, problems);
        if (days < 0 || mailboxes < 0 || onSchedule < 0 || hours < 0 || addresses < 0) {
            return null;
        }
        return new Suggestions(days, mailboxes, onSchedule, hours, addresses);
    }

    private static int whole(YamlMap map, String key, int min, int max, String rule, String file, List<Problem> problems) {
        if (map.get(key) instanceof YamlScalar s && s.type() == YamlScalar.Type.INTEGER) {
            long value = Long.parseLong(s.text());
            if (value >= min && value <= max) {
                return (int) value;
            }
            problems.add(new Problem(file, s.line(), rule + ": " + key + " must be from " + min + " to " + max + ", got " + value));
            return -1;
        }
        problems.add(new Problem(file, map.has(key) ? map.lineOf(key) : map.line(), rule + ": " + key + " must be a whole number"));
        return -1;
    }
}
