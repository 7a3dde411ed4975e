package dev.forgewatch.cli.hunt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.cli.rules.RulesCommand;
import dev.forgewatch.common.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hunt --tuning}: on the sample tenant with a nightly archiving app beside it ({@link BackupTenant}), the tenant's tuning
 * takes exactly the backup's findings out (the intrusion's stay, incidents unchanged) and says so by
 * entry, in the table, the JSON summary and on stderr; a broken tuning file is refused whole.
 */
class HuntTuningTest {
    @TempDir
    static Path dir;
    private static List<JsonNode> untuned;

    @BeforeAll
    static void huntWithoutTuning() throws Exception {
        BackupTenant.write(dir.resolve("backup"));
        Files.writeString(dir.resolve("tuning.yaml"), BackupTenant.tuning());
        CliRunner.Run run = CliRunner.run(List.of(HuntCommand.standard()), Map.of(), "hunt", "--format", "json", "--show", "findings",
                BackupTenant.SAMPLE.toString(), dir.resolve("backup").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        untuned = new ArrayList<>();
        Json.MAPPER.readTree(run.out()).path("findings").forEach(untuned::add);
    }

    private static boolean aboutTheBackup(JsonNode finding) {
        String text = finding.toString();
        return text.contains(BackupTenant.APP) || text.contains("\"" + BackupTenant.ADDRESS + "\"");
    }

    private static String key(JsonNode finding) {
        return finding.path("@timestamp").asText() + "|" + finding.path("rule").path("id").asText() + "|" + finding.path("message").asText();
    }

    @Test
    void withoutTuningTheBackupStaysQuietByItsBaselinesLearningThenRecurring() {
        List<JsonNode> backup = untuned.stream().filter(HuntTuningTest::aboutTheBackup).toList();
        assertThat(backup).as("the backup's findings without tuning").isNotEmpty()
                .anySatisfy(f -> assertThat(f.path("rule").path("name").asText()).isEqualTo("One Application Reading Many Mailboxes"))
                .allSatisfy(f -> assertThat(f.path("rule").path("severity").asText()).isIn("low", "informational"))
                .allSatisfy(f -> assertThat(f.path("forgewatch").path("baseline").asText()).isIn("learning", "recurring"));
        // learning in the first week of the data, recurring once established
        assertThat(backup).anySatisfy(f -> assertThat(f.path("forgewatch").path("baseline").asText()).isEqualTo("learning"))
                .anySatisfy(f -> assertThat(f.path("forgewatch").path("baseline").asText()).isEqualTo("recurring"));
        assertThat(backup.stream().filter(f -> f.path("forgewatch").path("baseline").asText().equals("learning")))
                .allSatisfy(f -> assertThat(f.path("@timestamp").asText()).isLessThan("2023-05-22T02"));
        // the intrusion is not baselined away
        assertThat(untuned.stream().filter(f -> f.toString().contains("078b57c5-5bd1-4f6f-901b-83a901e75f36")))
                .isNotEmpty().noneMatch(f -> f.path("forgewatch").has("baseline"));
    }

    @Test
    void theTuningTakesOutExactlyTheBackupsFindingsAndCountsThem() throws Exception {
        CliRunner.Run run = CliRunner.run(List.of(HuntCommand.standard()), Map.of(), "hunt", "--format", "json",
                "--tuning", dir.resolve("tuning.yaml").toString(), BackupTenant.SAMPLE.toString(), dir.resolve("backup").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode doc = Json.MAPPER.readTree(run.out());
        List<String> tuned = new ArrayList<>();
        doc.path("findings").forEach(f -> tuned.add(key(f)));
        List<JsonNode> backup = untuned.stream().filter(HuntTuningTest::aboutTheBackup).toList();
        List<String> expected = untuned.stream().filter(f -> !aboutTheBackup(f)).map(HuntTuningTest::key).toList();
        assertThat(tuned).containsExactlyElementsOf(expected);

        JsonNode summary = doc.path("summary");
        assertThat(summary.path("suppressed").asInt()).isEqualTo(backup.size());
        Map<String, Integer> byEntry = new java.util.LinkedHashMap<>();
        summary.path("suppressed_by").forEach(e -> byEntry.put(e.path("entry").asText(), e.path("findings").asInt()));
        assertThat(byEntry.keySet()).containsExactlyInAnyOrder("app " + BackupTenant.APP + " (Fabrikam Mail Archive)",
                "egress " + BackupTenant.ADDRESS + "/32");
        assertThat(byEntry.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(backup.size());
        Map<String, Long> backupByRule = backup.stream().collect(Collectors.groupingBy(f -> f.path("rule").path("name").asText(),
                Collectors.counting()));
        Map<String, Long> suppressedByRule = new java.util.HashMap<>();
        summary.path("suppressed_by").forEach(e -> e.path("by_rule").fields()
                .forEachRemaining(r -> suppressedByRule.merge(r.getKey(), r.getValue().asLong(), Long::sum)));
        assertThat(suppressedByRule).isEqualTo(backupByRule);
        // the intrusion is still there: every compromised incident of the untuned run
        assertThat(summary.path("incidents_by_verdict").path("compromised").asInt()).isPositive();
        assertThat(run.err()).contains(String.format(Locale.ROOT, "%,d findings suppressed by tuning", backup.size()))
                .contains("forgewatch hunt: Suppressed by tuning: " + backup.size() + " findings");
    }

    @Test
    void theTableListsWhatWasSuppressedByEntryWithItsReason() {
        CliRunner.Run run = CliRunner.run(List.of(HuntCommand.standard()), Map.of(), "hunt", "--show", "findings",
                "--tuning", dir.resolve("tuning.yaml").toString(), BackupTenant.SAMPLE.toString(), dir.resolve("backup").toString());
        long backup = untuned.stream().filter(HuntTuningTest::aboutTheBackup).count();
        assertThat(run.out()).contains("Suppressed by tuning: " + backup + " findings")
                .contains("  app " + BackupTenant.APP + " (Fabrikam Mail Archive) (line 3): ")
                .contains("One Application Reading Many Mailboxes ")
                .contains("; the tenant's mail archiving product; reads 40 mailboxes nightly at 02:00 UTC")
                .doesNotContain("AppId " + BackupTenant.APP + " read");
    }

    @Test
    void rulesTuneSuggestsTheBackupFromTheFindingsAndNotTheIntruder() throws Exception {
        Path findings = dir.resolve("findings.ndjson");
        StringBuilder ndjson = new StringBuilder();
        untuned.forEach(f -> ndjson.append(f).append('\n'));
        Files.writeString(findings, ndjson + "not json\n");
        CliRunner.Run tune = CliRunner.run(List.of(new RulesCommand()), Map.of(), "rules", "tune", findings.toString());
        assertThat(tune.exitCode()).as(tune.err()).isZero();
        String fragment = tune.out();
        assertThat(fragment).contains("  - id: " + BackupTenant.APP + "\n").contains("  - cidr: " + BackupTenant.ADDRESS + "/32\n")
                .contains("# rules: one_app_reading_many_mailboxes ")
                .containsPattern("# \\d+ findings on 21 days \\(2023-05-15 to 2023-06-04\\), " + BackupTenant.MAILBOXES + " mailboxes")
                .contains("100% within 1h of 02:00 UTC every day; never in a critical or IOC finding")
                .contains("Suggestions only: nothing was applied");
        // the intrusion's app and addresses are never suggested
        assertThat(fragment).doesNotContain("  - id: 078b57c5-5bd1-4f6f-901b-83a901e75f36");
        assertThat(untuned).anySatisfy(f -> assertThat(f.toString()).contains("078b57c5-5bd1-4f6f-901b-83a901e75f36"));
        assertThat(fragment.lines().filter(l -> l.startsWith("  - ")).toList()).hasSize(2);
        // no service account either: the sample's own (svc-crm) is not seen on enough days, and the intruded
        // mailboxes reach high
        assertThat(fragment).doesNotContain("accounts:").doesNotContain("  - upn:");
        assertThat(tune.err()).contains(untuned.size() + " findings and 0 incidents read, 1 line(s) that are not findings")
                .contains("2 suggestion(s), nothing applied");

        // the fragment is a tuning file as it stands, and it quiets the backup
        Path suggested = dir.resolve("suggested.yaml");
        Files.writeString(suggested, fragment);
        CliRunner.Run run = CliRunner.run(List.of(HuntCommand.standard()), Map.of(), "hunt", "--format", "json", "--show", "findings",
                "--tuning", suggested.toString(), BackupTenant.SAMPLE.toString(), dir.resolve("backup").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> left = new ArrayList<>();
        Json.MAPPER.readTree(run.out()).path("findings").forEach(left::add);
        assertThat(left).noneMatch(HuntTuningTest::aboutTheBackup)
                .hasSize((int) untuned.stream().filter(f -> !aboutTheBackup(f)).count());
    }

    @Test
    void theSameTuningBecomesKibanaExceptionsAndSplunkFilterMacros() throws Exception {
        Path kibana = dir.resolve("rules.ndjson");
        CliRunner.Run elastic = CliRunner.run(List.of(new RulesCommand()), Map.of(), "rules", "export", "--target", "elastic",
                "--tuning", dir.resolve("tuning.yaml").toString(), "--output", kibana.toString());
        assertThat(elastic.exitCode()).as(elastic.err()).isZero();
        assertThat(elastic.err()).containsPattern("with \\d+ exception lists \\(\\d+ items\\) from the tuning");
        List<JsonNode> docs = new ArrayList<>();
        for (String line : Files.readAllLines(kibana)) {
            docs.add(Json.MAPPER.readTree(line));
        }
        JsonNode many = docs.stream().filter(d -> d.path("name").asText().equals("One Application Reading Many Mailboxes"))
                .findFirst().orElseThrow();
        String listId = many.path("exceptions_list").path(0).path("list_id").asText();
        assertThat(docs).anySatisfy(d -> {
            assertThat(d.path("list_id").asText()).isEqualTo(listId);
            assertThat(d.path("type").asText()).isEqualTo("simple");
            assertThat(d.path("entries").path(0).path("field").asText()).isEqualTo("m365.app_id");
            assertThat(d.path("entries").path(0).path("value").asText()).isEqualTo(BackupTenant.APP);
        });
        assertThat(docs).anySatisfy(d -> assertThat(d.path("entries").path(0).path("value").asText())
                .isEqualTo(BackupTenant.ADDRESS + "/32"));

        Path app = dir.resolve("splunk-app");
        CliRunner.Run splunk = CliRunner.run(List.of(new RulesCommand()), Map.of(), "rules", "export", "--target", "splunk",
                "--tuning", dir.resolve("tuning.yaml").toString(), "--output", app.toString());
        assertThat(splunk.exitCode()).as(splunk.err()).isZero();
        String macros = Files.readString(app.resolve("default").resolve("macros.conf"));
        assertThat(macros).contains("[one_app_reading_many_mailboxes_filter]\ndefinition = search NOT (app_id=\"" + BackupTenant.APP + "\")\n")
                .contains("src=\"" + BackupTenant.ADDRESS + "/32\"");
    }

    @Test
    void aBrokenTuningFileIsRefusedWholeWithEveryProblemNamed() throws Exception {
        Path bad = dir.resolve("bad-tuning.yaml");
        Files.writeString(bad, """
                version: 1
                apps:
                  - id: fabrikam-archive
                    reason: backup
                egress:
                  - cidr: 198.51.100.45
                """);
        CliRunner.Run run = CliRunner.run(List.of(HuntCommand.standard()), Map.of(), "hunt", "--tuning", bad.toString(),
                BackupTenant.SAMPLE.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(bad + ":3: apps: id 'fabrikam-archive' is not an application id")
                .contains(bad + ":6: egress: every entry needs a reason")
                .contains(bad + ":6: egress: '198.51.100.45' is not a CIDR block")
                .contains("3 problem(s) above; nothing was run");
    }
}
