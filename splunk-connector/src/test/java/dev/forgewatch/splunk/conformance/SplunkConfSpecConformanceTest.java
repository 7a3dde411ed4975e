package dev.forgewatch.splunk.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.testing.TestApps;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every setting of every {@code default/*.conf} file of the app the build makes is defined by the
 * .conf.spec of each Splunk Enterprise version the app claims, from its declared minimum (app.manifest:
 * 8.2) through every 9.x and 10.x line whose spec is public (each {@code spec/splunk-<version>-conf-settings.tsv};
 * {@code SplunkVersionClaimsTest} holds the READMEs to that list), and a setting a version lacks fails for
 * that version.
 */
class SplunkConfSpecConformanceTest {
    private static final AppTree APP = TestApps.shipped();

    @ParameterizedTest(name = "Splunk {0}")
    @MethodSource("dev.forgewatch.splunk.conformance.ConfSpecFacts#pinnedVersions")
    void everyConfSettingIsInTheSpec(String version) {
        assertThat(ConfSpecFacts.load(version).unknownSettings(APP)).isEmpty();
    }

    @ParameterizedTest(name = "Splunk {0}")
    @MethodSource("dev.forgewatch.splunk.conformance.ConfSpecFacts#pinnedVersions")
    void aSettingTheSpecLacksFails(String version) {
        String props = APP.text("default/props.conf").orElseThrow();
        AppTree broken = APP.with("default/props.conf", props.replaceFirst("(?m)^KV_MODE = ", "KV_MODES = "));
        List<String> problems = ConfSpecFacts.load(version).unknownSettings(broken);
        assertThat(problems).singleElement().asString().contains("KV_MODES is not a setting of Splunk " + version);
        assertThat(ConfSpecFacts.load(version).unknownSettings(APP.with("default/inputs.conf", "[monitor:///x]\nindex = m365\n")))
                .singleElement().asString().contains("no pinned inputs.conf.spec facts");
    }

    @ParameterizedTest(name = "a 9.x-only setting on {0}")
    @ValueSource(strings = {"8.2"})
    void aSettingNewerThanAVersionFailsForIt(String version) {
        String props = APP.text("default/props.conf").orElseThrow();
        AppTree newer = APP.with("default/props.conf", props + "\n[forgewatch:test]\nRULESET-route = forgewatch_route\n");
        assertThat(ConfSpecFacts.load(version).unknownSettings(newer)).singleElement().asString().contains("RULESET-route");
        assertThat(ConfSpecFacts.load("9.2").unknownSettings(newer)).isEmpty();
    }

    @ParameterizedTest(name = "a 10.2-only setting on {0}")
    @ValueSource(strings = {"9.4", "10.0"})
    void aSettingOnlyTheNewestLineHasFailsForTheOthers(String version) {
        String searches = APP.text("default/savedsearches.conf").orElseThrow();
        AppTree newer = APP.with("default/savedsearches.conf", searches + "\n[forgewatch test]\nsearch = `forgewatch_index`\n"
                + "allow_data_time_skew = true\n");
        assertThat(ConfSpecFacts.load(version).unknownSettings(newer)).singleElement().asString()
                .contains("allow_data_time_skew is not a setting of Splunk " + version);
        assertThat(ConfSpecFacts.load("10.2").unknownSettings(newer)).isEmpty();
    }
}
