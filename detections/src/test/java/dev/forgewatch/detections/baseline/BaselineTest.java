package dev.forgewatch.detections.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.engine.DetectionEngine;
import dev.forgewatch.detections.engine.EngineLimits;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleException;
import dev.forgewatch.detections.rule.RuleSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Baselines (baselines.yaml) on the shipped pack: a backup app reading the same mailboxes at 02:00
 * every night is learning (low) in the first week, then recurring (informational); the same app at
 * another hour over other mailboxes, and an intruder's app at night, still alert at the rule's level.
 */
class BaselineTest {
    private static final RulePack PACK = RulePack.standard();
    private static final RuleSet RULES = PACK.rules();
    private static final Rule MANY = RULES.rule("one_app_reading_many_mailboxes");
    private static final String BACKUP = "5f4c2b1a-9d3e-4e7b-8a6c-1b2d3e4f5a6b";
    private static final String INTRUDER = "078b57c5-5bd1-4f6f-901b-83a901e75f36";
    private static final LocalDate FIRST = LocalDate.of(2023, 5, 15);

    private static CanonicalEvent read(Instant time, String mailbox, String app) {
        return CanonicalEvent.builder().id("e-" + time.toEpochMilli() + "-" + mailbox + "-" + app).timestamp(time)
                .kind(SourceKind.AUDIT).origin(new SourceRef("test", 0))
                .field("operation", "MailItemsAccessed").field("mailbox_owner_upn", mailbox).field("user_id", mailbox)
                .field("app_id", app).field("client_ip", "198.51.100.45").field("mail_access_type", "Bind").build();
    }

    /** Reads of {@code mailboxes} by {@code app} starting at {@code start}, a minute apart. */
    private static List<CanonicalEvent> run(String app, Instant start, List<String> mailboxes) {
        List<CanonicalEvent> events = new ArrayList<>();
        for (int i = 0; i < mailboxes.size(); i++) {
            events.add(read(start.plus(Duration.ofMinutes(i)), mailboxes.get(i), app));
        }
        return events;
    }

    private static Instant at(int day, int hour) {
        return FIRST.plusDays(day).atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    private static List<Finding> hunt(DetectionEngine engine, List<CanonicalEvent> events) {
        events.sort(Comparator.comparing(CanonicalEvent::timestamp));
        List<Finding> findings = new ArrayList<>();
        events.forEach(e -> engine.accept(e, findings::add));
        engine.finish(findings::add);
        return findings.stream().filter(f -> f.ruleId().equals(MANY.info().id())).toList();
    }

    @Test
    void aNightlyBackupLearnsThenBecomesRecurringWhileOtherReadsStillAlert() {
        List<String> backupBoxes = List.of("a@x", "b@x", "c@x", "d@x", "e@x", "f@x");
        List<CanonicalEvent> events = new ArrayList<>();
        for (int day = 0; day < 14; day++) {
            events.addAll(run(BACKUP, at(day, 2), backupBoxes));
        }
        events.addAll(run(BACKUP, at(10, 14), List.of("p@x", "q@x", "r@x")));     // same app, other hour, other mailboxes
        events.addAll(run(INTRUDER, at(12, 1), List.of("ceo@x", "cfo@x", "gc@x")));  // an intruder at night

        List<Finding> findings = hunt(new DetectionEngine(RULES, EngineLimits.DEFAULT, PACK.baselines()), events);
        Instant learned = at(0, 2).plus(PACK.baselines().of(MANY).learn().duration());
        List<Finding> backup = findings.stream().filter(f -> f.evidence().get("app_id").equals(BACKUP)).toList();
        assertThat(backup.stream().filter(f -> f.timestamp().isBefore(learned))).isNotEmpty().allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.LOW);
            assertThat(f.evidence()).containsEntry(Finding.BASELINE, Finding.LEARNING);
            assertThat(f.message()).contains("[learning: this rule's 7d baseline from 2023-05-15 is not complete; capped at low]");
        });
        assertThat(backup.stream().filter(f -> !f.timestamp().isBefore(learned) && f.timestamp().atZone(ZoneOffset.UTC).getHour() == 2))
                .hasSize(7 * 2).allSatisfy(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.INFORMATIONAL);
                    assertThat(f.evidence()).containsEntry(Finding.BASELINE, Finding.RECURRING);
                    assertThat(f.message()).containsPattern("\\[recurring: the same group fired near 02:00 UTC on \\d+ earlier days");
                });
        assertThat(backup.stream().filter(f -> f.timestamp().atZone(ZoneOffset.UTC).getHour() == 14)).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(MANY.info().level());
                    assertThat(f.evidence()).doesNotContainKey(Finding.BASELINE);
                });
        assertThat(findings.stream().filter(f -> f.evidence().get("app_id").equals(INTRUDER))).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.HIGH));
    }

    @Test
    void theEngineSaysWhichRulesWereStillLearningWhenTheDataEnded() {
        List<CanonicalEvent> shortData = new ArrayList<>();
        for (int day = 0; day < 3; day++) {
            shortData.addAll(run(BACKUP, at(day, 2), List.of("a@x", "b@x", "c@x")));
        }
        DetectionEngine engine = new DetectionEngine(RULES, EngineLimits.DEFAULT, PACK.baselines());
        hunt(engine, shortData);
        assertThat(engine.stats().learningAtEnd())
                .containsEntry("one_app_reading_many_mailboxes", at(0, 2).plus(PACK.baselines().of(MANY).learn().duration()))
                .containsKey("new_app_id_on_mail_items_accessed");

        List<CanonicalEvent> longData = new ArrayList<>();
        for (int day = 0; day < 10; day++) {
            longData.addAll(run(BACKUP, at(day, 2), List.of("a@x", "b@x", "c@x")));
        }
        DetectionEngine learned = new DetectionEngine(RULES, EngineLimits.DEFAULT, PACK.baselines());
        hunt(learned, longData);
        assertThat(learned.stats().learningAtEnd()).isEmpty();
    }

    @Test
    void withoutItsBaselineTheRuleAlertsEveryNight() {
        List<CanonicalEvent> events = new ArrayList<>();
        for (int day = 0; day < 10; day++) {
            events.addAll(run(BACKUP, at(day, 2), List.of("a@x", "b@x", "c@x")));
        }
        assertThat(hunt(new DetectionEngine(RULES), events)).hasSize(10).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.HIGH));
    }

    @Test
    void theSameAppOverOtherMailboxesAtTheUsualHourIsNotRecurring() {
        List<CanonicalEvent> events = new ArrayList<>();
        for (int day = 0; day < 12; day++) {
            events.addAll(run(BACKUP, at(day, 2), List.of("a@x", "b@x", "c@x")));
        }
        events.addAll(run(BACKUP, at(12, 2), List.of("ceo@x", "cfo@x", "gc@x")));
        List<Finding> findings = hunt(new DetectionEngine(RULES, EngineLimits.DEFAULT, PACK.baselines()), events);
        assertThat(findings.get(findings.size() - 1).severity()).isEqualTo(Severity.HIGH);
        assertThat(findings.get(findings.size() - 2).evidence()).containsEntry(Finding.BASELINE, Finding.RECURRING);
    }

    @Test
    void everyProblemOfABaselinesFileIsNamedWithItsLine() {
        assertThatThrownBy(() -> BaselinePolicy.parse("baselines.yaml", """
                version: 1
                rules:
                  no_such_rule: {learn: 7d, recurring: 5, hours: 1}
                  storm0558_ioc_ip: {learn: 7d, recurring: 5, hours: 1}
                  one_app_reading_many_mailboxes:
                    learn: soon
                    recurring: 1
                    hours: 1
                    colour: blue
                """, RULES)).isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.problems().stream().map(Object::toString))
                .containsExactlyInAnyOrder(
                        "baselines.yaml:3: 'no_such_rule' is not an alerting rule of the pack",
                        "baselines.yaml:4: 'storm0558_ioc_ip' keeps no state (a baseline needs a correlation or a first-seen rule)",
                        "baselines.yaml:9: one_app_reading_many_mailboxes: unknown key 'colour' (expected learn, recurring, hours)",
                        "baselines.yaml:6: one_app_reading_many_mailboxes: learn: " + timespanError("soon"),
                        "baselines.yaml:7: one_app_reading_many_mailboxes: recurring must be from 2 to 60, got 1"));
    }

    private static String timespanError(String text) {
        try {
            dev.forgewatch.detections.rule.Timespan.parse(text);
            throw new AssertionError("parsed " + text);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
