package dev.forgewatch.cli.splunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.cli.Command;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.common.testing.TestRecords;
import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.app.SplPackage;
import dev.forgewatch.splunk.testing.FakeHec;
import dev.forgewatch.splunk.testing.FakeSplunkRest;
import dev.forgewatch.splunk.testing.TestTls;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplunkCommandTest {
    private static final String HEC_TOKEN = "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
    private final List<Command> commands = List.of(new SplunkCommand(duration -> { }));

    private CliRunner.Run run(Map<String, String> env, String... argv) {
        return CliRunner.run(commands, env, argv);
    }

    @Test
    void packageBuildsAPackageThatCheckPasses(@TempDir Path dir) {
        CliRunner.Run built = run(Map.of(), "splunk", "package", "--out", dir.toString());

        assertThat(built.exitCode()).isEqualTo(ExitCodes.OK);
        Path spl = Path.of(built.out().strip());
        assertThat(spl.getFileName().toString()).isEqualTo("forgewatch_app-0.1.0.spl");
        assertThat(built.err()).contains("packaging checks passed");

        CliRunner.Run checked = run(Map.of(), "splunk", "check", spl.toString());
        assertThat(checked.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(checked.err()).contains("10 checks, 0 problems");
    }

    @Test
    void packageWithTuningFillsTheTunedRulesFilterMacrosAndRefusesABrokenFile(@TempDir Path dir) throws Exception {
        Path tuning = dir.resolve("tuning.yaml");
        Files.writeString(tuning, """
                version: 1
                apps:
                  - id: 5f4c2b1a-9d3e-4e7b-8a6c-1b2d3e4f5a6b
                    name: Fabrikam Mail Archive
                    reason: the tenant's mail archiving product
                egress:
                  - cidr: 198.51.100.45/32
                    reason: the backup server's address
                """);
        CliRunner.Run plain = run(Map.of(), "splunk", "package", "--out", dir.resolve("plain").toString());
        CliRunner.Run tuned = run(Map.of(), "splunk", "package", "--out", dir.resolve("tuned").toString(),
                "--tuning", tuning.toString());

        assertThat(tuned.exitCode()).as(tuned.err()).isEqualTo(ExitCodes.OK);
        assertThat(tuned.err()).containsPattern("\\d+ filter macros from the tuning\\); packaging checks passed");
        String plainMacros = macros(Path.of(plain.out().strip()));
        String tunedMacros = macros(Path.of(tuned.out().strip()));
        assertThat(plainMacros).contains("[one_app_reading_many_mailboxes_filter]\ndefinition = search *\n");
        assertThat(tunedMacros).contains("[one_app_reading_many_mailboxes_filter]\n"
                + "definition = search NOT (app_id=\"5f4c2b1a-9d3e-4e7b-8a6c-1b2d3e4f5a6b\")\n")
                .contains("src=\"198.51.100.45/32\"");
        // the same macros 'rules export --target splunk --tuning' writes: one mechanism
        CliRunner.Run export = CliRunner.run(List.of(new dev.forgewatch.cli.rules.RulesCommand()), Map.of(), "rules", "export",
                "--target", "splunk", "--tuning", tuning.toString(), "--output", dir.resolve("export").toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(tunedMacros).contains(Files.readString(dir.resolve("export/default/macros.conf"))
                .split("\\[one_app_reading_many_mailboxes_filter\\]")[1].split("\n\n")[0]);

        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "version: 1\napps:\n  - id: fabrikam-archive\n    reason: backup\n");
        CliRunner.Run refused = run(Map.of(), "splunk", "package", "--out", dir.resolve("refused").toString(),
                "--tuning", broken.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(refused.err()).contains(broken + ":3: apps: id 'fabrikam-archive' is not an application id")
                .contains("1 problem(s) above; nothing was built");
        assertThat(dir.resolve("refused")).doesNotExist();
        assertThat(run(Map.of(), "splunk", "check", "--tuning", tuning.toString(), dir.toString()).exitCode())
                .isEqualTo(ExitCodes.ERROR);
    }

    private static String macros(Path spl) throws Exception {
        try (InputStream in = Files.newInputStream(spl)) {
            return SplPackage.read(in).text("default/macros.conf").orElseThrow();
        }
    }

    @Test
    void checkNamesFileAndRuleOfEachProblem(@TempDir Path dir) throws Exception {
        Path spl = Path.of(run(Map.of(), "splunk", "package", "--out", dir.toString()).out().strip());
        AppTree app;
        try (InputStream in = Files.newInputStream(spl)) {
            app = SplPackage.read(in);
        }
        app.with("local/macros.conf", "[forgewatch_index]\ndefinition = index=m365\n").writeDirectory(dir.resolve("unpacked"));

        CliRunner.Run checked = run(Map.of(), "splunk", "check", dir.resolve("unpacked/forgewatch_app").toString());

        assertThat(checked.exitCode()).isEqualTo(ExitCodes.FOUND);
        assertThat(checked.out()).contains("[check_that_local_does_not_exist] forgewatch_app/local/macros.conf");
    }

    @Test
    void shipSendsRecordsToHecWithTheTokenFromTheEnvironmentOrAFile(@TempDir Path dir) throws Exception {
        Path export = Files.writeString(dir.resolve("audit.ndjson"), TestRecords.json("mailitemsaccessed-bind.json") + "\n");
        Path tokenFile = Files.writeString(dir.resolve("hec-token"), HEC_TOKEN + "\n");
        try (FakeHec hec = FakeHec.start(HEC_TOKEN, true)) {
            CliRunner.Run fromEnv = run(Map.of(SplunkCommand.HEC_TOKEN_ENV, HEC_TOKEN), "splunk", "ship", "--allow-http", "--hec-url",
                    hec.url().toString(), "--index", "m365", export.toString());
            CliRunner.Run fromFile = run(Map.of(), "splunk", "ship", "--allow-http", "--hec-url", hec.url().toString(), "--hec-token-file",
                    tokenFile.toString(), dir.toString());

            assertThat(fromEnv.exitCode()).as(fromEnv.err()).isEqualTo(ExitCodes.OK);
            assertThat(fromEnv.err()).contains("1 records read, 1 events shipped, 1 confirmed by indexer acknowledgement");
            assertThat(fromFile.exitCode()).as(fromFile.err()).isEqualTo(ExitCodes.OK);
            assertThat(hec.indexed()).hasSize(2);
            assertThat(hec.indexed().get(0).path("index").asText()).isEqualTo("m365");
            assertThat(fromEnv.out() + fromEnv.err() + fromFile.out() + fromFile.err()).doesNotContain(HEC_TOKEN);
        }
    }

    @Test
    void shipWithACheckpointSkipsFilesAnEarlierRunHadAcknowledged(@TempDir Path dir) throws Exception {
        Path exports = Files.createDirectories(dir.resolve("exports"));
        Files.writeString(exports.resolve("a.ndjson"), TestRecords.json("mailitemsaccessed-bind.json") + "\n");
        Path checkpoint = dir.resolve("hec.checkpoint");
        try (FakeHec hec = FakeHec.start(HEC_TOKEN, true)) {
            Map<String, String> env = Map.of(SplunkCommand.HEC_TOKEN_ENV, HEC_TOKEN);
            CliRunner.Run first = run(env, "splunk", "ship", "--allow-http", "--hec-url", hec.url().toString(), "--checkpoint",
                    checkpoint.toString(), exports.toString());
            Files.writeString(exports.resolve("b.ndjson"), TestRecords.json("mailitemsaccessed-bind.json").toString()
                    .replace("\"Id\":\"", "\"Id\":\"b-") + "\n");
            CliRunner.Run second = run(env, "splunk", "ship", "--allow-http", "--hec-url", hec.url().toString(), "--checkpoint",
                    checkpoint.toString(), exports.toString());

            assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCodes.OK);
            assertThat(second.exitCode()).as(second.err()).isEqualTo(ExitCodes.OK);
            assertThat(second.err()).contains("1 records read, 1 events shipped").contains("1 files already shipped (checkpoint)");
            assertThat(hec.indexed()).extracting(event -> event.path("source").asText()).containsExactly("a.ndjson", "b.ndjson");
        }
    }

    @Test
    void credentialsAreNeverArgumentsAndNeverEchoed(@TempDir Path dir) throws Exception {
        Path export = Files.writeString(dir.resolve("audit.ndjson"), "{}\n");

        CliRunner.Run asArgument = run(Map.of(), "splunk", "ship", "--hec-url", "https://127.0.0.1:1", "--hec-token", HEC_TOKEN,
                export.toString());
        CliRunner.Run missing = run(Map.of(), "splunk", "ship", "--hec-url", "https://127.0.0.1:1", export.toString());
        CliRunner.Run inUrl = run(Map.of(), "splunk", "install", "--url", "https://admin:hunter2-secret@127.0.0.1:8089",
                "--package", "/tmp/x.spl");

        assertThat(asArgument.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(asArgument.err()).contains("unknown option --hec-token").doesNotContain(HEC_TOKEN);
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(missing.err()).contains(SplunkCommand.HEC_TOKEN_ENV);
        assertThat(inUrl.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(inUrl.err()).contains("must not hold credentials").doesNotContain("hunter2-secret");
    }

    @Test
    void installUsesTheManagementPortWithTlsVerifiedUnlessInsecure(@TempDir Path dir) throws Exception {
        Path spl = Path.of(run(Map.of(), "splunk", "package", "--out", dir.toString()).out().strip());
        TestTls tls = TestTls.create(dir, "ip:127.0.0.1");
        Map<String, String> env = Map.of(SplunkCommand.SPLUNK_TOKEN_ENV, FakeSplunkRest.TOKEN);
        try (FakeSplunkRest splunk = new FakeSplunkRest(tls.serverContext())) {
            CliRunner.Run verified = run(env, "splunk", "install", "--url", splunk.url().toString(), "--package", spl.toString());
            CliRunner.Run trusted = run(env, "splunk", "install", "--url", splunk.url().toString(), "--package", spl.toString(),
                    "--ca-file", tls.certificatePem().toString());
            CliRunner.Run insecure = run(env, "splunk", "install", "--url", splunk.url().toString(), "--package",
                    spl.toString(), "--insecure");

            assertThat(verified.exitCode()).isEqualTo(ExitCodes.ERROR);
            assertThat(trusted.exitCode()).as(trusted.err()).isEqualTo(ExitCodes.OK);
            assertThat(trusted.err()).contains("installed forgewatch_app", "now version 0.1.0");
            assertThat(insecure.err()).contains("upgraded forgewatch_app");
            assertThat(splunk.installed()).containsEntry("forgewatch_app", "0.1.0");
            assertThat(verified.err() + trusted.err() + insecure.err()).doesNotContain(FakeSplunkRest.TOKEN);
        }
    }

    @Test
    void installWithTuningSetsTheFilterMacrosOnceKeepsAnAdminsOwnAndFollowsTheFile(@TempDir Path dir) throws Exception {
        Path spl = Path.of(run(Map.of(), "splunk", "package", "--out", dir.toString()).out().strip());
        TestTls tls = TestTls.create(dir, "ip:127.0.0.1");
        Map<String, String> env = Map.of(SplunkCommand.SPLUNK_TOKEN_ENV, FakeSplunkRest.TOKEN);
        Path tuning = dir.resolve("tuning.yaml");
        String app = "5f4c2b1a-9d3e-4e7b-8a6c-1b2d3e4f5a6b";
        String egress = """
                egress:
                  - cidr: 198.51.100.45/32
                    reason: the backup server's address
                """;
        Files.writeString(tuning, """
                version: 1
                apps:
                  - id: %s
                    name: Fabrikam Mail Archive
                    reason: the tenant's mail archiving product
                """.formatted(app) + egress);
        try (FakeSplunkRest splunk = new FakeSplunkRest(tls.serverContext())) {
            String[] install = {"splunk", "install", "--url", splunk.url().toString(), "--package", spl.toString(),
                "--ca-file", tls.certificatePem().toString(), "--tuning", tuning.toString()};

            CliRunner.Run first = run(env, install);

            assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCodes.OK);
            Map<String, Map<String, String>> local = splunk.localMacros("forgewatch_app");
            // exactly the macros 'splunk package --tuning' builds into default/: one mechanism
            CliRunner.Run tunedPackage = run(Map.of(), "splunk", "package", "--out", dir.resolve("tuned").toString(),
                    "--tuning", tuning.toString());
            String packaged = macros(Path.of(tunedPackage.out().strip()));
            assertThat(local).isNotEmpty().allSatisfy((stanza, settings) -> assertThat(packaged)
                    .contains("[" + stanza + "]\ndefinition = " + settings.get("definition") + "\n"));
            assertThat(local.get("one_app_reading_many_mailboxes_filter").get("definition"))
                    .isEqualTo("search NOT (app_id=\"" + app + "\")");
            assertThat(first.err()).containsPattern("tuning filter macros: " + local.size() + " set, 0 reset to search \\*, \\d+ unchanged, 0 kept");

            int writes = splunk.macroWrites();
            CliRunner.Run second = run(env, install);
            assertThat(second.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(splunk.macroWrites()).as("a second run writes nothing").isEqualTo(writes);
            assertThat(second.err()).contains("tuning filter macros: 0 set, 0 reset to search *");

            // an admin's own filter on a tuned rule is kept; the file drops the egress range
            String own = "search NOT app_id=\"11111111-2222-3333-4444-555555555555\"";
            splunk.editMacroInSplunkWeb("forgewatch_app", "one_app_reading_many_mailboxes_filter", own);
            Files.writeString(tuning, """
                    version: 1
                    apps:
                      - id: %s
                        name: Fabrikam Mail Archive
                        reason: the tenant's mail archiving product
                    """.formatted(app));
            CliRunner.Run third = run(env, install);
            assertThat(third.exitCode()).isEqualTo(ExitCodes.FOUND);
            assertThat(third.out()).contains("macro one_app_reading_many_mailboxes_filter").contains("kept: changed by hand");
            assertThat(splunk.localMacros("forgewatch_app").get("one_app_reading_many_mailboxes_filter").get("definition"))
                    .isEqualTo(own);
            assertThat(third.out()).contains("reset to search *");
            assertThat(splunk.localMacros("forgewatch_app").values()).noneMatch(settings ->
                    settings.get("definition").contains("198.51.100.45"));
            assertThat(first.err() + second.err() + third.err()).doesNotContain(FakeSplunkRest.TOKEN);
        }
    }
}
