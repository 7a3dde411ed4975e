package dev.forgewatch.splunk.spl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.detections.compile.splunk.ConfFile;
import dev.forgewatch.detections.compile.splunk.SplunkIncidents;
import dev.forgewatch.detections.compile.splunk.Stanza;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.splunk.app.AppBuilder;
import dev.forgewatch.splunk.app.AppInfo;
import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.app.ContentSources;
import dev.forgewatch.splunk.conf.ConfParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Splunk incident search (issue 17) passes the project's SPL checks against the macros the app ships:
 * macros expanded, every command and eval function known, expressions parsed; it reads the risk index only
 * through its macro, and ends in its tuning filter.
 */
class IncidentSearchSplTest {
    @Test
    void theIncidentSearchAndItsMacrosPassTheSplChecks() throws Exception {
        AppTree app = app();
        SplChecker checker = new SplChecker(MacroTable.of(conf(app, "default/macros.conf")));
        Stanza stanza = conf(app, "default/savedsearches.conf").stanzas().stream()
                .filter(s -> s.name().equals(SplunkIncidents.STANZA)).findFirst().orElseThrow();
        String search = stanza.value("search").orElseThrow();

        SplChecker.Result result = checker.check(search);

        assertThat(result.problems()).isEmpty();
        assertThat(result.macrosUsed()).contains(SplunkIncidents.INCIDENTS_MACRO, SplunkIncidents.RISK_INDEX_MACRO,
                SplunkIncidents.FILTER_MACRO);
        List<String> commands = SplScanner.splitTopLevel(result.expanded(), '|').stream()
                .map(segment -> segment.strip().split("\\s+")[0]).toList();
        assertThat(commands).contains("mvexpand", "stats", "where", "table").endsWith("search");
        assertThat(result.expanded()).contains("index=" + SplunkIncidents.RISK_INDEX);
        assertThat(search).doesNotContainIgnoringCase("index=");
    }

    @Test
    void aBrokenIncidentSearchFails() throws Exception {
        SplChecker checker = new SplChecker(MacroTable.of(conf(app(), "default/macros.conf")));
        String broken = SplunkIncidents.standard().incidentsSearch().replace("mvexpand", "mvexpnad");
        assertThat(checker.check(broken).problems()).anyMatch(p -> p.contains("mvexpnad"));
        String unbalanced = SplunkIncidents.standard().incidentsSearch().replace("if(coverage=1, 0, risk)", "if(coverage=1, 0, risk");
        assertThat(checker.check(unbalanced).problems()).isNotEmpty();
    }

    private static AppTree app() {
        return new AppBuilder(FieldCatalog.standard(), ContentSources.standard()).build(AppInfo.forMavenVersion("0.1.0"));
    }

    private static ConfFile conf(AppTree app, String path) {
        return ConfParser.parse(path, app.text(path).orElseThrow()).file();
    }
}
