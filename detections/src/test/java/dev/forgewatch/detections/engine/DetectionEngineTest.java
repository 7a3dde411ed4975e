package dev.forgewatch.detections.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.compile.elastic.ElasticQueries;
import dev.forgewatch.detections.compile.elastic.KibanaRules;
import dev.forgewatch.detections.compile.splunk.SavedSearches;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.pack.RuleTestCase;
import dev.forgewatch.detections.rule.AttackCatalog;
import dev.forgewatch.detections.rule.DetectionRule;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleException;
import dev.forgewatch.detections.rule.RuleLoader;
import dev.forgewatch.detections.rule.RuleSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DetectionEngineTest {
    private static final Instant T0 = Instant.parse("2023-05-15T00:00:00Z");
    private static final String HEAD = """
            title: T
            id: 0b5f5a52-8d4e-4e0c-9c2a-%012d
            name: %s
            status: test
            description: Test.
            author: ForgeWatch
            date: 2026-11-23
            tags: [attack.t1114.002]
            falsepositives: [None]
            level: medium
            """;

    private static String head(String name, int id) {
        return HEAD.formatted(id, name);
    }

    private static RuleSet rules(String... texts) throws RuleException {
        List<RuleLoader.Source> sources = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            sources.add(new RuleLoader.Source("t/r" + i + ".yml", texts[i]));
        }
        return new RuleLoader(FieldCatalog.standard(), AttackCatalog.standard(), Map.of()).load(sources);
    }

    private static CanonicalEvent mia(Instant time, String mailbox, String app) {
        return CanonicalEvent.builder().id("e-" + time.toEpochMilli() + "-" + mailbox + "-" + app).timestamp(time)
                .kind(SourceKind.AUDIT).origin(new SourceRef("test", 0))
                .field("operation", "MailItemsAccessed").field("mailbox_owner_upn", mailbox).field("user_id", mailbox)
                .field("app_id", app).field("mail_access_type", "Bind").build();
    }

    private static List<Finding> run(DetectionEngine engine, List<CanonicalEvent> events) {
        List<Finding> findings = new ArrayList<>();
        events.forEach(event -> engine.accept(event, findings::add));
        engine.finish(findings::add);
        return findings;
    }

    private static final String NEW_TERMS = """
            logsource: {product: m365, service: audit}
            detection:
              selection: {Operation: MailItemsAccessed}
              condition: selection
            forgewatch:
              triage: [Look.]
              new_terms: {fields: [MailboxOwnerUPN, AppId], history: 30d, baseline: 1d}
            """;

    @Test
    void stateStaysWithinItsCapAndEvictionErrsTowardsReporting() throws RuleException {
        DetectionEngine engine = new DetectionEngine(rules(head("first_app", 1) + NEW_TERMS), new EngineLimits(16, 5));
        List<CanonicalEvent> events = new ArrayList<>();
        events.add(mia(T0, "warmup@x", "app"));
        for (int i = 0; i < 100; i++) {
            events.add(mia(T0.plus(Duration.ofDays(2)).plusSeconds(i), "user" + i + "@x", "app"));
        }
        events.add(mia(T0.plus(Duration.ofDays(3)), "user0@x", "app"));

        List<Finding> findings = run(engine, events);

        assertThat(engine.stats().evictedEntries()).isEqualTo(101 - 16 + 1);
        assertThat(findings).hasSize(101).last().satisfies(f -> assertThat(f.user()).isEqualTo("user0@x"));
    }

    @Test
    void firstSeenValuesAreForgottenAfterTheHistoryWindow() throws RuleException {
        DetectionEngine engine = new DetectionEngine(rules(head("first_app", 1) + NEW_TERMS));

        List<Finding> findings = run(engine, List.of(
                mia(T0, "a@x", "app"),
                mia(T0.plus(Duration.ofDays(20)), "a@x", "app"),
                mia(T0.plus(Duration.ofDays(51)), "a@x", "app")));

        assertThat(findings).extracting(Finding::timestamp).containsExactly(T0.plus(Duration.ofDays(51)));
    }

    private static final String COUNT = """
            correlation:
              type: event_count
              rules: [bind]
              group-by: [MailboxOwnerUPN]
              timespan: 10m
              condition: {gte: 3}
            forgewatch:
              triage: [Look.]
              message: "{count} binds on {MailboxOwnerUPN}"
            ---
            title: Bind
            id: 0b5f5a52-8d4e-4e0c-9c2a-999999999999
            name: bind
            logsource: {product: m365, service: audit}
            detection:
              selection: {Operation: MailItemsAccessed, MailAccessType: Bind}
              condition: selection
            """;

    @Test
    void countWindowsSlideAndExpire() throws RuleException {
        DetectionEngine engine = new DetectionEngine(rules(head("binds", 2) + COUNT));

        List<Finding> findings = run(engine, List.of(
                mia(T0, "a@x", "app"), mia(T0.plusSeconds(400), "a@x", "app"), mia(T0.plusSeconds(800), "a@x", "app"),
                mia(T0.plusSeconds(900), "a@x", "app"), mia(T0.plusSeconds(950), "b@x", "app")));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.timestamp()).isEqualTo(T0.plusSeconds(900));
            assertThat(f.message()).isEqualTo("3 binds on a@x");
            assertThat(f.eventIds()).hasSize(3);
            assertThat(f.user()).isEqualTo("a@x");
        });
    }

    @Test
    void suppressionFoldsRepeatsWithinTheWindow() throws RuleException {
        String text = head("suppressed", 3) + """
                logsource: {product: m365, service: audit}
                detection:
                  selection: {Operation: MailItemsAccessed}
                  condition: selection
                forgewatch:
                  triage: [Look.]
                  suppress: {group-by: [MailboxOwnerUPN], window: 1h}
                """;
        DetectionEngine engine = new DetectionEngine(rules(text));

        List<Finding> findings = run(engine, List.of(mia(T0, "a@x", "x"), mia(T0.plusSeconds(60), "a@x", "x"),
                mia(T0.plusSeconds(120), "b@x", "x"), mia(T0.plusSeconds(3600), "a@x", "x")));

        assertThat(findings).extracting(Finding::user).containsExactly("a@x", "b@x", "a@x");
        assertThat(engine.stats().suppressedMatches()).isEqualTo(1);
    }

    @Test
    void theShippedPackGivesTheSameFindingsInTheSameOrderEveryRun() {
        RulePack pack = RulePack.standard();
        List<CanonicalEvent> all = new ArrayList<>();
        for (RuleTestCase testCase : pack.tests()) {
            all.addAll(testCase.events());
        }
        all.sort(Comparator.comparing(CanonicalEvent::timestamp));

        List<Finding> first = run(new DetectionEngine(pack.rules()), all);
        List<Finding> second = run(new DetectionEngine(pack.rules()), all);

        assertThat(first).isNotEmpty().isEqualTo(second);
    }

    @Test
    void aChainReportsEvidenceFromEveryStep() {
        RulePack pack = RulePack.standard();
        RuleTestCase chain = pack.tests().stream().filter(test -> test.rule().name().equals("forged_token_then_mail_access")
                && test.positive()).findFirst().orElseThrow();

        List<Finding> findings = run(new DetectionEngine(pack.rules()), chain.events()).stream()
                .filter(f -> f.ruleId().equals(chain.rule().info().id())).toList();

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.evidence()).containsKeys("token_fingerprint", "token_kid", "token_issuer", "mailbox_owner_upn");
            assertThat(f.eventIds()).hasSize(2);
            assertThat(f.message()).startsWith("Forged token ").contains("1LTMzakihiRla_8z2BEJVXeWMqo", "harper.ibarra@fabrikam.example");
        });
    }

    private static final String TEMPORAL = """
            correlation:
              type: temporal
              rules: [bind, sync]
              group-by: [MailboxOwnerUPN]
              timespan: 10m
            forgewatch:
              triage: [Look.]
            ---
            title: Bind
            id: 0b5f5a52-8d4e-4e0c-9c2a-999999999999
            name: bind
            logsource: {product: m365, service: audit}
            detection:
              selection: {Operation: MailItemsAccessed, MailAccessType: Bind}
              condition: selection
            ---
            title: Sync
            id: 0b5f5a52-8d4e-4e0c-9c2a-888888888888
            name: sync
            logsource: {product: m365, service: audit}
            detection:
              selection: {Operation: MailItemsAccessed, MailAccessType: Sync}
              condition: selection
            """;

    private static CanonicalEvent sync(Instant time, String mailbox) {
        return mia(time, mailbox, "app").toBuilder().id("s-" + time.toEpochMilli()).field("mail_access_type", "Sync").build();
    }

    @Test
    void unorderedTemporalFiresWhateverTheOrderWithinTheTimespan() throws RuleException {
        RuleSet set = rules(head("bind_and_sync", 4) + TEMPORAL);

        assertThat(run(new DetectionEngine(set), List.of(sync(T0, "a@x"), mia(T0.plusSeconds(300), "a@x", "app")))).hasSize(1);
        assertThat(run(new DetectionEngine(set), List.of(mia(T0, "a@x", "app"), sync(T0.plusSeconds(300), "a@x")))).hasSize(1);
        assertThat(run(new DetectionEngine(set), List.of(mia(T0, "a@x", "app"), sync(T0.plusSeconds(900), "a@x")))).isEmpty();
        assertThat(run(new DetectionEngine(set), List.of(mia(T0, "a@x", "app"), sync(T0.plusSeconds(60), "b@x")))).isEmpty();
    }

    @Test
    void unorderedTemporalCompilesToEsqlAndSplunkStats() throws RuleException {
        RuleSet set = rules(head("bind_and_sync", 4) + TEMPORAL);
        Rule rule = set.rule("bind_and_sync");

        assertThat(ElasticQueries.esql(rule)).contains("| STATS fw_count_0 = SUM(CASE(fw_rule_0, 1, 0)), fw_count_1 = SUM(CASE(fw_rule_1, 1, 0))")
                .endsWith("| WHERE fw_count_0 > 0 AND fw_count_1 > 0\n| EVAL related.user = m365.mailbox.owner_upn");
        assertThat(KibanaRules.rule(rule).path("type").asText()).isEqualTo("esql");
        assertThat(new SavedSearches(set.lookups()).search(rule)).contains("| where fw_count_0>0 AND fw_count_1>0\n| `bind_and_sync_filter`");
    }

    @Test
    void theIndexDropsTheOperationTestItGuarantees() throws RuleException {
        DetectionRule rule = (DetectionRule) rules(head("binds", 2) + COUNT).rule("bind");

        RuleIndex.Constraint constraint = RuleIndex.constraint(rule.expr());

        assertThat(constraint.operations()).isEqualTo(Set.of("mailitemsaccessed"));
        assertThat(constraint.residual()).isInstanceOf(Expr.AnyOf.class);
        assertThat(((Expr.AnyOf) constraint.residual()).field().canonical()).isEqualTo("mail_access_type");
    }

    @Test
    void longInputsKeepStateBounded() throws RuleException {
        DetectionEngine engine = new DetectionEngine(rules(head("first_app", 1) + NEW_TERMS, head("binds", 2) + COUNT),
                new EngineLimits(1_000, 5));
        int[] findings = {0};
        for (int i = 0; i < 200_000; i++) {
            engine.accept(mia(T0.plusSeconds(i), "user" + (i % 50_000) + "@x", "app" + (i % 7)), f -> findings[0]++);
        }
        engine.finish(f -> findings[0]++);

        assertThat(engine.stats().evictedEntries()).isPositive();
        assertThat(findings[0]).isPositive();
    }
}
