package dev.forgewatch.detections.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.forgewatch.detections.rule.RuleException;
import dev.forgewatch.detections.rule.RuleException.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulePackLoadingTest {
    private static final String RULE = """
            title: Throttled
            id: 0b5f5a52-8d4e-4e0c-9c2a-444444444444
            name: throttled
            status: test
            description: Test.
            author: ForgeWatch
            date: 2026-11-23
            tags: [attack.t1562.008]
            logsource: {product: m365, service: audit}
            detection:
              selection: {Operation: MailItemsAccessed, IsThrottled: true}
              condition: selection
            falsepositives: [None]
            level: medium
            forgewatch:
              triage: [Look.]
            """;
    private static final String EVENT = "{\"timestamp\": \"2023-05-26T05:13:48Z\", \"kind\": \"audit\", \"fields\": "
            + "{\"operation\": \"MailItemsAccessed\", \"is_throttled\": %s}}";

    @TempDir
    Path dir;

    private void write(String path, String text) throws IOException {
        Files.createDirectories(dir.resolve(path).getParent());
        Files.writeString(dir.resolve(path), text);
    }

    private static String fixture(String... cases) {
        return "{\"cases\": [" + String.join(", ", cases) + "]}";
    }

    private static String testCase(String name, int findings, boolean throttled) {
        return "{\"name\": \"" + name + "\", \"findings\": " + findings + ", \"events\": [" + EVENT.formatted(throttled) + "]}";
    }

    @Test
    void aFolderPackLoadsWithItsFixtures() throws Exception {
        write("coverage/throttled.yml", RULE);
        write("coverage/throttled.tests.json", fixture(testCase("hit", 1, true), testCase("miss", 0, false)));

        RulePack pack = RulePack.load(dir);

        assertThat(pack.rules().alerting()).hasSize(1);
        assertThat(pack.coverageProblems()).isEmpty();
        assertThat(pack.tests()).allSatisfy(test -> assertThat(RuleTests.run(pack.rules(), test).passed()).isTrue());
    }

    @Test
    void rulesWithoutFixturesOrNegativeCasesAreCoverageProblems() throws Exception {
        write("coverage/throttled.yml", RULE);
        write("coverage/other.yml", RULE.replace("444444444444", "555555555555").replace("name: throttled", "name: other"));
        write("coverage/throttled.tests.json", fixture(testCase("hit", 1, true)));

        RulePack pack = RulePack.load(dir);

        assertThat(pack.coverageProblems()).extracting(Problem::toString).containsExactly(
                "coverage/other.yml: rule 'other' has no test fixture coverage/other.tests.json",
                "coverage/throttled.tests.json: needs at least one positive and one negative case");
    }

    @Test
    void badFixturesAndOrphanFixturesFailTheLoad() throws Exception {
        write("coverage/throttled.yml", RULE);
        write("coverage/throttled.tests.json", fixture("{\"name\": \"x\", \"findings\": 1, \"events\": "
                + "[{\"timestamp\": \"2023-05-26T05:13:48Z\", \"kind\": \"audit\", \"fields\": {\"no_such_field\": 1}}]}"));
        write("coverage/gone.tests.json", fixture(testCase("hit", 1, true)));

        RuleException e = catchThrowableOfType(RuleException.class, () -> RulePack.load(dir));

        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "coverage/throttled.tests.json: case 'x', event 1: unknown canonical field 'no_such_field'",
                "coverage/gone.tests.json: test fixture belongs to no alerting rule");
    }

    @Test
    void badLookupsAreReportedWithTheirRow() throws Exception {
        write("lookups/ips.csv", "ip,note\n192.0.2.1,ok\n,missing key\n");

        RuleException e = catchThrowableOfType(RuleException.class, () -> RulePack.load(dir));

        assertThat(e.problems()).extracting(Problem::toString).containsExactly("lookups/ips.csv:3: row has no ip");
    }

    @Test
    void theShippedPackListsItsLookup() {
        assertThat(RulePack.standard().rules().lookups()).containsKey("storm0558_ioc_ip");
        assertThat(RulePack.standard().rules().lookups().get("storm0558_ioc_ip").rows()).hasSize(38)
                .allSatisfy(row -> assertThat(row.get("source")).startsWith("https://www.microsoft.com/en-us/security/blog/2023/07/14/"));
    }
}
