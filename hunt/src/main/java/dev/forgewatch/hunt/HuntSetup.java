package dev.forgewatch.hunt;

import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.detections.Detector;
import dev.forgewatch.detections.incident.IncidentModel;
import dev.forgewatch.detections.incident.IncidentPolicy;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.RuleSet;
import dev.forgewatch.detections.tuning.Tuning;
import dev.forgewatch.detections.baseline.BaselinePolicy;
import dev.forgewatch.detections.engine.DetectionEngine;
import dev.forgewatch.detections.engine.EngineLimits;
import dev.forgewatch.token.ledger.LedgerException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The parts a hunt is assembled from; {@link #standard()} is what ships. {@code rules} are the rules
 * the detectors run (reports take each finding's triage steps from them). Detectors keep state, so
 * each run gets a fresh one from {@code detectors}. {@code policy} turns the findings into incidents;
 * {@code tuning} says which findings a tenant knows to be benign (suppressed, counted, listed).
 */
public record HuntSetup(FieldCatalog catalog, InputOpener opener, Normalizer normalizer, RuleSet rules,
        Supplier<Detector> detectors, IncidentPolicy policy, Tuning tuning) {

    /** A set-up without tuning. */
    public HuntSetup(FieldCatalog catalog, InputOpener opener, Normalizer normalizer, RuleSet rules,
            Supplier<Detector> detectors, IncidentPolicy policy) {
        this(catalog, opener, normalizer, rules, detectors, policy, Tuning.NONE);
    }

    /** The shipped set-up, with the bundled signing-key ledger. */
    public static HuntSetup standard() {
        return of(Intake.standard());
    }

    /**
     * The shipped set-up with the ledger a user keeps up to date ({@code forgewatch keys refresh}
     * writes it to {@code $FORGEWATCH_HOME/keys/ledger.json}), or the bundled one when there is none.
     */
    public static HuntSetup forUser(Map<String, String> env, Path ledgerFile) throws IOException, LedgerException {
        return of(Intake.forUser(env, ledgerFile));
    }

    /** The shipped rule pack over the events of {@code intake}, normalized lean. */
    public static HuntSetup of(Intake intake) {
        RulePack pack = RulePack.standard();
        return new HuntSetup(intake.catalog(), intake.opener(), intake.leanNormalizer(), pack.rules(), pack::newDetector,
                pack.policy(), pack.tuning());
    }

    /** The same hunt with a tenant's own incident policy (checked against the rules first). */
    public HuntSetup withPolicy(IncidentPolicy tenantPolicy) {
        return new HuntSetup(catalog, opener, normalizer, rules, detectors, tenantPolicy, tuning);
    }

    /** The same hunt with a tenant's own baselines (checked against the rules when they were read). */
    public HuntSetup withBaselines(BaselinePolicy baselines) {
        return new HuntSetup(catalog, opener, normalizer, rules, () -> new DetectionEngine(rules, EngineLimits.DEFAULT, baselines),
                policy, tuning);
    }

    /** The same hunt with a tenant's own tuning (checked against the rules when it was read). */
    public HuntSetup withTuning(Tuning tenantTuning) {
        return new HuntSetup(catalog, opener, normalizer, rules, detectors, policy, tenantTuning);
    }

    /** The incident model of this hunt's rules and policy. */
    public IncidentModel incidentModel() {
        return new IncidentModel(policy, rules);
    }
}
