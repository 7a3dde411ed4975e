package dev.forgewatch.splunk.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forgewatch.common.secret.Secret;
import dev.forgewatch.common.tls.TlsOptions;
import dev.forgewatch.splunk.app.SplPackage;
import dev.forgewatch.splunk.http.SplunkHttp;
import dev.forgewatch.splunk.testing.FakeSplunkRest;
import dev.forgewatch.splunk.testing.TestApps;
import dev.forgewatch.splunk.testing.TestTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installer against a local management port that answers as the REST reference documents. */
class AppInstallerTest {
    @TempDir
    static Path dir;
    private static TestTls tls;
    private static Path spl;
    private FakeSplunkRest splunk;

    @BeforeAll
    static void certificateAndPackage() throws Exception {
        tls = TestTls.create(dir, "ip:127.0.0.1");
        spl = Files.write(dir.resolve("forgewatch_app-0.1.0.spl"), SplPackage.toBytes(TestApps.shipped()));
    }

    @BeforeEach
    void start() throws Exception {
        splunk = new FakeSplunkRest(tls.serverContext());
    }

    @AfterEach
    void stop() {
        splunk.close();
    }

    private AppInstaller installer(SplunkAuth auth) throws Exception {
        return new AppInstaller(SplunkHttp.transport(TlsOptions.trusting(tls.certificatePem()), Duration.ofSeconds(5),
                Duration.ofSeconds(30)), splunk.url(), auth);
    }

    private static SplunkAuth admin() {
        return new SplunkAuth.Password(FakeSplunkRest.ADMIN, Secret.of(FakeSplunkRest.ADMIN_PASSWORD));
    }

    @Test
    void installsThenUpgradesInPlaceAndReadsTheVersionBack() throws Exception {
        AppInstaller installer = installer(new SplunkAuth.Token(Secret.of(FakeSplunkRest.TOKEN)));

        AppInstaller.Result first = installer.install(spl.toString());
        AppInstaller.Result again = installer.install(spl.toString());

        assertThat(first).isEqualTo(new AppInstaller.Result(201, "forgewatch_app", "0.1.0", java.util.List.of()));
        assertThat(again.status()).isEqualTo(200);
        assertThat(splunk.lastForm()).containsEntry("name", spl.toString()).containsEntry("filename", "true")
                .containsEntry("update", "true");
        assertThat(installer.installedVersion("forgewatch_app")).hasValue("0.1.0");
        assertThat(installer.installedVersion("not_installed")).isEmpty();
    }

    @Test
    void installsFromAUrlTheServerCanFetch() throws Exception {
        splunk.offer("https://downloads.example/forgewatch_app-0.1.0.spl", Files.readAllBytes(spl));

        assertThat(installer(admin()).install("https://downloads.example/forgewatch_app-0.1.0.spl").app())
                .isEqualTo("forgewatch_app");
    }

    @Test
    void refusalsCarrySplunksMessageAndNeverTheCredentials() throws Exception {
        assertThatThrownBy(() -> installer(new SplunkAuth.Password(FakeSplunkRest.ADMIN, Secret.of("wrong-password")))
                .install(spl.toString()))
                .isInstanceOf(InstallException.class)
                .hasMessageContaining("HTTP 401 (the credentials were not accepted)")
                .hasMessageNotContaining("wrong-password");
        assertThatThrownBy(() -> installer(new SplunkAuth.Password(FakeSplunkRest.ANALYST,
                Secret.of(FakeSplunkRest.ADMIN_PASSWORD))).install(spl.toString()))
                .isInstanceOf(InstallException.class)
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("requires capability: install_apps")
                .hasMessageNotContaining(FakeSplunkRest.ADMIN_PASSWORD);
        assertThatThrownBy(() -> installer(admin()).install("/no/such/forgewatch_app.spl"))
                .isInstanceOf(InstallException.class)
                .hasMessageContaining("HTTP 400: ERROR Error during app install");
        assertThat(new SplunkAuth.Password("admin", Secret.of("pw-7f3a")).toString()).doesNotContain("pw-7f3a");
        assertThat(new SplunkAuth.Token(Secret.of("tk-9c1d")).toString()).doesNotContain("tk-9c1d");
    }

    @Test
    void theManagementPortCertificateIsVerifiedUnlessToldOtherwise() throws Exception {
        AppInstaller verifying = new AppInstaller(SplunkHttp.transport(TlsOptions.VERIFY, Duration.ofSeconds(5),
                Duration.ofSeconds(30)), splunk.url(), admin());
        assertThatThrownBy(() -> verifying.install(spl.toString())).isInstanceOf(javax.net.ssl.SSLException.class);

        AppInstaller insecure = new AppInstaller(SplunkHttp.transport(TlsOptions.insecureForLabs(), Duration.ofSeconds(5),
                Duration.ofSeconds(30)), splunk.url(), admin());
        assertThat(insecure.install(spl.toString()).app()).isEqualTo("forgewatch_app");
    }
}
