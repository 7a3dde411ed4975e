package dev.forgewatch.detections.engine;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.detections.Detector;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.baseline.BaselinePolicy;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.rule.Correlation;
import dev.forgewatch.detections.rule.CorrelationRule;
import dev.forgewatch.detections.rule.DetectionRule;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a rule set over a time-ordered stream of canonical events, in process. Streaming, with
 * state bounded by {@link EngineLimits}: windows expire in stream time, per-rule state is capped
 * with least-recently-seen eviction. The same input gives the same findings in the same order.
 * One engine serves one stream; create a new one per run.
 */
public final class DetectionEngine implements Detector {
    /** How often (in stream time) idle state is swept out; absence correlations are checked on every event. */
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final RuleIndex index;
    private final List<Stateful> tickingList = new ArrayList<>();
    private final List<Stateful> sweepingList = new ArrayList<>();
    /** The lists above as arrays once built: walked on every event, they should cost no iterator. */
    private final Stateful[] ticking;
    private final Stateful[] sweeping;
    private final StreamClock clock = new StreamClock();
    /** The current event's fields, read once each however many rules read them. */
    private final EventFields fields = new EventFields();
    private final int operation = fields.slot(Fields.OPERATION);
    private final EngineStats stats;
    private final Map<String, Duration> learning = new java.util.TreeMap<>();
    private Instant nextSweep;

    public DetectionEngine(RuleSet rules) {
        this(rules, EngineLimits.DEFAULT);
    }

    public DetectionEngine(RuleSet rules, EngineLimits limits) {
        this(rules, limits, BaselinePolicy.NONE);
    }

    /** The engine with the rules' baselines ({@code baselines.yaml}): learning and recurring findings marked. */
    public DetectionEngine(RuleSet rules, EngineLimits limits, BaselinePolicy baselines) {
        this.stats = new EngineStats(limits.maxKeysPerRule());
        Map<DetectionRule, List<MatchListener>> listeners = new IdentityHashMap<>();
        for (Rule rule : rules.rules()) {
            if (rule instanceof DetectionRule detection) {
                listeners.put(detection, new ArrayList<>());
                if (rules.isAlerting(detection)) {
                    FindingFactory factory = new FindingFactory(detection, rules.lookups());
                    if (detection.newTerms() != null) {
                        NewTermsRuntime runtime = new NewTermsRuntime(factory, detection.newTerms(), clock, fields, limits, stats);
                        learning.put(detection.name(), detection.newTerms().baseline().duration());
                        BaselineGate gate = gate(detection, baselines, limits);
                        listeners.get(detection).add(gate == null ? runtime : (event, findings) -> runtime.matched(event, gate.wrap(findings)));
                        sweepingList.add(gate == null ? runtime : gated(runtime, gate));
                    } else {
                        AlertRuntime runtime = new AlertRuntime(factory, detection.suppression(), fields, limits, stats);
                        listeners.get(detection).add(runtime);
                        sweepingList.add(runtime);
                    }
                }
            }
        }
        for (Rule rule : rules.rules()) {
            if (rule instanceof CorrelationRule correlation) {
                CorrelationRuntime runtime = correlationRuntime(correlation, rules, limits);
                BaselineGate gate = gate(correlation, baselines, limits);
                (correlation.correlation().type() == Correlation.Type.ABSENCE ? tickingList : sweepingList)
                        .add(gate == null ? runtime : gated(runtime, gate));
                List<DetectionRule> bases = correlation.correlation().rules();
                for (int i = 0; i < bases.size(); i++) {
                    int ruleIndex = i;
                    listeners.get(bases.get(i)).add(gate == null ? (event, findings) -> runtime.matched(ruleIndex, event, findings)
                            : (event, findings) -> runtime.matched(ruleIndex, event, gate.wrap(findings)));
                }
            }
        }
        List<RuleIndex.Matcher> matchers = new ArrayList<>();
        for (Rule rule : rules.rules()) {
            if (rule instanceof DetectionRule detection && !listeners.get(detection).isEmpty()) {
                Expr residual = RuleIndex.constraint(detection.expr()).residual();
                matchers.add(new RuleIndex.Matcher(detection, residual == null ? event -> true : Predicates.compile(residual, fields),
                        listeners.get(detection).toArray(MatchListener[]::new)));
            }
        }
        this.index = new RuleIndex(matchers);
        this.ticking = tickingList.toArray(Stateful[]::new);
        this.sweeping = sweepingList.toArray(Stateful[]::new);
    }

    private BaselineGate gate(Rule rule, BaselinePolicy baselines, EngineLimits limits) {
        BaselinePolicy.Baseline baseline = baselines.of(rule);
        if (baseline == null) {
            return null;
        }
        learning.merge(rule.name(), baseline.learn().duration(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        return new BaselineGate(rule, baseline, clock, limits, stats);
    }

    /** A stateful runtime whose findings pass its rule's baseline. */
    private static Stateful gated(Stateful runtime, BaselineGate gate) {
        return new Stateful() {
            @Override
            public void advance(Instant now, Consumer<Finding> findings) {
                runtime.advance(now, gate.wrap(findings));
            }

            @Override
            public void finish(Consumer<Finding> findings) {
                runtime.finish(gate.wrap(findings));
            }
        };
    }

    private CorrelationRuntime correlationRuntime(CorrelationRule rule, RuleSet rules, EngineLimits limits) {
        FindingFactory factory = new FindingFactory(rule, rules.lookups());
        Correlation correlation = rule.correlation();
        switch (correlation.type()) {
            case EVENT_COUNT:
                return new EventCountRuntime(factory, correlation, fields, limits, stats);
            case VALUE_COUNT:
                return new ValueCountRuntime(factory, correlation, fields, limits, stats);
            case ABSENCE:
                return new AbsenceRuntime(factory, correlation, fields, limits, stats);
            default:
                return new TemporalRuntime(factory, correlation, fields, limits, stats);
        }
    }

    @Override
    public void accept(CanonicalEvent event, Consumer<Finding> findings) {
        fields.of(event);
        if (clock.observe(event.timestamp())) {
            Instant now = clock.now();
            for (Stateful stateful : ticking) {
                stateful.advance(now, findings);
            }
            if (nextSweep == null || !now.isBefore(nextSweep)) {
                for (Stateful stateful : sweeping) {
                    stateful.advance(now, findings);
                }
                nextSweep = now.plus(SWEEP_INTERVAL);
            }
        }
        for (RuleIndex.Matcher matcher : index.candidates(event.kind(), fields.text(operation))) {
            if (matcher.predicate().test(event)) {
                for (MatchListener listener : matcher.listeners()) {
                    listener.matched(event, findings);
                }
            }
        }
    }

    @Override
    public void finish(Consumer<Finding> findings) {
        for (Stateful stateful : ticking) {
            stateful.finish(findings);
        }
        for (Stateful stateful : sweeping) {
            stateful.finish(findings);
        }
        if (clock.start() != null) {
            learning.forEach((rule, period) -> {
                Instant until = clock.start().plus(period);
                if (clock.now().isBefore(until)) {
                    stats.learning(rule, until);
                }
            });
        }
    }

    @Override
    public EngineStats stats() {
        return stats;
    }
}
