package dev.forgewatch.cli.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.common.delivery.Checkpoint;
import dev.forgewatch.common.testing.TestRecords;
import dev.forgewatch.splunk.testing.FakeHec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, item 6, as the issue states it: "Splunk HEC delivery: when ack ids repeat, batches
 * overwrite each other in the pending map, and the run ends '1,331 events shipped, 31 confirmed',
 * exit 0, with the file checkpointed as done. HEC tokens and Basic passwords are sent over plain
 * http:// without a word (Elastic warns, collect refuses: pick one policy for all three: refuse
 * unless --allow-http)."
 */
class ConfirmedDeliveryTest {
    private static final String HEC_TOKEN = "4c3e2d1f-0a9b-4c8d-9e7f-6a5b4c3d2e1f";
    private static final String REFUSAL = "over plain http://: anyone on the network path could read it. Use https://, or add"
            + " --allow-http if this network is trusted";

    @TempDir
    Path dir;

    @Test
    void everyCommandRefusesCredentialsOverPlainHttpWithTheSameWordsAndSendsNothing() throws Exception {
        Path export = Files.writeString(dir.resolve("audit.ndjson"), TestRecords.json("mailitemsaccessed-bind.json") + "\n");
        Path secret = Files.writeString(dir.resolve("secret"), "s3cret-value-41\n");
        try (ReflectingServer server = new ReflectingServer(200, "application/json", request -> "{}")) {
            String url = server.url().toString();
            Path config = Files.writeString(dir.resolve("collector.properties"), "tenant_id=contoso.onmicrosoft.com\n"
                    + "client_id=11111111-1111-1111-1111-111111111111\nclient_secret_file=" + secret + "\nauthority=" + url + "\n");
            Map<String, CliRunner.Run> runs = Map.of(
                    "HEC token", CliRunner.run(NetworkFailuresTest.commands(), Map.of("FORGEWATCH_HEC_TOKEN", HEC_TOKEN), "splunk", "ship",
                            "--hec-url", url, export.toString()),
                    "password", CliRunner.run(NetworkFailuresTest.commands(), "splunk", "install", "--url", url, "--user", "admin",
                            "--password-file", secret.toString(), "--package", "/opt/forgewatch_app.spl"),
                    "Splunk token", CliRunner.run(NetworkFailuresTest.commands(), "splunk", "install", "--url", url, "--token-file", secret.toString(),
                            "--package", "/opt/forgewatch_app.spl"),
                    "API key", CliRunner.run(NetworkFailuresTest.commands(), "elastic", "ship", "--url", url, "--api-key-file", secret.toString(),
                            export.toString()),
                    "password ", CliRunner.run(NetworkFailuresTest.commands(), Map.of("FORGEWATCH_ES_PASSWORD", "s3cret-value-41"), "elastic",
                            "install", "--url", url, "--username", "elastic"),
                    "client credential", CliRunner.run(NetworkFailuresTest.commands(), "collect", "--config", config.toString(), "--out",
                            dir.resolve("logs").toString()));

            runs.forEach((credential, run) -> {
                assertThat(run.exitCode()).as(credential).isEqualTo(ExitCodes.ERROR);
                assertThat(run.err()).as(credential).contains("refusing to send the " + credential.strip() + " to 127.0.0.1 " + REFUSAL)
                        .doesNotContain("s3cret-value-41", HEC_TOKEN);
            });
            assertThat(server.requests()).as("nothing was sent").isZero();
        }
    }

    @Test
    void withAllowHttpTheCredentialIsSentAndTheUserIsTold() throws Exception {
        Path export = Files.writeString(dir.resolve("audit.ndjson"), TestRecords.json("mailitemsaccessed-bind.json") + "\n");
        try (FakeHec hec = FakeHec.start(HEC_TOKEN, true)) {
            CliRunner.Run run = CliRunner.run(NetworkFailuresTest.commands(), Map.of("FORGEWATCH_HEC_TOKEN", HEC_TOKEN), "splunk", "ship",
                    "--allow-http", "--hec-url", hec.url().toString(), export.toString());

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
            assertThat(run.err()).contains("forgewatch splunk: warning: --allow-http: the HEC token goes to 127.0.0.1 unencrypted");
            assertThat(hec.indexed()).hasSize(1);
        }
    }

    @Test
    void repeatedAckIdsStopTheRunWithAnErrorAndTheFileStaysUnrecorded() throws Exception {
        // one day of the sample tenant's Exchange audit: about 1,400 events, many HEC batches
        Path export = Files.copy(Path.of("..", "samples", "data", "management-api", "Audit.Exchange", "2023-05-15.json.gz"),
                dir.resolve("2023-05-15.json.gz"));
        Path checkpoint = dir.resolve("hec.checkpoint");
        // two HEC instances behind a load balancer without sticky sessions: each numbers the channel's
        // batches from 0, so ack ids repeat
        try (FakeHec hec = FakeHec.start(HEC_TOKEN, true).instances(2)) {
            CliRunner.Run run = CliRunner.run(NetworkFailuresTest.commands(), Map.of("FORGEWATCH_HEC_TOKEN", HEC_TOKEN), "splunk",
                    "ship", "--allow-http", "--hec-url", hec.url().toString(), "--checkpoint", checkpoint.toString(),
                    export.toString());

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.ERROR);
            assertThat(run.err()).contains("HEC protocol error: ack id 0 was given to two batches on channel")
                    .contains("sticky sessions");
            assertThat(Checkpoint.open(checkpoint).isDone(export)).as("nothing confirmed the file: it is not recorded").isFalse();

            // once the load balancer keeps the channel on one instance, a rerun sends the file and records it
            hec.instances(1);
            CliRunner.Run rerun = CliRunner.run(NetworkFailuresTest.commands(), Map.of("FORGEWATCH_HEC_TOKEN", HEC_TOKEN), "splunk",
                    "ship", "--allow-http", "--hec-url", hec.url().toString(), "--checkpoint", checkpoint.toString(),
                    export.toString());
            assertThat(rerun.exitCode()).as(rerun.err()).isEqualTo(ExitCodes.OK);
            assertThat(Checkpoint.open(checkpoint).isDone(export)).isTrue();
        }
    }
}
