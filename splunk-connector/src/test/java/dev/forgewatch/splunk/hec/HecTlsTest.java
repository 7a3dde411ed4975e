package dev.forgewatch.splunk.hec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forgewatch.common.delivery.ShipReport;
import dev.forgewatch.common.http.HttpTransport;
import dev.forgewatch.common.secret.Secret;
import dev.forgewatch.common.tls.TlsOptions;
import dev.forgewatch.splunk.http.SplunkHttp;
import dev.forgewatch.splunk.testing.FakeHec;
import dev.forgewatch.splunk.testing.TestTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS is verified by default: an untrusted certificate or a wrong host name fails at once, unless told otherwise. */
class HecTlsTest {
    private static final String TOKEN = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    private static ShipReport ship(FakeHec hec, TlsOptions tls) throws Exception {
        HttpTransport http = SplunkHttp.transport(tls, Duration.ofSeconds(5), Duration.ofSeconds(10));
        HecShipper shipper = new HecShipper(new HecClient(http, hec.url(), Secret.of(TOKEN), "2c4e6a8b-1d3f-4a5c-9e7b-0f1a2b3c4d5e"),
                HecSettings.defaults(), duration -> { });
        for (HecEvent event : HecShipperTest.events(3)) {
            shipper.send(event);
        }
        return shipper.finish();
    }

    @Test
    void selfSignedCertificatesAreRefusedByDefaultAndAcceptedWhenTrusted(@TempDir Path dir) throws Exception {
        TestTls tls = TestTls.create(dir, "ip:127.0.0.1");
        try (FakeHec hec = FakeHec.startHttps(TOKEN, tls.serverContext())) {
            assertThatThrownBy(() -> ship(hec, TlsOptions.VERIFY)).isInstanceOf(HecException.class)
                    .hasMessageContaining("TLS with HEC failed").hasMessageContaining("--ca-file");
            assertThat(hec.eventRequests()).isZero();

            assertThat(ship(hec, TlsOptions.trusting(tls.certificatePem())).confirmed()).isEqualTo(3);
            assertThat(ship(hec, TlsOptions.insecureForLabs()).confirmed()).isEqualTo(3);
            assertThat(hec.indexed()).hasSize(6);
        }
    }

    @Test
    void theHostNameIsCheckedAgainstTheCertificate(@TempDir Path dir) throws Exception {
        TestTls tls = TestTls.create(dir, "dns:splunk.other.example");
        try (FakeHec hec = FakeHec.startHttps(TOKEN, tls.serverContext())) {
            assertThatThrownBy(() -> ship(hec, TlsOptions.trusting(tls.certificatePem()))).isInstanceOf(HecException.class)
                    .hasMessageContaining("TLS with HEC failed");
            assertThat(ship(hec, TlsOptions.insecureForLabs()).confirmed()).isEqualTo(3);
        }
    }

    @Test
    void aCaFileWithoutCertificatesIsRefused(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertThatThrownBy(() -> SplunkHttp.transport(TlsOptions.trusting(empty), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("no certificate");
        assertThatThrownBy(() -> new TlsOptions(true, empty)).isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of(Secret.of(TOKEN).toString(), String.valueOf(Secret.of(TOKEN)))).containsOnly("[secret]");
    }
}
