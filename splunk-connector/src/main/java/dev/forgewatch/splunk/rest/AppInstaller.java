package dev.forgewatch.splunk.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.http.HttpReply;
import dev.forgewatch.common.http.HttpTransport;
import dev.forgewatch.common.http.ServerText;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Installs or upgrades the app through the management port's {@code /services/apps/local} endpoint,
 * as the Splunk SDK's {@code service.getApplications().create(name, args)} would: {@code name} is
 * the package's location as the Splunk server sees it (a path on that server, or a URL it can
 * download), {@code filename=true} says so, and {@code update=true} upgrades an installed app in
 * place. The installed version is then read back from {@code /services/apps/local/<app>}.
 */
public final class AppInstaller {
    static final String APPS_PATH = "/services/apps/local";

    private final HttpTransport http;
    private final URI management;
    private final SplunkAuth auth;

    public AppInstaller(HttpTransport http, URI management, SplunkAuth auth) {
        this.http = http;
        this.management = management;
        this.auth = auth;
    }

    /** What Splunk reports after the install: the app, its version, and any messages it added. */
    public record Result(int status, String app, String version, List<String> messages) {
        public Result {
            messages = List.copyOf(messages);
        }
    }

    public Result install(String packageLocation) throws IOException, InterruptedException {
        String form = "name=" + encode(packageLocation) + "&filename=true&update=true";
        HttpReply response = http.post(management.resolve(APPS_PATH + "?output_mode=json"), Map.of(
                "Authorization", auth.header(), "Content-Type", "application/x-www-form-urlencoded"),
                form.getBytes(StandardCharsets.UTF_8));
        JsonNode body = parse(response);
        if (response.status() != 200 && response.status() != 201) {
            throw failure("installing the app failed", response.status(), body, auth);
        }
        JsonNode entry = body.path("entry").path(0);
        return new Result(response.status(), entry.path("name").asText(""), entry.path("content").path("version").asText(""),
                messages(body, auth));
    }

    /** The version of an installed app, or empty when Splunk does not have it. */
    public Optional<String> installedVersion(String app) throws IOException, InterruptedException {
        HttpReply response = http.get(management.resolve(APPS_PATH + "/" + encode(app) + "?output_mode=json"),
                Map.of("Authorization", auth.header()));
        JsonNode body = parse(response);
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (response.status() != 200) {
            throw failure("reading the installed app failed", response.status(), body, auth);
        }
        return Optional.of(body.path("entry").path(0).path("content").path("version").asText(""));
    }

    /** Splunk's JSON answer (output_mode=json), or an empty object for a body that is not JSON. */
    static JsonNode parse(HttpReply response) {
        try {
            JsonNode body = Json.MAPPER.readTree(response.body());
            return body == null ? Json.MAPPER.createObjectNode() : body;
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode(); // an HTML error page from a proxy: the status still says enough
        }
    }

    private static InstallException failure(String what, int status, JsonNode body, SplunkAuth auth) {
        List<String> messages = messages(body, auth);
        String hint = switch (status) {
            case 401 -> " (the credentials were not accepted)";
            case 403 -> " (the user needs the install_apps and edit_local_apps capabilities)";
            default -> "";
        };
        return new InstallException(what + ": HTTP " + status + hint
                + (messages.isEmpty() ? "" : ": " + String.join("; ", messages)));
    }

    /** Splunk's messages are the server's words: quoted bounded and redacted, never verbatim. */
    static List<String> messages(JsonNode body, SplunkAuth auth) {
        List<String> messages = new ArrayList<>();
        body.path("messages").forEach(m -> messages.add(ServerText.excerpt(m.path("type").asText("") + " "
                + m.path("text").asText(""), List.of(auth.secret()))));
        return messages;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
