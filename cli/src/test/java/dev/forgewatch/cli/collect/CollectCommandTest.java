package dev.forgewatch.cli.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.cli.Command;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.cli.hunt.HuntCommand;
import dev.forgewatch.collector.Collector;
import dev.forgewatch.collector.FaultHook;
import dev.forgewatch.collector.testing.FakeMicrosoft;
import dev.forgewatch.collector.testing.MutableClock;
import dev.forgewatch.collector.testing.Scenario;
import dev.forgewatch.collector.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** collect → hunt → report against the local Microsoft stand-in, and the command's error contract. */
class CollectCommandTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Scenario.NOW);
    private FakeMicrosoft fake;
    private Scenario scenario;
    private Path config;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeMicrosoft(clock::instant);
        scenario = new Scenario(fake, 3, 6);
        Files.writeString(dir.resolve("secret.txt"), FakeMicrosoft.CLIENT_SECRET + "\n");
        config = dir.resolve("collector.properties");
        Files.writeString(config, String.join("\n",
                "tenant_id=" + FakeMicrosoft.TENANT,
                "client_id=" + FakeMicrosoft.SECRET_CLIENT,
                "client_secret_file=secret.txt",
                "authority=" + fake.root(),
                "manage_api=" + fake.root(),
                "manage_resource=https://manage.office.com",
                "graph_api=" + fake.root(),
                "graph_resource=https://graph.microsoft.com",
                "settle_minutes=0",
                "lookback_hours=72",
                "tls_ca_file=" + TestCertificates.server().certificatePem(), ""));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private List<Command> commands() {
        return List.of(new CollectCommand(listener -> new Collector.Runtime(clock, d -> { }, new Random(1), listener, FaultHook.NONE)),
                HuntCommand.standard());
    }

    @Test
    void collectThenHuntThenReport() throws Exception {
        Path out = dir.resolve("logs");
        CliRunner.Run collect = CliRunner.run(commands(), "collect", "--config", config.toString(), "--out", out.toString());
        assertThat(collect.exitCode()).as(collect.err()).isEqualTo(ExitCodes.OK);
        long expected = scenario.auditIds().size() + scenario.signInIds().size();
        assertThat(collect.out()).contains(String.format(Locale.ROOT, "%,d records", expected), "Logging coverage", Scenario.QUIET);

        CliRunner.Run again = CliRunner.run(commands(), "collect", "--config", config.toString(), "--out", out.toString());
        assertThat(again.out()).contains("forgewatch collect: 0 records in 0 new files");

        Path report = dir.resolve("report.html");
        CliRunner.Run hunt = CliRunner.run(commands(), "hunt", "--report", report.toString(), "--quarantine",
                dir.resolve("q.ndjson").toString(), out.toString());
        assertThat(hunt.exitCode()).as(hunt.err()).isZero();
        assertThat(hunt.err()).as(Files.readString(dir.resolve("q.ndjson"))).contains(String.format(Locale.ROOT, "%,d events, 0 quarantined", expected));
        assertThat(Files.readString(report)).contains(Scenario.QUIET, Scenario.THROTTLED);
    }

    @Test
    void preflightReportsGapsWithExitOneAndWritesNothing() {
        CliRunner.Run run = CliRunner.run(commands(), "collect", "--config", config.toString(), "--out", dir.resolve("x").toString(),
                "--preflight", "--preflight-hours", "72");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FOUND);
        assertThat(run.out()).contains("MailItemsAccessed: produced", Scenario.QUIET, "IsThrottled");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void badCredentialsAndSecretsInTheConfigFileAreClearErrorsThatNeverShowTheSecret() throws Exception {
        Files.writeString(dir.resolve("secret.txt"), "wrong-secret-value-42");
        CliRunner.Run bad = CliRunner.run(commands(), "collect", "--config", config.toString(), "--out", dir.resolve("o").toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(bad.err()).contains("AADSTS7000215", "client secret is wrong").doesNotContain("wrong-secret-value-42");

        Files.writeString(config, Files.readString(config) + "client_secret=" + FakeMicrosoft.CLIENT_SECRET + "\n");
        CliRunner.Run inline = CliRunner.run(commands(), "collect", "--config", config.toString());
        assertThat(inline.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(inline.err()).contains("client_secret in clear").doesNotContain(FakeMicrosoft.CLIENT_SECRET);
    }

    @Test
    void theSecretMayComeFromTheEnvironmentAndInsecureModeWarns() throws Exception {
        Files.writeString(config, Files.readString(config).replace("client_secret_file=secret.txt\n", ""));
        CliRunner.Run run = CliRunner.run(commands(), Map.of("FORGEWATCH_CLIENT_SECRET", FakeMicrosoft.CLIENT_SECRET), "collect",
                "--config", config.toString(), "--out", dir.resolve("o").toString(), "--insecure", "--sources", "Audit.Exchange");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("WARNING: server certificates are NOT verified");
        assertThat(run.out()).doesNotContain("signins");
    }

    @Test
    void sourcesNameSignInCategories() throws Exception {
        CliRunner.Run one = CliRunner.run(commands(), "collect", "--config", config.toString(), "--out",
                dir.resolve("sp").toString(), "--sources", "signins-serviceprincipal");
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out()).contains("signins-serviceprincipal")
                .doesNotContain("signins-noninteractive");
        assertThat(fake.requests(s -> s.path().equals("/beta/auditLogs/signIns"))).isPositive();
        assertThat(fake.requests(s -> s.path().equals("/v1.0/auditLogs/signIns"))).isZero();

        CliRunner.Run all = CliRunner.run(commands(), "collect", "--config", config.toString(), "--out",
                dir.resolve("all").toString(), "--sources", "signins");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out()).contains("signins-noninteractive", "signins-serviceprincipal", "signins-managedidentity");

        CliRunner.Run typo = CliRunner.run(commands(), "collect", "--config", config.toString(), "--sources", "signins-robots");
        assertThat(typo.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(typo.err()).contains("unknown sign-in stream 'signins-robots'");
    }

    @Test
    void helpNamesTheOptionsAndNoSecretOption() {
        CliRunner.Run run = CliRunner.run(commands(), "collect", "--help");
        assertThat(run.out()).contains("--config", "--start-subscriptions", "--preflight", "FORGEWATCH_CLIENT_SECRET")
                .doesNotContain("--client-secret");
    }
}
