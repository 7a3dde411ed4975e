package dev.forgewatch.splunk.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forgewatch.common.secret.Secret;
import dev.forgewatch.common.tls.TlsOptions;
import dev.forgewatch.detections.compile.splunk.SplunkMacros;
import dev.forgewatch.detections.compile.splunk.Stanza;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.tuning.Tuning;
import dev.forgewatch.splunk.app.SplPackage;
import dev.forgewatch.splunk.http.SplunkHttp;
import dev.forgewatch.splunk.testing.FakeSplunkRest;
import dev.forgewatch.splunk.testing.TestApps;
import dev.forgewatch.splunk.testing.TestTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tuning into an installed app's filter macros through the management port's configuration
 * endpoint, against a local Splunk that layers local/ over the package's default/ as Splunk does.
 */
class FilterMacrosTest {
    private static final RulePack PACK = RulePack.standard();

    private static List<Stanza> macros(Tuning tuning) {
        return PACK.rules().alerting().stream().map((Rule rule) -> SplunkMacros.filter(rule, tuning.forRule(rule))).toList();
    }

    @Test
    void setsOnlyWhatTheTuningChangesAndResetsWhatItNoLongerTunes(@TempDir Path dir) throws Exception {
        TestTls tls = TestTls.create(dir, "ip:127.0.0.1");
        Path spl = Files.write(dir.resolve("forgewatch_app-0.1.0.spl"), SplPackage.toBytes(TestApps.shipped()));
        Tuning tuning = PACK.tuning("tuning.yaml", """
                version: 1
                egress:
                  - cidr: 198.51.100.0/24
                    reason: head office NAT
                """);
        try (FakeSplunkRest splunk = new FakeSplunkRest(tls.serverContext())) {
            var http = SplunkHttp.transport(TlsOptions.trusting(tls.certificatePem()), Duration.ofSeconds(5), Duration.ofSeconds(30));
            SplunkAuth admin = new SplunkAuth.Token(Secret.of(FakeSplunkRest.TOKEN));
            FilterMacros filters = new FilterMacros(http, splunk.url(), admin);
            assertThatThrownBy(() -> filters.apply("forgewatch_app", macros(tuning))).isInstanceOf(InstallException.class)
                    .hasMessageContaining("HTTP 404").hasMessageContaining("is the app installed");
            new AppInstaller(http, splunk.url(), admin).install(spl.toString());

            List<FilterMacros.Change> first = filters.apply("forgewatch_app", macros(tuning));
            long tuned = PACK.rules().alerting().stream().filter(rule -> !tuning.forRule(rule).isEmpty()).count();
            assertThat(tuned).isPositive();
            assertThat(first).filteredOn(c -> c.outcome() == FilterMacros.Outcome.SET).hasSize((int) tuned);
            assertThat(splunk.localMacros("forgewatch_app")).hasSize((int) tuned)
                    .allSatisfy((stanza, settings) -> assertThat(settings.get("definition")).contains("src=\"198.51.100.0/24\""));
            assertThat(filters.apply("forgewatch_app", macros(tuning))).allMatch(c -> c.outcome() == FilterMacros.Outcome.UNCHANGED);

            List<FilterMacros.Change> untuned = filters.apply("forgewatch_app", macros(Tuning.NONE));
            assertThat(untuned).filteredOn(c -> c.outcome() == FilterMacros.Outcome.RESET).hasSize((int) tuned);
            assertThat(splunk.localMacros("forgewatch_app").values()).allMatch(s -> s.get("definition").equals("search *"));

            FilterMacros analyst = new FilterMacros(http, splunk.url(),
                    new SplunkAuth.Password(FakeSplunkRest.ANALYST, Secret.of(FakeSplunkRest.ADMIN_PASSWORD)));
            assertThatThrownBy(() -> analyst.apply("forgewatch_app", macros(tuning))).isInstanceOf(InstallException.class)
                    .hasMessageContaining("HTTP 403").hasMessageContaining("admin_all_objects");
        }
    }
}
