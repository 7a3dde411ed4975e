package dev.forgewatch.splunk.appinspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.app.Png;
import dev.forgewatch.splunk.conf.Problem;
import dev.forgewatch.splunk.testing.TestApps;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every check passes on the built app and fails, naming file and rule, on a deliberately broken copy. */
class AppInspectorTest {
    private static final AppTree APP = TestApps.withDetections();
    private static final AppTree SHIPPED = TestApps.shipped();
    private static final String ID = "forgewatch_app";

    private static List<Problem> inspect(AppTree app) {
        return AppInspector.standard().inspect(app).problems();
    }

    private static void fails(AppTree broken, String rule, String file) {
        assertThat(inspect(broken)).as("problems").anySatisfy(problem -> {
            assertThat(problem.rule()).isEqualTo(rule);
            assertThat(problem.file()).isEqualTo(file);
        });
    }

    private static void failsAtLine(AppTree broken, String rule, String file, int line) {
        assertThat(inspect(broken)).as("problems").anySatisfy(problem -> {
            assertThat(problem.rule()).isEqualTo(rule);
            assertThat(problem.file()).isEqualTo(file);
            assertThat(problem.line()).isEqualTo(line);
        });
    }

    /** The built app's file with one line replaced (the line must exist). */
    private static AppTree edit(String path, String line, String replacement) {
        String text = APP.text(path).orElseThrow();
        assertThat(text).contains(line);
        return APP.with(path, text.replace(line, replacement));
    }

    @Test
    void theBuiltAppsPass() {
        assertThat(inspect(APP)).isEmpty();
        assertThat(inspect(TestApps.shipped())).isEmpty();
        assertThat(AppInspector.standard().inspect(APP).checks()).hasSize(10);
    }

    @Test
    void layout() {
        fails(APP.withEntry(new AppTree.Entry("stray.txt", AppTree.Kind.FILE, new byte[1], 0644)),
                "check_that_splunk_app_package_has_exactly_one_app_folder", "(package)");
        fails(APP.with(".DS_Store", "x"), "check_that_extracted_splunk_app_does_not_contain_prohibited_directories_or_files",
                ID + "/.DS_Store");
        fails(APP.with("local/macros.conf", "[forgewatch_index]\ndefinition = index=m365\n"),
                "check_that_local_does_not_exist", ID + "/local/macros.conf");
        fails(APP.with("metadata/local.meta", "[]\nexport = none\n"), "check_for_local_meta", "metadata/local.meta");
        fails(APP.without(ID + "/default/app.conf"), "check_that_extracted_splunk_app_contains_default_app_conf_file",
                "default/app.conf");
        fails(APP.without(ID + "/README.md"), "check_for_readme_file", "README.md");
        fails(APP.with("LICENSE", ""), "check_for_license_file", "LICENSE");
        fails(APP.withEntry(new AppTree.Entry(ID + "/default/link.conf", AppTree.Kind.OTHER, new byte[0], 0777)),
                "check_for_links_and_special_files", ID + "/default/link.conf");
    }

    @Test
    void appConfAndManifest() {
        failsAtLine(edit("default/app.conf", "version = 0.1.0\n\n[package]", "version = 0.1\n\n[package]"),
                "check_that_extracted_splunk_app_contains_default_app_conf_file_with_valid_version_number",
                "default/app.conf", 14);
        fails(edit("default/app.conf", "id = forgewatch_app", "id = another_app"),
                "check_that_directory_name_matches_package_id", "default/app.conf");
        fails(edit("default/app.conf", "is_configured = false", "is_configured = true"),
                "check_that_setup_has_not_been_performed", "default/app.conf");
        fails(edit("default/app.conf", "label = ForgeWatch\n", ""), "check_app_conf_ui_label", "default/app.conf");
        fails(APP.with("app.manifest", "{\"schemaVersion\": \"2.0.0\","), "check_app_manifest", "app.manifest");
        fails(edit("app.manifest", "\"name\" : \"forgewatch_app\"", "\"name\" : \"other\""), "check_app_manifest",
                "app.manifest");
    }

    @Test
    void confAndMetaSyntax() {
        failsAtLine(edit("default/props.conf", "KV_MODE = json", "KV_MOD = json"), "conf_unknown_setting",
                "default/props.conf", 18);
        fails(edit("default/props.conf", "SHOULD_LINEMERGE = false", "SHOULD_LINEMERGE = maybe"), "conf_bad_value",
                "default/props.conf");
        fails(edit("default/macros.conf", "[forgewatch_dedup]", "[forgewatch_dedup"), "conf_syntax", "default/macros.conf");
        fails(APP.with("default/inputs.conf", "[monitor:///var/log]\n"), "check_conf_file_has_known_spec",
                "default/inputs.conf");
        fails(APP.with("default/my props.conf", "[x]\n"), "check_filenames_for_spaces", "default/my props.conf");
        fails(edit("metadata/default.meta", "[eventtypes]", "[eventtypes"), "check_meta_file_parsing",
                "metadata/default.meta");
        fails(edit("metadata/default.meta", "[tags]", "[eventtypes]"), "check_validate_no_duplicate_stanzas_in_meta_files",
                "metadata/default.meta");
        fails(edit("metadata/default.meta", "access = read : [ * ], write : [ admin, sc_admin ]", "access = everyone"),
                "conf_bad_value", "metadata/default.meta");
    }

    @Test
    void savedSearchesAndEventtypes() {
        String savedsearches = "default/savedsearches.conf";
        fails(edit(savedsearches, "`forgewatch_test_rule_filter`", "`forgewatch_missing_filter`"), "check_saved_search_spl",
                savedsearches);
        fails(edit(savedsearches, "`forgewatch_audit`", "index=main sourcetype=\"forgewatch:m365:audit\""),
                "check_no_hardcoded_index", savedsearches);
        fails(edit(savedsearches, " | `forgewatch_test_rule_filter`", ""), "check_saved_search_ends_in_filter_macro",
                savedsearches);
        fails(edit(savedsearches, "cron_schedule = */15 * * * *\n", ""), "check_scheduled_search_has_cron_schedule",
                savedsearches);
        fails(edit(savedsearches, "| stats count by user", "| stats count by (user"), "check_saved_search_spl", savedsearches);
        fails(edit("default/eventtypes.conf", "search = sourcetype=\"forgewatch:token\"",
                "search = sourcetype=\"forgewatch:token\" | head 1"), "check_eventtype_search", "default/eventtypes.conf");
    }

    @Test
    void dashboards() {
        String view = "default/data/ui/views/forgewatch_overview.xml";
        failsAtLine(edit(view, "</label>", "</labl>"), "check_dashboard_xml_well_formed", view, 2);
        fails(edit(view, "`forgewatch_findings`", "`forgewatch_findngs`"), "check_dashboard_search_spl", view);
        fails(edit(view, "`forgewatch_findings`", "index=main sourcetype=forgewatch:finding"), "check_no_hardcoded_index", view);
        fails(APP.with("default/data/ui/views/xxe.xml", "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM "
                + "\"file:///etc/passwd\">]><dashboard><label>&x;</label></dashboard>"), "check_dashboard_xml_well_formed",
                "default/data/ui/views/xxe.xml");
        fails(APP.with("default/data/ui/views/studio.xml", "<dashboard version=\"2\"><label>x</label>"
                + "<definition><![CDATA[{\"dataSources\": ]]></definition></dashboard>"), "check_dashboard_studio_json",
                "default/data/ui/views/studio.xml");
        fails(APP.with("default/data/ui/views/studio.xml", "<dashboard version=\"2\"><label>x</label><definition><![CDATA["
                + "{\"dataSources\": {\"a\": {\"type\": \"ds.search\", \"options\": {\"query\": \"| stats count\"}}}}"
                + "]]></definition></dashboard>"), "check_dashboard_search_spl", "default/data/ui/views/studio.xml");
        String nav = "default/data/ui/nav/default.xml";
        fails(APP.with(nav, APP.text(nav).orElseThrow().replace("nav", "menu")), "check_nav_xml", nav);
    }

    @Test
    void lookups() {
        fails(SHIPPED.without(ID + "/lookups/storm0558_ioc_ip.csv"), "check_lookup_file_exists", "default/transforms.conf");
        failsAtLine(SHIPPED.with("lookups/storm0558_ioc_ip.csv", "ip,description,first_seen,last_seen,source\n"
                + "192.0.2.1,\"a, b\",x,y,z\n192.0.2.2,too,few\n"), "check_lookup_csv", "lookups/storm0558_ioc_ip.csv", 3);
    }

    /** The rule pack's searches, as shipped: a macro or a lookup they use goes missing, and the check says where. */
    @Test
    void shippedSavedSearchesNeedTheirMacrosAndLookups() {
        String savedsearches = "default/savedsearches.conf";
        String macros = SHIPPED.text("default/macros.conf").orElseThrow();
        String withoutFilter = macros.replaceFirst("(?s)\\[storm0558_ioc_ip_filter\\]\n.*?\n\n", "");
        assertThat(withoutFilter).isNotEqualTo(macros);
        assertThat(inspect(SHIPPED.with("default/macros.conf", withoutFilter))).anySatisfy(problem -> {
            assertThat(problem.rule()).isEqualTo("check_saved_search_spl");
            assertThat(problem.file()).isEqualTo(savedsearches);
            assertThat(problem.message()).contains("macro `storm0558_ioc_ip_filter` is not defined in macros.conf");
        });

        String transforms = SHIPPED.text("default/transforms.conf").orElseThrow();
        String withoutIps = transforms.replaceFirst("(?s)\\[storm0558_ioc_ip\\]\n.*?(\n\n|$)", "");
        assertThat(withoutIps).isNotEqualTo(transforms);
        List<Problem> unshipped = inspect(SHIPPED.with("default/transforms.conf", withoutIps)
                .without(ID + "/lookups/storm0558_ioc_ip.csv"));
        assertThat(unshipped).anySatisfy(problem -> {
            assertThat(problem.rule()).isEqualTo("check_lookup_reference");
            assertThat(problem.file()).isEqualTo(savedsearches);
            assertThat(problem.message()).contains("uses lookup 'storm0558_ioc_ip', which the app does not ship");
        });
        assertThat(unshipped).anySatisfy(problem -> {
            assertThat(problem.rule()).isEqualTo("check_lookup_reference");
            assertThat(problem.file()).isEqualTo("default/props.conf");
        });
    }

    @Test
    void lookupColumnsMustExist() {
        String csv = SHIPPED.text("lookups/storm0558_ioc_ip.csv").orElseThrow();
        AppTree renamed = SHIPPED.with("lookups/storm0558_ioc_ip.csv", csv.replaceFirst(",description,", ",about,"));

        assertThat(inspect(renamed)).anySatisfy(problem -> {
            assertThat(problem.rule()).isEqualTo("check_lookup_reference");
            assertThat(problem.file()).isEqualTo("default/props.conf");
            assertThat(problem.message()).contains("reads column 'description' of lookup storm0558_ioc_ip");
        });
        assertThat(inspect(renamed)).anySatisfy(problem -> {
            assertThat(problem.rule()).isEqualTo("check_lookup_reference");
            assertThat(problem.file()).isEqualTo("default/savedsearches.conf");
        });
        String view = "default/data/ui/views/forgewatch_tokens.xml";
        fails(SHIPPED.without(ID + "/lookups/forgewatch_signing_key_iocs.csv"), "check_lookup_reference", view);
    }

    @Test
    void executablesAndBinaries() {
        fails(APP.with("default/data/ui/views/run.sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0755),
                "check_for_bin_files", "default/data/ui/views/run.sh");
        fails(APP.with("static/helper", new byte[] {0x7F, 'E', 'L', 'F', 2, 1}, 0644), "check_for_compiled_binaries",
                "static/helper");
        fails(APP.with("bin/tool.pyc", new byte[] {1, 2, 3, 4}, 0644), "check_for_compiled_binaries", "bin/tool.pyc");
        fails(APP.with("appserver/static/lib.jar", new byte[] {'P', 'K', 3, 4}, 0644), "check_for_compiled_binaries",
                "appserver/static/lib.jar");
    }

    @Test
    void hardCodedCredentials() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9" + ".eyJzdWIiOiJ0ZXN0dXNlciJ9.c2lnbmF0dXJl";
        String readme = APP.text("README.md").orElseThrow();
        failsAtLine(APP.with("README.md", readme + "\nToken: " + jwt + "\n"), "check_for_hardcoded_credentials", "README.md",
                (int) readme.lines().count() + 2);
        fails(edit("default/macros.conf", "iseval = false", "iseval = false\npassword = hunter2"),
                "check_for_hardcoded_credentials", "default/macros.conf");
        fails(APP.with("lookups/keys.csv", "-----BEGIN PRIVATE KEY-----\nMII\n"), "check_for_hardcoded_credentials",
                "lookups/keys.csv");
        fails(APP.with("README.md", "curl -H 'Authorization: Splunk 12345678-1234-1234-1234-123456789abc'"),
                "check_for_hardcoded_credentials", "README.md");
        fails(APP.with("README.md", "see https://admin:changeme@splunk.example:8089/"), "check_for_hardcoded_credentials",
                "README.md");
        assertThat(inspect(APP.with("README.md", "Set HEC_TOKEN in the environment; never put a password in a file.")))
                .isEmpty();
    }

    @Test
    void icons() {
        fails(APP.without(ID + "/static/appIcon.png"), "check_app_icon_exists", "static/appIcon.png");
        fails(APP.with("static/appIcon_2x.png", Png.encode(36, 36, new int[36 * 36]), 0644), "check_app_icon_dimensions",
                "static/appIcon_2x.png");
        fails(APP.with("static/appLogo.png", "not an image"), "check_app_icon_is_png", "static/appLogo.png");
    }
}
