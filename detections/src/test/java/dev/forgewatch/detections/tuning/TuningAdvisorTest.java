package dev.forgewatch.detections.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.baseline.BaselinePolicy;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code rules tune}'s advisor on findings shaped as {@code hunt --format ndjson} writes them: its
 * thresholds come from the {@code suggestions} block of {@code baselines.yaml}; an account with
 * app-like steady access from one address is suggested, one that reaches high or is seen from several
 * addresses is not.
 */
class TuningAdvisorTest {
    private static final RulePack PACK = RulePack.standard();
    private static final Instant START = Instant.parse("2023-05-15T03:10:00Z");
    /** medium: mail read with no interactive sign-in before it; keyed by user and address. */
    private static final Rule MEDIUM = PACK.rules().rule("mail_access_without_interactive_signin");
    /** high: an AppId a mailbox never saw. */
    private static final Rule HIGH = PACK.rules().rule("new_app_id_on_mail_items_accessed");

    private static ObjectNode finding(Rule rule, Instant at, String user, String owner, String ip) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("@timestamp", at.toString());
        doc.putObject("event").put("kind", "alert").put("dataset", "forgewatch.finding");
        doc.putObject("rule").put("id", rule.info().id()).put("name", rule.info().title());
        doc.putObject("user").put("name", user);
        doc.putObject("source").put("ip", ip);
        doc.putObject("m365").putObject("mailbox").put("owner_upn", owner);
        return doc;
    }

    private static TuningAdvisor advisor() {
        return new TuningAdvisor(PACK.rules(), PACK.policy(), FieldCatalog.standard(), TuningAdvisor.Thresholds.of(PACK.suggestions()));
    }

    @Test
    void theThresholdsAreTheShippedBaselinesFilesSuggestions() throws Exception {
        BaselinePolicy.Suggestions shipped = PACK.baselines().suggestions();
        assertThat(shipped).isNotNull();
        assertThat(TuningAdvisor.Thresholds.of(shipped).onSchedule()).isEqualTo(shipped.onSchedulePercent() / 100.0);

        // a tenant's copy with other numbers: an account seen on 3 days is a pattern for it, not for the shipped one
        BaselinePolicy tenant = BaselinePolicy.parse("baselines.yaml", """
                version: 1
                suggestions:
                  days: 3
                  mailboxes: 10
                  on_schedule: 80
                  hours: 1
                  account_addresses: 1
                rules: {}
                """, PACK.rules());
        TuningAdvisor shippedAdvisor = advisor();
        TuningAdvisor tenantAdvisor = new TuningAdvisor(PACK.rules(), PACK.policy(), FieldCatalog.standard(),
                TuningAdvisor.Thresholds.of(tenant.suggestions()));
        for (int day = 0; day < 3; day++) {
            ObjectNode doc = finding(MEDIUM, START.plus(day, ChronoUnit.DAYS), "svc-journal@fabrikam.example",
                    "svc-journal@fabrikam.example", "198.51.100.40");
            shippedAdvisor.accept(doc);
            tenantAdvisor.accept(doc);
        }
        assertThat(shippedAdvisor.advice().suggestions()).isEmpty();
        assertThat(tenantAdvisor.advice().suggestions()).singleElement()
                .satisfies(s -> assertThat(s.kind()).isEqualTo(Tuning.Kind.ACCOUNT));
    }

    @Test
    void anAccountReadingSteadilyFromOneAddressIsSuggestedAndLoadsAsATuningFile() throws Exception {
        TuningAdvisor advisor = advisor();
        for (int day = 0; day < 8; day++) {
            for (String owner : new String[] {"ada@fabrikam.example", "ben@fabrikam.example"}) {
                advisor.accept(finding(MEDIUM, START.plus(day, ChronoUnit.DAYS).plusSeconds(day * 60L),
                        "svc-journal@fabrikam.example", owner, "198.51.100.40"));
            }
        }
        TuningAdvisor.Advice advice = advisor.advice();

        assertThat(advice.suggestions()).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo(Tuning.Kind.ACCOUNT);
            assertThat(s.value()).isEqualTo("svc-journal@fabrikam.example");
            assertThat(s.evidence()).anyMatch(line -> line.contains("on 8 days") && line.contains("always from 198.51.100.40"));
        });
        String fragment = TuningAdvisor.fragment(advice, "findings.ndjson");
        assertThat(fragment).contains("accounts:\n").contains("  - upn: svc-journal@fabrikam.example\n")
                .contains("an account reading mail at the same hour every day from one address");
        Tuning tuning = PACK.tuning("suggested.yaml", fragment);
        assertThat(tuning.entries()).singleElement().satisfies(e -> assertThat(e.kind()).isEqualTo(Tuning.Kind.ACCOUNT));
    }

    @Test
    void anAccountThatReachesHighOrMovesBetweenAddressesIsNotSuggested() {
        TuningAdvisor advisor = advisor();
        for (int day = 0; day < 8; day++) {
            Instant at = START.plus(day, ChronoUnit.DAYS);
            // a steady account, once seen with an app no mailbox knew (high): an intruder may hold it
            advisor.accept(finding(MEDIUM, at, "kendall@fabrikam.example", "kendall@fabrikam.example", "192.0.2.187"));
            // steady hours, but from a different address each day (a roaming user)
            advisor.accept(finding(MEDIUM, at, "roamer@fabrikam.example", "roamer@fabrikam.example", "203.0.113." + (10 + day)));
        }
        advisor.accept(finding(HIGH, START.plus(3, ChronoUnit.DAYS), "kendall@fabrikam.example", "kendall@fabrikam.example",
                "192.0.2.187"));
        TuningAdvisor.Advice advice = advisor.advice();

        assertThat(advice.suggestions()).noneMatch(s -> s.kind() == Tuning.Kind.ACCOUNT);
        assertThat(advice.notSuggested()).anyMatch(note -> note.startsWith("account kendall@fabrikam.example")
                && note.contains("at high or above") && note.contains(HIGH.name()));
        assertThat(advice.notSuggested()).noneMatch(note -> note.contains("roamer"));
    }

    @Test
    void aBaselinesFileWithBadSuggestionsIsRefusedWithTheLine() {
        assertThatThrownBy(() -> BaselinePolicy.parse("baselines.yaml", """
                version: 1
                suggestions:
                  days: 0
                  mailboxes: 10
                  on_schedule: 180
                  hours: 1
                  address: 1
                rules: {}
                """, PACK.rules())).isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.problems())
                .extracting(Object::toString).anyMatch(p -> p.contains("baselines.yaml:3") && p.contains("days must be from 2"))
                .anyMatch(p -> p.contains("baselines.yaml:5") && p.contains("on_schedule must be from 1 to 100"))
                .anyMatch(p -> p.contains("baselines.yaml:7") && p.contains("unknown key 'address'"))
                .anyMatch(p -> p.contains("account_addresses must be a whole number")));
    }
}
