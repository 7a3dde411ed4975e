package dev.forgewatch.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.pipeline.RunStats;
import dev.forgewatch.common.secret.Redactor;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.incident.IncidentModel;
import dev.forgewatch.detections.pack.RulePack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report on the shipped sample, on hostile values, and within its memory bounds. */
class HtmlReportTest {
    @TempDir
    Path dir;

    @Test
    void theReportOnTheSampleShowsVictimsCoverageGapsThrottlingAndFindings() throws Exception {
        Path report = dir.resolve("out/report.html");
        CliRunner.Run run = CliRunner.run(ReportFixtures.hunt(new ReportFixtures.ActorDetector()), "hunt", "--quiet", "--format",
                "ndjson", "--output", dir.resolve("f.ndjson").toString(), "--report", report.toString(), ReportFixtures.SAMPLE.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String html = Files.readString(report);

        assertThat(HtmlChecks.problem(html)).isNull();
        assertThat(html).contains("id=\"summary\"", "id=\"timeline\"", "id=\"first-seen\"", "id=\"tokens\"", "id=\"coverage\"",
                "id=\"details\"");
        // the five planted victims, with the actor's app marked new
        for (String victim : List.of("harper.ibarra", "bailey.jansen", "blake.zimmerman", "finley.hoffmann", "uma.bergstrom")) {
            assertThat(html).contains(victim + "@fabrikam.example");
        }
        assertThat(html).contains(ReportFixtures.ACTOR_APP + "</code> <span class=\"tag-new\">new</span>");
        // the licence gap and the throttling window of the answer key
        assertThat(html).contains("val.okafor@fabrikam.example", "marlow.jansen@fabrikam.example", "finley.gallagher@fabrikam.example",
                "2023-05-26 05:13:48Z");
        // findings by rule, token findings by kid and scope, details with triage
        assertThat(html).contains("New AppId reading a mailbox", "1LTMzakihRla_8z2BEJVXeWMqo</code></td><td>consumers", "<h4>Triage</h4>");
        assertThat(html).doesNotContain(ReportFixtures.FORGED_TOKEN).contains("[REDACTED-JWT sha256:");
        assertThat(Redactor.containsToken(html)).isFalse();
        assertThat(html).doesNotContain("http://", "https://"); // nothing to fetch: fully self-contained
    }

    @Test
    void hostileValuesAreEscapedEverywhere() {
        String evil = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>";
        ReportObserver observer = new ReportObserver();
        Instant t = Instant.parse("2023-05-24T01:00:00Z");
        for (int i = 0; i < 3; i++) {
            observer.event(CanonicalEvent.builder().id("e" + i).timestamp(t.plusSeconds(86400L * i)).kind(SourceKind.AUDIT)
                    .origin(new SourceRef("x.json", 1)).field(Fields.WORKLOAD, "Exchange").field(Fields.OPERATION, "MailItemsAccessed")
                    .field(Fields.MAILBOX_OWNER_UPN, evil + "@x.example").field(Fields.APP_ID, i == 2 ? evil : "app")
                    .field(Fields.CLIENT_IP, evil).field(Fields.IS_THROTTLED, i == 1).build());
        }
        Finding finding = new Finding("rule<1>", evil, Severity.CRITICAL, t, evil + "@x.example", evil, List.of(evil), evil,
                Map.of(Fields.TOKEN_KID, evil, evil, evil), List.of(evil));
        observer.finding(finding);
        String html = new HtmlReport(f -> List.of(evil)).render(observer,
                new RunStats.Summary(1, 3, 3, 0, 10, Map.of(), Map.of()), List.of(finding),
                new IncidentModel(RulePack.standard().policy(), RulePack.standard().rules()).incidents(List.of(finding)), t);
        assertThat(html).contains("<section id=\"incidents\">", "compromised");
        assertThat(HtmlChecks.problem(html)).isNull();
        assertThat(html).doesNotContain("<script>alert", "<img", "onerror=alert(2)>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html.split("<script>", -1)).hasSize(2); // only the report's own script
    }

    @Test
    void stateStaysBounded() {
        ReportObserver observer = new ReportObserver();
        Instant t = Instant.parse("2023-05-24T01:00:00Z");
        for (int i = 0; i < ReportObserver.MAX_MAILBOXES + 500; i++) {
            observer.event(CanonicalEvent.builder().id("e" + i).timestamp(t).kind(SourceKind.AUDIT).origin(new SourceRef("x", 1))
                    .field(Fields.WORKLOAD, "Exchange").field(Fields.OPERATION, "MailItemsAccessed")
                    .field(Fields.MAILBOX_OWNER_UPN, "m" + i + "@x.example").field(Fields.CLIENT_IP, "ip" + i).build());
        }
        for (int i = 0; i < 200; i++) {
            observer.event(CanonicalEvent.builder().id("k" + i).timestamp(t.plusSeconds(i)).kind(SourceKind.AUDIT)
                    .origin(new SourceRef("x", 1)).field(Fields.WORKLOAD, "Exchange").field(Fields.OPERATION, "MailItemsAccessed")
                    .field(Fields.MAILBOX_OWNER_UPN, "m0@x.example").field(Fields.APP_ID, "app" + i).field(Fields.CLIENT_IP, "ip" + i)
                    .build());
        }
        for (int i = 0; i < ReportObserver.MAX_FINDINGS + 10; i++) {
            observer.finding(new Finding("r", "r", Severity.LOW, t, null, null, List.of(), "", Map.of(), List.of()));
        }
        assertThat(observer.mailboxes()).hasSize(ReportObserver.MAX_MAILBOXES);
        assertThat(observer.eventsOfUntrackedMailboxes()).isEqualTo(500);
        ReportObserver.Mailbox busy = observer.mailboxes().get("m0@x.example");
        assertThat(busy.appFirstSeen).hasSize(ReportObserver.MAX_FIRST_SEEN);
        assertThat(busy.days.firstEntry().getValue().byApp).hasSize(ReportObserver.MAX_KEYS_PER_DAY + 1).containsKey(Bounded.OTHER);
        assertThat(observer.findings()).hasSize(ReportObserver.MAX_FINDINGS);
        assertThat(observer.findingsNotKept()).isEqualTo(10);
    }
}
