package dev.forgewatch.splunk.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.FindingJson;
import dev.forgewatch.detections.compile.splunk.ConfFile;
import dev.forgewatch.detections.incident.IncidentModel;
import dev.forgewatch.detections.compile.splunk.SavedSearches;
import dev.forgewatch.detections.compile.splunk.SplunkIncidents;
import dev.forgewatch.detections.compile.splunk.Stanza;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.splunk.conf.ConfParser;
import dev.forgewatch.splunk.testing.TestApps;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppBuildTest {
    @Test
    void buildWritesACheckedDeterministicPackage(@TempDir Path dir) throws Exception {
        BuildApp.Result first = BuildApp.build(dir.resolve("a"), "0.1.0", ContentSources.standard());
        BuildApp.Result second = BuildApp.build(dir.resolve("b"), "0.1.0", ContentSources.standard());

        assertThat(first.spl().getFileName().toString()).isEqualTo("forgewatch_app-0.1.0.spl");
        assertThat(Files.readAllBytes(first.spl())).isEqualTo(Files.readAllBytes(second.spl()));
        assertThat(first.tree().text("lookups/forgewatch_signing_key_iocs.csv").orElseThrow()).contains(
                "1LTMzakihiRla_8z2BEJVXeWMqo,1LTMzakihiRla_8z2BEJVXeWMqo,d4b4cccda9228624656bff33d8110955779632aa,"
                        + "Storm-0558 acquired MSA signing key,", ",2023-07-14\n");
        AppTree packaged = SplPackage.read(new ByteArrayInputStream(Files.readAllBytes(first.spl())));
        assertThat(packaged.topLevelNames()).containsExactly("forgewatch_app");
        assertThat(packaged.entries()).extracting(AppTree.Entry::path)
                .containsExactlyElementsOf(first.tree().entries().stream().map(AppTree.Entry::path).toList());
        assertThat(packaged.files().map(AppTree.Entry::relativePath)).contains(
                "app.manifest", "README.md", "LICENSE", "default/app.conf", "default/props.conf", "default/transforms.conf",
                "default/eventtypes.conf", "default/tags.conf", "default/macros.conf", "default/savedsearches.conf",
                "default/fields.conf", "default/data/ui/nav/default.xml", "default/data/ui/views/forgewatch_overview.xml",
                "default/data/ui/views/forgewatch_mailbox_access.xml", "default/data/ui/views/forgewatch_tokens.xml",
                "default/data/ui/views/forgewatch_coverage.xml", "default/data/ui/views/forgewatch_incidents.xml",
                "lookups/storm0558_ioc_ip.csv",
                "lookups/forgewatch_signing_key_iocs.csv", "metadata/default.meta", "static/appIcon.png",
                "static/appIcon_2x.png", "static/appIconAlt.png", "static/appIconAlt_2x.png", "static/appLogo.png",
                "static/appLogo_2x.png");
        packaged.files().forEach(file -> assertThat(file.content())
                .isEqualTo(first.tree().file(file.relativePath()).orElseThrow().content()));
    }

    /** Each alerting rule of the shipped pack is one scheduled, annotated saved search with its own filter macro. */
    @Test
    void savedSearchesAreTheRulePacksAlertingRules() {
        AppTree app = TestApps.shipped();
        List<Rule> alerting = RulePack.standard().rules().alerting();
        ConfFile searches = ConfParser.parse(AppBuilder.SAVEDSEARCHES_PATH,
                app.text(AppBuilder.SAVEDSEARCHES_PATH).orElseThrow()).file();
        ConfFile macros = ConfParser.parse(MacrosGenerator.PATH, app.text(MacrosGenerator.PATH).orElseThrow()).file();

        assertThat(alerting).isNotEmpty();
        // one search per alerting rule, then the incident search over their risk events
        List<String> names = new java.util.ArrayList<>(alerting.stream().map(SavedSearches::stanzaName).toList());
        names.add(SplunkIncidents.STANZA);
        assertThat(searches.stanzas()).extracting(Stanza::name).containsExactlyElementsOf(names);
        for (Rule rule : alerting) {
            Stanza stanza = searches.stanza(SavedSearches.stanzaName(rule)).orElseThrow();
            String filter = rule.name() + "_filter";
            assertThat(stanza.value("search").orElseThrow()).as(rule.name()).endsWith("`" + filter + "`");
            assertThat(macros.stanza(filter)).as(filter).isPresent();
            assertThat(stanza.value("cron_schedule")).as(rule.name()).isPresent();
            assertThat(stanza.value("dispatch.earliest_time")).as(rule.name()).isPresent();
            assertThat(stanza.value("dispatch.latest_time")).as(rule.name()).isPresent();
            assertThat(stanza.value("alert.severity")).as(rule.name()).isPresent();
            assertThat(stanza.value("action.correlationsearch.annotations").orElseThrow()).as(rule.name())
                    .contains("\"mitre_attack\": [\"T");
        }
    }

    @Test
    void buildFailsWithFileAndRuleWhenContributedContentIsBroken(@TempDir Path dir) {
        ContentSources broken = TestApps.contentWith(List.of(TestApps.savedSearch(
                "`forgewatch_audit` | stats count | `forgewatch_no_such_filter`")));

        assertThatThrownBy(() -> BuildApp.build(dir, "0.1.0", broken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[check_saved_search_spl] default/savedsearches.conf:4: [ForgeWatch - Test rule] "
                        + "macro `forgewatch_no_such_filter` is not defined in macros.conf");
        assertThat(dir.resolve("forgewatch_app-0.1.0.spl")).doesNotExist();
    }

    @Test
    void detectionContentLandsInTheApp() {
        AppTree app = TestApps.withDetections();

        assertThat(app.text("default/savedsearches.conf").orElseThrow()).contains("[ForgeWatch - Test rule]",
                "search = " + TestApps.RULE_SEARCH);
        assertThat(app.text("default/macros.conf").orElseThrow()).contains("[forgewatch_test_rule_filter]");
        assertThat(app.text("lookups/forgewatch_test_ips.csv").orElseThrow()).isEqualTo(
                "ip,description,source\n192.0.2.10,Test panel,\"test source, 2023-07-14\"\n");
        assertThat(app.text("default/props.conf").orElseThrow()).contains("LOOKUP-forgewatch_test_ips = forgewatch_test_ips "
                + "ip AS src OUTPUTNEW description AS ioc_description source AS ioc_source");
        assertThat(app.text("lookups/forgewatch_test_lookup.csv").orElseThrow()).isEqualTo("value,source\nx,test\n");
        assertThat(app.text("default/transforms.conf").orElseThrow()).contains(
                "[forgewatch_test_lookup]\nfilename = forgewatch_test_lookup.csv\n");
        assertThat(app.text("lookups/forgewatch_signing_key_iocs.csv").orElseThrow()).endsWith(
                "test-kid,test-kid,00,Test key,A test key.,test source,2023-07-14\n");
    }

    @Test
    void contributedMacrosMayRepeatTheAppsOwnOnlyWithTheSameDefinition() {
        List<Stanza> same = List.of(
                Stanza.builder("forgewatch_audit").set("definition",
                        "`forgewatch_index` sourcetype=\"forgewatch:m365:audit\"").set("description", "theirs").build(),
                Stanza.builder("forgewatch_extra").set("definition", "`forgewatch_index`").build());
        List<Stanza> different = List.of(Stanza.builder("forgewatch_index").set("definition", "index=forgewatch").build());

        assertThat(MacrosGenerator.generate(same).stanzas()).extracting(Stanza::name)
                .containsOnlyOnce("forgewatch_audit").contains("forgewatch_extra");
        assertThatThrownBy(() -> MacrosGenerator.generate(different)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("forgewatch_index is defined by the app as 'index=*' and by the detection pack as "
                        + "'index=forgewatch'");
    }

    @Test
    void versionComesFromMavenInAppConfForm() {
        assertThat(AppInfo.forMavenVersion("0.1.0").version()).isEqualTo("0.1.0");
        assertThat(AppInfo.forMavenVersion("1.2-SNAPSHOT").version()).isEqualTo("1.2.0");
        assertThat(AppInfo.forMavenVersion("2.10.3.Final").version()).isEqualTo("2.10.3");
        assertThat(AppInfo.forMavenVersion("1.2.3").build()).isEqualTo(1_002_003L);
        assertThatThrownBy(() -> AppInfo.forMavenVersion("next")).isInstanceOf(IllegalArgumentException.class);
        assertThat(TestApps.build(ContentSources.standard()).text("default/app.conf").orElseThrow())
                .contains("version = 0.1.0", "id = forgewatch_app", "build = 1000");
    }

    @Test
    void iconsHaveTheSplunkbaseSizes() {
        Map<String, byte[]> icons = Icons.all();

        assertThat(icons.keySet()).containsExactly("static/appIcon.png", "static/appIconAlt.png", "static/appIcon_2x.png",
                "static/appIconAlt_2x.png", "static/appLogo.png", "static/appLogo_2x.png");
        assertThat(Png.size(icons.get("static/appIcon.png"))).isEqualTo(new Png.Size(36, 36));
        assertThat(Png.size(icons.get("static/appIcon_2x.png"))).isEqualTo(new Png.Size(72, 72));
        assertThat(Png.size(icons.get("static/appLogo.png"))).isEqualTo(new Png.Size(160, 40));
        assertThat(Png.size(icons.get("static/appLogo_2x.png"))).isEqualTo(new Png.Size(320, 80));
        assertThat(Icons.all().get("static/appLogo_2x.png")).isEqualTo(icons.get("static/appLogo_2x.png"));
    }

    /** The finding sourcetype's CIM aliases read members FindingJson really writes. */
    @Test
    void findingEnvelopeMatchesFindingJson() {
        Finding finding = new Finding("fw-test", "Test rule", Severity.HIGH, Instant.parse("2023-06-12T14:03:27Z"),
                "alex@fabrikam.example", "203.0.113.24", List.of("e1"), "a message", Map.of("app_id", "x"),
                List.of("T1550.001"));
        JsonNode doc = new FindingJson(FieldCatalog.standard(), new IncidentModel(RulePack.standard().policy(), RulePack.standard().rules()))
                .toJson(finding);

        assertThat(doc.at("/rule/name").asText()).isEqualTo("Test rule");
        assertThat(doc.at("/rule/id").asText()).isEqualTo("fw-test");
        assertThat(doc.at("/rule/severity").asText()).isEqualTo("high");
        assertThat(doc.at("/message").asText()).isEqualTo("a message");
        assertThat(doc.at("/threat/technique/id/0").asText()).isEqualTo("T1550.001");
        assertThat(FindingEnvelope.FIELDS).extracting(FindingEnvelope.Field::cim)
                .contains("signature", "signature_id", "severity", "description", "mitre_technique_id");
    }
}
