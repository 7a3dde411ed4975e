package dev.forgewatch.detections.pack;

import dev.forgewatch.common.mapping.CanonicalEventCodec;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.Detector;
import dev.forgewatch.detections.engine.DetectionEngine;
import dev.forgewatch.detections.incident.IncidentPolicy;
import dev.forgewatch.detections.rule.AttackCatalog;
import dev.forgewatch.detections.rule.Lookup;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleException;
import dev.forgewatch.detections.rule.RuleException.Problem;
import dev.forgewatch.detections.rule.RuleLoader;
import dev.forgewatch.detections.rule.RuleSet;
import dev.forgewatch.detections.tuning.Tuning;
import dev.forgewatch.detections.baseline.BaselinePolicy;
import dev.forgewatch.detections.engine.EngineLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule pack: Sigma rules under {@code <area>/<name>.yml}, their test fixtures
 * ({@code <name>.tests.json}), lookups ({@code lookups/<name>.csv}) and the incident policy
 * ({@code incidents.yaml}; a folder without one gets the shipped policy) and the tuning
 * ({@code tuning.yaml}; a folder without one has none). {@link #standard()} is the
 * pack ForgeWatch ships; {@link #load(Path)} reads a folder laid out the same way.
 */
public final class RulePack {
    public static final String TESTS_SUFFIX = ".tests.json";

    private static volatile RulePack standard;

    private final RuleSet rules;
    private final IncidentPolicy policy;
    private final Tuning tuning;
    private final BaselinePolicy baselines;
    private final List<RuleTestCase> tests;
    private final List<Problem> coverageProblems;

    private RulePack(RuleSet rules, IncidentPolicy policy, Tuning tuning, BaselinePolicy baselines, List<RuleTestCase> tests,
            List<Problem> coverageProblems) {
        this.rules = rules;
        this.policy = policy;
        this.tuning = tuning;
        this.baselines = baselines;
        this.tests = List.copyOf(tests);
        this.coverageProblems = List.copyOf(coverageProblems);
    }

    /** The shipped pack, loaded once; a broken shipped pack is a build error, so this throws unchecked. */
    public static RulePack standard() {
        RulePack pack = standard;
        if (pack == null) {
            try {
                pack = fromFiles(PackFiles.fromClasspath(), FieldCatalog.standard());
            } catch (RuleException e) {
                throw new IllegalStateException("the shipped rule pack does not load:\n" + e.getMessage(), e);
            }
            standard = pack;
        }
        return pack;
    }

    public static RulePack load(Path directory) throws IOException, RuleException {
        return fromFiles(PackFiles.fromDirectory(directory), FieldCatalog.standard());
    }

    static RulePack fromFiles(Map<String, String> files, FieldCatalog catalog) throws RuleException {
        List<Problem> problems = new ArrayList<>();
        Map<String, Lookup> lookups = new LinkedHashMap<>();
        List<RuleLoader.Source> sources = new ArrayList<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (file.getKey().startsWith("lookups/")) {
                try {
                    Lookup lookup = LookupReader.read(file.getKey(), file.getValue());
                    lookups.put(lookup.name(), lookup);
                } catch (RuleException e) {
                    problems.addAll(e.problems());
                }
            } else if (file.getKey().endsWith(".yml")) {
                sources.add(new RuleLoader.Source(file.getKey(), file.getValue()));
            }
        }
        if (!problems.isEmpty()) {
            throw new RuleException(problems);
        }
        RuleSet rules = new RuleLoader(catalog, AttackCatalog.standard(), lookups).load(sources);
        // a pack without its own policy gets the shipped one, whose rule names it need not hold
        String policyText = files.get(IncidentPolicy.FILE);
        IncidentPolicy policy = IncidentPolicy.standard();
        if (policyText != null) {
            policy = IncidentPolicy.parse(IncidentPolicy.FILE, policyText);
            problems.addAll(policy.check(rules, IncidentPolicy.FILE));
        }
        Tuning tuning = Tuning.NONE;
        String tuningText = files.get(Tuning.FILE);
        if (tuningText != null) {
            try {
                tuning = Tuning.parse(Tuning.FILE, tuningText, rules, catalog, policy);
            } catch (RuleException e) {
                problems.addAll(e.problems());
            }
        }
        BaselinePolicy baselines = BaselinePolicy.NONE;
        String baselinesText = files.get(BaselinePolicy.FILE);
        if (baselinesText != null) {
            try {
                baselines = BaselinePolicy.parse(BaselinePolicy.FILE, baselinesText, rules);
            } catch (RuleException e) {
                problems.addAll(e.problems());
            }
        }
        CanonicalEventCodec codec = new CanonicalEventCodec(catalog);
        List<RuleTestCase> tests = new ArrayList<>();
        List<Problem> coverage = new ArrayList<>();
        Set<String> fixtures = new HashSet<>();
        for (Rule rule : rules.alerting()) {
            String fixture = rule.file().substring(0, rule.file().length() - ".yml".length()) + TESTS_SUFFIX;
            fixtures.add(fixture);
            String text = files.get(fixture);
            if (text == null) {
                coverage.add(new Problem(rule.file(), 0, "rule '" + rule.name() + "' has no test fixture " + fixture));
                continue;
            }
            try {
                List<RuleTestCase> cases = RuleTests.parse(fixture, text, rule, codec);
                if (cases.stream().noneMatch(RuleTestCase::positive) || cases.stream().allMatch(RuleTestCase::positive)) {
                    coverage.add(new Problem(fixture, 0, "needs at least one positive and one negative case"));
                }
                tests.addAll(cases);
            } catch (RuleException e) {
                problems.addAll(e.problems());
            }
        }
        for (String path : files.keySet()) {
            if (path.endsWith(TESTS_SUFFIX) && !fixtures.contains(path)) {
                problems.add(new Problem(path, 0, "test fixture belongs to no alerting rule"));
            }
        }
        if (!problems.isEmpty()) {
            throw new RuleException(problems);
        }
        return new RulePack(rules, policy, tuning, baselines, tests, coverage);
    }

    public RuleSet rules() {
        return rules;
    }

    /** How this pack's findings become incidents, and its rules' risk scores. */
    public IncidentPolicy policy() {
        return policy;
    }

    /** What this pack's tuning file leaves out (the shipped one: nothing). */
    public Tuning tuning() {
        return tuning;
    }

    /** A tenant's tuning file, checked against this pack's rules; every problem is named with its line. */
    public Tuning tuning(String file, String text) throws RuleException {
        return Tuning.parse(file, text, rules, FieldCatalog.standard(), policy);
    }

    /**
     * The thresholds {@code rules tune} suggests by: the {@code suggestions} block of this pack's
     * {@code baselines.yaml}, else the shipped file's.
     */
    public BaselinePolicy.Suggestions suggestions() {
        BaselinePolicy.Suggestions own = baselines.suggestions();
        return own != null ? own : standard().baselines().suggestions();
    }

    /** How this pack's stateful rules learn their baselines ({@code baselines.yaml}). */
    public BaselinePolicy baselines() {
        return baselines;
    }

    /** A new detector running this pack with its baselines; one per stream, since detectors keep state. */
    public Detector newDetector() {
        return new DetectionEngine(rules, EngineLimits.DEFAULT, baselines);
    }

    public List<RuleTestCase> tests() {
        return tests;
    }

    /** Alerting rules without a fixture, or whose fixture lacks a positive or a negative case. */
    public List<Problem> coverageProblems() {
        return coverageProblems;
    }
}
