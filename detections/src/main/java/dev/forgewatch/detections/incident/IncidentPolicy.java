package dev.forgewatch.detections.incident;

import dev.forgewatch.common.event.Severity;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleException;
import dev.forgewatch.detections.rule.RuleException.Problem;
import dev.forgewatch.detections.rule.RuleSet;
import dev.forgewatch.detections.rule.Timespan;
import dev.forgewatch.detections.yaml.YamlException;
import dev.forgewatch.detections.yaml.YamlList;
import dev.forgewatch.detections.yaml.YamlMap;
import dev.forgewatch.detections.yaml.YamlNode;
import dev.forgewatch.detections.yaml.YamlReader;
import dev.forgewatch.detections.yaml.YamlScalar;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How findings become incidents, read from {@code incidents.yaml} beside the rules: the window risk
 * accumulates in, what opens an incident, what makes it {@code compromised}, each rule's risk score,
 * the coverage rules and the rules whose entities link incidents into a campaign. The one source of
 * the offline model, the Kibana risk scores and incident rule, and the Splunk risk events and
 * incident search.
 *
 * @param ruleScores overrides of the level scores, by rule name
 * @param coverage   rules whose findings say logs are missing
 * @param iocRules   rules whose address is an indicator of compromise (links a campaign)
 * @param appRules   rules whose app links a campaign
 */
public record IncidentPolicy(Timespan window, Severity contributesFrom, Open open, Compromised compromised,
        Map<Severity, Integer> levelScores, Map<String, Integer> ruleScores, Set<String> coverage, Set<String> iocRules,
        Set<String> appRules) {

    /** The file name beside the rules. */
    public static final String FILE = "incidents.yaml";
    private static final String RESOURCE = "/dev/forgewatch/detections/rules/" + FILE;
    private static volatile IncidentPolicy standard;

    /** What opens an incident within one window. */
    public record Open(int score, int tactics, int rules, boolean critical) {
    }

    /** What makes an incident's verdict {@code compromised} within one window. */
    public record Compromised(boolean critical, int score, int tactics) {
    }

    public IncidentPolicy {
        levelScores = Map.copyOf(levelScores);
        ruleScores = Map.copyOf(ruleScores);
        coverage = Set.copyOf(coverage);
        iocRules = Set.copyOf(iocRules);
        appRules = Set.copyOf(appRules);
    }

    /** The policy shipped beside the rule pack. */
    public static IncidentPolicy standard() {
        IncidentPolicy policy = standard;
        if (policy == null) {
            try (InputStream in = IncidentPolicy.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                policy = parse(FILE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuleException e) {
                throw new IllegalStateException("the shipped " + FILE + " does not load:\n" + e.getMessage(), e);
            }
            standard = policy;
        }
        return policy;
    }

    /** The risk score of a rule's findings: its override, else its level's. */
    public int score(Rule rule) {
        Integer override = ruleScores.get(rule.name());
        return override != null ? override : levelScores.get(rule.info().level());
    }

    /** What the model needs to know of a rule. */
    public RiskProfile profile(Rule rule) {
        return RiskProfile.of(rule, this);
    }

    /** Rule names this policy refers to that the pack does not hold as alerting rules. */
    public List<Problem> check(RuleSet rules, String file) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Set<String>> references = new LinkedHashMap<>();
        references.put("scores.rules", ruleScores.keySet());
        references.put("coverage", coverage);
        references.put("campaign.ioc", iocRules);
        references.put("campaign.apps", appRules);
        references.forEach((key, names) -> {
            for (String name : names) {
                Rule rule = rules.rule(name);
                if (rule == null || !rules.isAlerting(rule)) {
                    problems.add(new Problem(file, 0, key + " names '" + name + "', which is not an alerting rule of the pack"));
                }
            }
        });
        return problems;
    }

    public static IncidentPolicy parse(String file, String text) throws RuleException {
        Reader reader = new Reader(file);
        try {
            List<YamlNode> documents = YamlReader.readDocuments(text);
            if (documents.size() != 1 || !(documents.get(0) instanceof YamlMap root)) {
                throw new RuleException(file, 0, "expected one YAML mapping");
            }
            return reader.policy(root);
        } catch (YamlException e) {
            throw new RuleException(file, e.line(), e.getMessage());
        } catch (Invalid e) {
            throw new RuleException(file, e.line, e.getMessage());
        }
    }

    /** A problem at a line of the file. */
    private static final class Invalid extends Exception {
        private final int line;

        Invalid(int line, String reason) {
            super(reason);
            this.line = line;
        }
    }

    /** Reads the mapping strictly: unknown keys and wrong types are errors, with their line. */
    private record Reader(String file) {
        IncidentPolicy policy(YamlMap root) throws Invalid {
            keys(root, "version", "window", "contributes_from", "open", "compromised", "scores", "coverage", "campaign");
            if (integer(root, "version") != 1) {
                throw new Invalid(root.lineOf("version"), "version must be 1");
            }
            Timespan window;
            try {
                window = Timespan.parse(string(root, "window"));
            } catch (IllegalArgumentException e) {
                throw new Invalid(root.lineOf("window"), "window: " + e.getMessage());
            }
            Severity from = severity(root, "contributes_from");
            YamlMap open = map(root, "open");
            keys(open, "score", "tactics", "rules", "critical");
            YamlMap compromised = map(root, "compromised");
            keys(compromised, "critical", "score", "tactics");
            YamlMap scores = map(root, "scores");
            keys(scores, "levels", "rules");
            YamlMap levels = map(scores, "levels");
            keys(levels, java.util.Arrays.stream(Severity.values()).map(Severity::label).toArray(String[]::new));
            Map<Severity, Integer> levelScores = new EnumMap<>(Severity.class);
            for (Severity level : Severity.values()) {
                levelScores.put(level, riskScore(levels, level.label()));
            }
            YamlMap overrides = map(scores, "rules");
            Map<String, Integer> ruleScores = new LinkedHashMap<>();
            for (String name : overrides.entries().keySet()) {
                ruleScores.put(name, riskScore(overrides, name));
            }
            YamlMap campaign = map(root, "campaign");
            keys(campaign, "ioc", "apps");
            return new IncidentPolicy(window, from,
                    new Open(integer(open, "score"), integer(open, "tactics"), integer(open, "rules"), bool(open, "critical")),
                    new Compromised(bool(compromised, "critical"), integer(compromised, "score"), integer(compromised, "tactics")),
                    levelScores, ruleScores, names(root, "coverage"), names(campaign, "ioc"), names(campaign, "apps"));
        }

        private static void keys(YamlMap map, String... allowed) throws Invalid {
            List<String> known = List.of(allowed);
            for (YamlMap.Entry entry : map.entries().values()) {
                if (!known.contains(entry.key())) {
                    throw new Invalid(entry.keyLine(), "unknown key '" + entry.key() + "' (expected " + String.join(", ", known) + ")");
                }
            }
            for (String key : known) {
                if (!map.has(key)) {
                    throw new Invalid(map.line(), "missing key '" + key + "'");
                }
            }
        }

        private static YamlMap map(YamlMap parent, String key) throws Invalid {
            YamlNode node = parent.get(key);
            if (node instanceof YamlMap map) {
                return map;
            }
            throw new Invalid(parent.lineOf(key), key + " must be a mapping");
        }

        private static YamlScalar scalar(YamlMap parent, String key) throws Invalid {
            YamlNode node = parent.get(key);
            if (node instanceof YamlScalar scalar && !scalar.isNull()) {
                return scalar;
            }
            throw new Invalid(parent.lineOf(key), key + " must be a value");
        }

        private static String string(YamlMap parent, String key) throws Invalid {
            return scalar(parent, key).text();
        }

        private static int integer(YamlMap parent, String key) throws Invalid {
            YamlScalar scalar = scalar(parent, key);
            if (scalar.type() != YamlScalar.Type.INTEGER || Long.parseLong(scalar.text()) < 0 || Long.parseLong(scalar.text()) > 100_000) {
                throw new Invalid(scalar.line(), key + " must be a whole number from 0, got '" + scalar.text() + "'");
            }
            return Integer.parseInt(scalar.text());
        }

        private static int riskScore(YamlMap parent, String key) throws Invalid {
            int score = integer(parent, key);
            if (score > 100) {
                throw new Invalid(parent.lineOf(key), key + ": a risk score is 0 to 100 (Kibana's range), got " + score);
            }
            return score;
        }

        private static boolean bool(YamlMap parent, String key) throws Invalid {
            YamlScalar scalar = scalar(parent, key);
            if (scalar.type() != YamlScalar.Type.BOOLEAN) {
                throw new Invalid(scalar.line(), key + " must be true or false");
            }
            return Boolean.parseBoolean(scalar.text());
        }

        private static Severity severity(YamlMap parent, String key) throws Invalid {
            try {
                return Severity.parse(string(parent, key));
            } catch (IllegalArgumentException e) {
                throw new Invalid(parent.lineOf(key), key + ": " + e.getMessage());
            }
        }

        private static Set<String> names(YamlMap parent, String key) throws Invalid {
            YamlNode node = parent.get(key);
            if (!(node instanceof YamlList list)) {
                throw new Invalid(parent.lineOf(key), key + " must be a list of rule names");
            }
            Set<String> names = new LinkedHashSet<>();
            for (YamlNode item : list.items()) {
                if (!(item instanceof YamlScalar scalar) || scalar.type() != YamlScalar.Type.STRING) {
                    throw new Invalid(list.line(), key + " must be a list of rule names");
                }
                names.add(scalar.text());
            }
            return names;
        }
    }
}
