package dev.forgewatch.splunk.appinspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.detections.compile.splunk.ConfFile;
import dev.forgewatch.detections.compile.splunk.Stanza;
import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.conf.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * app.conf and app.manifest agree with each other and with the folder: id, version in
 * {@code Major.Minor.Revision} form, label, author, description, and no set-up already performed.
 */
final class AppConfCheck implements AppCheck {
    private static final Pattern VERSION = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final String APP_CONF = "default/app.conf";
    private static final String MANIFEST = "app.manifest";

    @Override
    public String name() {
        return "app.conf and app.manifest";
    }

    @Override
    public List<Problem> run(AppTree app) {
        List<Problem> problems = new ArrayList<>();
        Optional<ConfFile> conf = AppFiles.conf(app, APP_CONF);
        String id = app.appId().orElse("");
        if (conf.isEmpty()) {
            return problems; // the layout check reports the missing file
        }
        ConfFile appConf = conf.get();
        String version = require(appConf, "launcher", "version", problems, "check_app_version");
        if (version != null && !VERSION.matcher(version).matches()) {
            problems.add(problem(appConf, "launcher", "version",
                    "check_that_extracted_splunk_app_contains_default_app_conf_file_with_valid_version_number",
                    "version '" + version + "' must be Major.Minor.Revision"));
        }
        require(appConf, "launcher", "author", problems, "check_app_conf_launcher_author");
        require(appConf, "launcher", "description", problems, "check_app_conf_launcher_description");
        require(appConf, "ui", "label", problems, "check_app_conf_ui_label");
        String packageId = require(appConf, "package", "id", problems, "check_that_directory_name_matches_package_id");
        if (packageId != null && !packageId.equals(id)) {
            problems.add(problem(appConf, "package", "id", "check_that_directory_name_matches_package_id",
                    "[package] id '" + packageId + "' differs from the app folder '" + id + "'"));
        }
        appConf.stanza("id").flatMap(s -> s.value("name")).filter(name -> !name.equals(id)).ifPresent(name ->
                problems.add(problem(appConf, "id", "name", "check_app_conf_id_name", "[id] name '" + name
                        + "' differs from the app folder '" + id + "'")));
        appConf.stanza("id").flatMap(s -> s.value("version")).filter(v -> !v.equals(version)).ifPresent(v ->
                problems.add(problem(appConf, "id", "version", "check_app_conf_id_version", "[id] version '" + v
                        + "' differs from [launcher] version '" + version + "'")));
        appConf.stanza("install").flatMap(s -> s.value("is_configured"))
                .filter(v -> v.equals("1") || v.equalsIgnoreCase("true")).ifPresent(v ->
                        problems.add(problem(appConf, "install", "is_configured", "check_that_setup_has_not_been_performed",
                                "is_configured must be false in a package")));
        manifest(app, id, version, problems);
        return problems;
    }

    private static void manifest(AppTree app, String id, String version, List<Problem> problems) {
        Optional<String> text = app.text(MANIFEST);
        if (text.isEmpty()) {
            problems.add(new Problem(MANIFEST, 0, "check_app_manifest", "app.manifest is missing"));
            return;
        }
        JsonNode manifest;
        try {
            manifest = Json.MAPPER.readTree(text.get());
        } catch (IOException e) {
            problems.add(new Problem(MANIFEST, 0, "check_app_manifest", "not valid JSON: " + e.getMessage().lines().findFirst().orElse("")));
            return;
        }
        if (!manifest.path("schemaVersion").asText().equals("2.0.0")) {
            problems.add(new Problem(MANIFEST, 0, "check_app_manifest", "schemaVersion must be 2.0.0"));
        }
        if (!manifest.path("info").path("id").path("name").asText().equals(id)) {
            problems.add(new Problem(MANIFEST, 0, "check_app_manifest", "info.id.name must be the app id '" + id + "'"));
        }
        if (version != null && !manifest.path("info").path("id").path("version").asText().equals(version)) {
            problems.add(new Problem(MANIFEST, 0, "check_app_manifest", "info.id.version must equal app.conf's version "
                    + version));
        }
        if (manifest.path("info").path("title").asText().isBlank()) {
            problems.add(new Problem(MANIFEST, 0, "check_app_manifest", "info.title is empty"));
        }
    }

    private static String require(ConfFile conf, String stanza, String key, List<Problem> problems, String rule) {
        Optional<String> value = conf.stanza(stanza).flatMap(s -> s.value(key)).filter(v -> !v.isBlank());
        if (value.isEmpty()) {
            int line = conf.stanza(stanza).map(Stanza::line).orElse(0);
            problems.add(new Problem(conf.path(), line, rule, "[" + stanza + "] " + key + " is missing or empty"));
        }
        return value.orElse(null);
    }

    private static Problem problem(ConfFile conf, String stanza, String key, String rule, String message) {
        int line = conf.stanza(stanza).flatMap(s -> s.setting(key)).map(s -> s.line()).orElse(0);
        return new Problem(conf.path(), line, rule, message);
    }
}
