package dev.forgewatch.detections.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.forgewatch.common.event.Severity;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IncidentPolicyTest {
    private static String shipped() throws IOException {
        try (InputStream in = IncidentPolicy.class.getResourceAsStream("/dev/forgewatch/detections/rules/incidents.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theShippedPolicyIsThePacksAndNamesOnlyItsRules() {
        RulePack pack = RulePack.standard();
        IncidentPolicy policy = pack.policy();
        assertThat(policy).isEqualTo(IncidentPolicy.standard());
        assertThat(policy.check(pack.rules(), IncidentPolicy.FILE)).isEmpty();
        assertThat(policy.window().toString()).isEqualTo("7d");
        assertThat(policy.contributesFrom()).isEqualTo(Severity.MEDIUM);
        assertThat(policy.coverage()).allSatisfy(name -> assertThat(pack.rules().rule(name).file()).startsWith("coverage/"));
        Rule critical = pack.rules().rule("token_compromised_key");
        assertThat(policy.score(critical)).isEqualTo(99);
        assertThat(policy.profile(critical).critical()).isTrue();
        assertThat(policy.profile(pack.rules().rule("token_expired_when_seen")).contributes()).isFalse();
        assertThat(policy.profile(pack.rules().rule("one_app_reading_many_mailboxes")).countsMailboxes()).isTrue();
    }

    @Test
    void aRuleScoreOverridesItsLevel() throws Exception {
        IncidentPolicy policy = IncidentPolicy.parse("tenant.yaml", shipped().replace("rules: {}", "rules: {storm0558_ioc_ip: 90}"));
        assertThat(policy.score(RulePack.standard().rules().rule("storm0558_ioc_ip"))).isEqualTo(90);
        assertThat(policy.score(RulePack.standard().rules().rule("bind_volume_spike"))).isEqualTo(47);
    }

    @Test
    void mistakesNameTheirLine() throws Exception {
        RuleException unknown = catchThrowableOfType(RuleException.class,
                () -> IncidentPolicy.parse("tenant.yaml", shipped().replace("  tactics: 2\n  rules: 2", "  tactic: 2\n  rules: 2")));
        assertThat(unknown.getMessage()).matches("(?s)tenant\\.yaml:\\d+: unknown key 'tactic'.*");
        RuleException range = catchThrowableOfType(RuleException.class,
                () -> IncidentPolicy.parse("tenant.yaml", shipped().replace("critical: 99", "critical: 150")));
        assertThat(range.getMessage()).contains("a risk score is 0 to 100");
        RuleException window = catchThrowableOfType(RuleException.class,
                () -> IncidentPolicy.parse("tenant.yaml", shipped().replace("window: 7d", "window: a week")));
        assertThat(window.getMessage()).contains("window: 'a week' is not a timespan");
        IncidentPolicy typo = IncidentPolicy.parse("tenant.yaml", shipped().replace("ioc: [storm0558_ioc_ip]", "ioc: [storm0558_ioc]"));
        assertThat(typo.check(RulePack.standard().rules(), "tenant.yaml")).extracting(Object::toString)
                .containsExactly("tenant.yaml: campaign.ioc names 'storm0558_ioc', which is not an alerting rule of the pack");
    }
}
