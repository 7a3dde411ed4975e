package dev.forgewatch.cli.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.collector.testing.TestCertificates;
import dev.forgewatch.detections.compile.elastic.KibanaRuleExport;
import dev.forgewatch.detections.compile.elastic.StackLines.Line;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.elastic.testing.FakeKibana;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kibana and Fleet over HTTPS: {@code --ca-cert} trusts Kibana's certificate exactly as it trusts
 * Elasticsearch's (one set of TLS options for both), and a certificate that fails verification ends
 * the install at once with the reason named (not trusted, or issued for another host), before any
 * request reaches Kibana.
 */
class KibanaTlsTest {
    @TempDir
    Path temp;

    private String[] install(FakeKibana kibana, String... extra) throws Exception {
        Path key = Files.writeString(temp.resolve("api-key"), FakeKibana.API_KEY);
        List<String> args = new ArrayList<>(List.of("elastic", "install", "--kibana-url", kibana.url().toString(),
                "--api-key-file", key.toString(), "--fleet"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void theCaCertificateAppliesToKibanaAndFleet() throws Exception {
        TestCertificates.Issued certificate = TestCertificates.server();
        try (FakeKibana kibana = new FakeKibana("9.4.1", TestCertificates.serverContext(certificate))) {
            assertThat(kibana.url().getScheme()).isEqualTo("https");
            CliRunner.Run run = CliRunner.run(List.of(new ElasticCommand()),
                    install(kibana, "--ca-cert", certificate.certificatePem().toString()));

            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
            assertThat(kibana.rules("default")).hasSize(KibanaRuleExport.forLine(RulePack.standard().rules(), Line.parse("9.4")).rules().size());
            assertThat(kibana.installedPackages()).containsKey("forgewatch");
            assertThat(kibana.requests()).anyMatch(request -> request.startsWith("POST /api/fleet/epm/packages"));
        }
    }

    @Test
    void anUntrustedCertificateFailsAtOnceNamingTheCause() throws Exception {
        try (FakeKibana kibana = new FakeKibana("9.4.1", TestCertificates.serverContext(TestCertificates.server()))) {
            CliRunner.Run byDefault = CliRunner.run(List.of(new ElasticCommand()), install(kibana));
            CliRunner.Run anotherCa = CliRunner.run(List.of(new ElasticCommand()),
                    install(kibana, "--ca-cert", TestCertificates.stranger().certificatePem().toString()));

            for (CliRunner.Run run : List.of(byDefault, anotherCa)) {
                assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
                assertThat(run.err()).contains("reading Kibana's version: TLS with 127.0.0.1 failed (certificate not trusted)",
                        "--ca-cert FILE", "--insecure").doesNotContain(FakeKibana.API_KEY);
            }
            assertThat(kibana.requests()).as("no request got past the handshake").isEmpty();
        }
    }

    @Test
    void aCertificateForAnotherHostIsNamedAsSuch() throws Exception {
        TestCertificates.Issued elsewhere = TestCertificates.otherHost();
        try (FakeKibana kibana = new FakeKibana("8.19.6", TestCertificates.serverContext(elsewhere))) {
            CliRunner.Run run = CliRunner.run(List.of(new ElasticCommand()),
                    install(kibana, "--ca-cert", elsewhere.certificatePem().toString()));

            assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
            assertThat(run.err()).contains("TLS with 127.0.0.1 failed (certificate is for another host)");
            assertThat(kibana.requests()).isEmpty();
        }
    }
}
