package dev.forgewatch.detections.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.rule.RuleException.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleLoaderTest {
    private static final String VALID = """
            title: Test Rule
            id: 0b5f5a52-8d4e-4e0c-9c2a-111111111111
            name: test_rule
            status: test
            description: A rule for tests.
            author: ForgeWatch
            date: 2026-11-23
            tags:
              - attack.collection
              - attack.t1114.002
            logsource:
              product: m365
              service: audit
            detection:
              selection:
                Operation: MailItemsAccessed
                MailAccessType: Sync
              filter:
                ClientInfoString|startswith: Client=MSExchangeRPC
              condition: selection and not filter
            falsepositives:
              - None
            level: high
            forgewatch:
              triage:
                - Look at it.
            """;

    private final RuleLoader loader = new RuleLoader(FieldCatalog.standard(), AttackCatalog.standard(),
            Map.of("ips", new Lookup("ips", List.of("ip", "note"), List.of(Map.of("ip", "192.0.2.1", "note", "x")))));

    private RuleSet load(String... pathAndText) throws RuleException {
        List<RuleLoader.Source> sources = new ArrayList<>();
        for (int i = 0; i < pathAndText.length; i += 2) {
            sources.add(new RuleLoader.Source(pathAndText[i], pathAndText[i + 1]));
        }
        return loader.load(sources);
    }

    private Problem onlyProblem(String text) {
        RuleException e = catchThrowableOfType(RuleException.class, () -> load("area/rule.yml", text));
        assertThat(e).as("the rule should not load").isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    @Test
    void aValidRuleLoadsWithItsConditionResolved() throws RuleException {
        RuleSet set = load("area/rule.yml", VALID);

        DetectionRule rule = (DetectionRule) set.rule("test_rule");
        assertThat(set.alerting()).containsExactly(rule);
        assertThat(rule.info().attackIds()).containsExactly("T1114.002");
        assertThat(rule.expr()).isInstanceOf(Expr.And.class);
        Expr.And and = (Expr.And) rule.expr();
        assertThat(and.items().get(1)).isInstanceOf(Expr.Not.class);
    }

    @Test
    void compareAddsTwoFieldDateComparisonsAnyOfWhichMustHold() throws RuleException {
        String text = VALID.replace("    - Look at it.\n", "    - Look at it.\n  compare:\n"
                + "    - TokenIssuedAt > CreationTime + 5m\n    - IssuedAtTime < CreationTime - 28h\n");
        DetectionRule rule = (DetectionRule) load("area/rule.yml", text).rule("test_rule");

        Expr.And and = (Expr.And) rule.expr();
        assertThat(and.items()).hasSize(2);
        Expr.Or any = (Expr.Or) and.items().get(1);
        assertThat(any.items()).extracting(e -> ((Expr.FieldCompare) e).text())
                .containsExactly("TokenIssuedAt > CreationTime + 5m", "IssuedAtTime < CreationTime - 28h");
        Expr.FieldCompare later = (Expr.FieldCompare) any.items().get(1);
        assertThat(later.offsetSeconds()).isEqualTo(-28 * 3600);
        assertThat(later.field().canonical()).isEqualTo("token_issued_at");
        assertThat(later.other().canonical()).isEqualTo("timestamp");
    }

    @Test
    void compareNamesWhatIsWrong() {
        String base = VALID.replace("    - Look at it.\n", "    - Look at it.\n  compare: X\n");
        assertThat(onlyProblem(base.replace("compare: X", "compare: TokenIssuedAt after CreationTime")).reason())
                .contains("is not 'Field op OtherField [+|- timespan]'");
        assertThat(onlyProblem(base.replace("compare: X", "compare: ClientIPAddress > CreationTime")).reason())
                .contains("single-valued date fields; ClientIPAddress is ip");
        assertThat(onlyProblem(base.replace("compare: X", "compare: TokenIssuedAt > CreationTime + 5y")).reason())
                .contains("is not 'Field op OtherField");
        assertThat(onlyProblem(base.replace("compare: X", "compare: TokenIssuedAt > Nonexistent")).reason())
                .contains("unknown field 'Nonexistent'");
    }

    @Test
    void unknownModifierIsReportedWithFileAndLine() {
        Problem problem = onlyProblem(VALID.replace("ClientInfoString|startswith:", "ClientInfoString|beginswith:"));

        assertThat(problem.file()).isEqualTo("area/rule.yml");
        assertThat(problem.line()).isEqualTo(19);
        assertThat(problem.reason()).contains("unknown modifier 'beginswith'");
        assertThat(problem.toString()).startsWith("area/rule.yml:19: ");
    }

    @Test
    void missingConditionIsReported() {
        Problem problem = onlyProblem(VALID.replace("  condition: selection and not filter\n", ""));

        assertThat(problem.line()).isEqualTo(14);
        assertThat(problem.reason()).isEqualTo("detection has no 'condition'");
    }

    @Test
    void unknownFieldIsReportedThroughTheCatalog() {
        Problem problem = onlyProblem(VALID.replace("MailAccessType: Sync", "MailAcessType: Sync"));

        assertThat(problem.line()).isEqualTo(17);
        assertThat(problem.reason()).contains("unknown field 'MailAcessType'");
    }

    @Test
    void duplicateIdsAcrossFilesAreReported() {
        RuleException e = catchThrowableOfType(RuleException.class,
                () -> load("a/one.yml", VALID, "b/two.yml", VALID.replace("name: test_rule", "name: other_rule")));

        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("b/two.yml");
            assertThat(problem.reason()).contains("duplicate rule id 0b5f5a52-8d4e-4e0c-9c2a-111111111111 (also in a/one.yml)");
        });
    }

    @Test
    void duplicateNamesAreReported() {
        RuleException e = catchThrowableOfType(RuleException.class,
                () -> load("a/one.yml", VALID, "b/two.yml", VALID.replace("111111111111", "222222222222")));

        assertThat(e.problems()).extracting(Problem::reason).containsExactly("duplicate rule name 'test_rule' (also in a/one.yml)");
    }

    @Test
    void yamlErrorsAndDuplicateKeysCarryTheirLine() {
        assertThat(onlyProblem(VALID.replace("level: high", "level: high\nlevel: low")))
                .satisfies(p -> assertThat(p.reason()).isEqualTo("duplicate key 'level'"))
                .satisfies(p -> assertThat(p.line()).isEqualTo(24));
        assertThat(onlyProblem(VALID.replace("  - None", "  - [None")).reason()).startsWith("not valid YAML");
    }

    @Test
    void everyProblemOfEveryFileIsCollected() {
        RuleException e = catchThrowableOfType(RuleException.class, () -> load(
                "a/one.yml", VALID.replace("Operation:", "Operaton:"),
                "b/two.yml", VALID.replace("111111111111", "222222222222").replace("name: test_rule", "name: two")
                        .replace("condition: selection and not filter", "condition: selection and not filters")));

        assertThat(e.problems()).extracting(Problem::file).containsExactly("a/one.yml", "b/two.yml");
        assertThat(e.problems().get(1).reason()).contains("'filters' but there is no such selection");
    }

    @Test
    void modifiersMustFitTheFieldType() {
        assertThat(onlyProblem(VALID.replace("ClientInfoString|startswith: Client=MSExchangeRPC", "ClientInfoString|cidr: 10.0.0.0/8"))
                .reason()).contains("'|cidr' needs an ip field");
        assertThat(onlyProblem(VALID.replace("MailAccessType: Sync", "ClientIPAddress|contains: 10.0")).reason())
                .contains("string modifiers (contains, startswith, endswith, cased) do not apply");
        assertThat(onlyProblem(VALID.replace("MailAccessType: Sync", "ClientIPAddress: not-an-ip")).reason())
                .contains("is not an IP address");
        assertThat(onlyProblem(VALID.replace("MailAccessType: Sync", "IsThrottled: maybe")).reason())
                .contains("'maybe' is not true or false");
        assertThat(onlyProblem(VALID.replace("MailAccessType: Sync", "ClientInfoString|re: '\\d+'")).reason())
                .contains("not portable");
        assertThat(onlyProblem(VALID.replace("MailAccessType: Sync", "MailAccessType|contains|startswith: Sy")).reason())
                .contains("cannot be combined");
    }

    @Test
    void valuesAndModifiersBecomeTheExpectedTests() throws RuleException {
        String text = VALID.replace("""
                    MailAccessType: Sync
                """, """
                    MailAccessType: Sync
                    FolderPath|contains|all: [Inbox, Archive]
                    ClientIPAddress|expand: '%ips%'
                    OperationCount|gte: 10
                    ClientAppId: null
                """);
        DetectionRule rule = (DetectionRule) load("area/rule.yml", text).rule("test_rule");
        Expr.And selection = (Expr.And) ((Expr.And) rule.expr()).items().get(0);

        assertThat(selection.items()).hasSize(6);
        assertThat(selection.items().get(2)).isInstanceOf(Expr.And.class);
        assertThat(selection.items().get(3)).isEqualTo(new Expr.AnyOf(((Expr.AnyOf) selection.items().get(3)).field(),
                List.of("192.0.2.1"), false, "ips"));
        assertThat(selection.items().get(4)).isInstanceOf(Expr.Compare.class);
        assertThat(selection.items().get(5)).isInstanceOf(Expr.Not.class);
    }

    @Test
    void alertingRulesNeedTheirSocMetadata() {
        Problem problem = onlyProblem(VALID.replace("falsepositives:\n  - None\n", "").replace("forgewatch:\n  triage:\n    - Look at it.\n", ""));

        assertThat(problem.line()).isEqualTo(1);
        assertThat(problem.reason()).isEqualTo("rule 'test_rule' alerts but has no falsepositives, forgewatch.triage");
    }

    @Test
    void unknownAttackTagsAndKeysAreRejected() {
        assertThat(onlyProblem(VALID.replace("attack.t1114.002", "attack.t9999")).reason()).contains("is not in attack.yaml");
        assertThat(onlyProblem(VALID.replace("level: high", "level: high\nfalsepositive: typo")).reason())
                .startsWith("unknown key 'falsepositive' in a detection rule");
    }

    @Test
    void correlationsLinkTheirBaseRulesAndSilenceThem() throws RuleException {
        String correlation = """
                title: Many Syncs
                id: 0b5f5a52-8d4e-4e0c-9c2a-333333333333
                name: many_syncs
                status: test
                description: Many syncs.
                author: ForgeWatch
                date: 2026-11-23
                tags: [attack.t1114.002]
                correlation:
                  type: value_count
                  rules: [test_rule]
                  group-by: [ClientIPAddress]
                  timespan: 1h
                  condition:
                    field: MailboxOwnerUPN
                    gt: 4
                falsepositives: [None]
                level: medium
                forgewatch:
                  triage: [Look.]
                """;
        RuleSet set = load("a/one.yml", VALID, "a/two.yml", correlation);

        CorrelationRule rule = (CorrelationRule) set.rule("many_syncs");
        assertThat(rule.correlation().rules()).containsExactly((DetectionRule) set.rule("test_rule"));
        assertThat(rule.correlation().threshold()).isEqualTo(5);
        assertThat(set.alerting()).containsExactly(rule);

        assertThat(catchThrowableOfType(RuleException.class, () -> load("a/one.yml", VALID, "a/two.yml",
                correlation.replace("gt: 4", "lt: 4"))).problems().get(0).reason()).contains("'lt' is not supported");
        assertThat(catchThrowableOfType(RuleException.class, () -> load("a/one.yml", VALID, "a/two.yml",
                correlation.replace("rules: [test_rule]", "rules: [no_such_rule]"))).problems().get(0))
                .satisfies(p -> assertThat(p.line()).isEqualTo(11))
                .satisfies(p -> assertThat(p.reason()).isEqualTo("correlation refers to 'no_such_rule', which is no rule's name or id"));
    }

    @Test
    void aFileHoldsOneRuleUnlessItIsACorrelationWithItsBases() {
        assertThatThrownBy(() -> load("a/two.yml", VALID + "---\n" + VALID.replace("111111111111", "222222222222")
                .replace("name: test_rule", "name: two")))
                .isInstanceOf(RuleException.class)
                .hasMessageContaining("a file holds one rule");
    }

    private static final String ABSENCE = """
            title: Read Without Sign-in
            id: 0b5f5a52-8d4e-4e0c-9c2a-222222222222
            name: read_without_signin
            status: unsupported
            description: Reads with no sign-in around them.
            author: ForgeWatch
            date: 2026-11-23
            tags:
              - attack.t1114.002
            correlation:
              type: temporal
              rules:
                - reads
                - signins
              group-by:
                - UserId
              timespan: 24h
            falsepositives:
              - None
            level: medium
            forgewatch:
              correlation: absence
              triage:
                - Look at it.
            ---
            title: Reads
            id: 0b5f5a52-8d4e-4e0c-9c2a-333333333333
            name: reads
            logsource: {product: m365, service: audit}
            detection:
              selection:
                Operation: MailItemsAccessed
              condition: selection
            ---
            title: Sign-ins
            id: 0b5f5a52-8d4e-4e0c-9c2a-444444444444
            name: signins
            logsource: {product: m365}
            detection:
              selection:
                Operation: UserLoggedIn
              condition: selection
            """;

    @Test
    void absenceIsATemporalCorrelationWithTheForgeWatchExtension() throws RuleException {
        CorrelationRule rule = (CorrelationRule) load("area/absence.yml", ABSENCE).rule("read_without_signin");

        assertThat(rule.correlation().type()).isEqualTo(Correlation.Type.ABSENCE);
        assertThat(rule.correlation().rules()).extracting(DetectionRule::name).containsExactly("reads", "signins");
    }

    @Test
    void absenceAsASigmaCorrelationTypeIsRefusedWithWhereItMoved() {
        RuleException e = catchThrowableOfType(RuleException.class, () -> load("area/rule.yml",
                ABSENCE.replace("  type: temporal", "  type: absence").replace("  correlation: absence\n", "")));

        // the correlation fails; its base rules are then reported as alerting rules without metadata
        assertThat(e.problems().get(0).reason()).contains("'absence' is not a Sigma correlation type")
                .contains("forgewatch: {correlation: absence}");
    }

    @Test
    void theAbsenceExtensionOnlyExtendsTemporalCorrelations() {
        RuleException e = catchThrowableOfType(RuleException.class, () -> load("area/rule.yml",
                ABSENCE.replace("  type: temporal", "  type: temporal_ordered")));

        assertThat(e.problems().get(0).reason()).contains("extends a temporal correlation, not temporal_ordered");
    }
}
