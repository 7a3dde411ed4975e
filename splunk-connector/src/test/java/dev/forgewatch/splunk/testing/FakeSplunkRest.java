package dev.forgewatch.splunk.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.app.SplPackage;
import dev.forgewatch.splunk.conf.ConfParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A local Splunk management port (HTTPS) serving {@code /services/apps/local} as the REST reference
 * describes it, with {@code output_mode=json}: POST installs from {@code name} (a path on "the
 * server", or a URL it knows) when {@code filename=true}, 201 on a new app, 200 on an update, 409 when
 * the app exists and {@code update} is not true; GET {@code /services/apps/local/<app>} answers 200 or
 * 404; 401 without valid credentials, 403 for a user without the install capability. And the
 * configuration endpoint for the installed app's macros, {@code /servicesNS/nobody/<app>/configs/conf-macros/<stanza>}
 * (REST API reference, configuration endpoints): GET answers the stanza as Splunk layers it (the package's
 * {@code default/macros.conf} under the app's {@code local/} settings) as {@code entry[0].content}, 404
 * {@code Could not find object id=<stanza>} for a stanza the app lacks or an app not installed; POST writes the
 * given settings ({@code definition}, {@code description}, ...) into the app's {@code local/macros.conf} and
 * answers the entry; 403 for a user without the capability to write knowledge objects. An upgrade of the app
 * keeps its {@code local/}, as Splunk does.
 */
public final class FakeSplunkRest implements AutoCloseable {
    public static final String TOKEN = "rest-token-for-tests";
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "correct horse battery staple";
    public static final String ANALYST = "analyst";

    private final HttpsServer server;
    private final Map<String, String> installed = new HashMap<>();
    private final Map<String, byte[]> downloads = new HashMap<>();
    private final Map<String, String> lastForm = new HashMap<>();
    private final Map<String, AppTree> packages = new HashMap<>();
    private final Map<String, Map<String, Map<String, String>>> local = new HashMap<>();
    private int macroWrites;

    public FakeSplunkRest(SSLContext tls) throws IOException {
        LocalServers.prepare();
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/services/apps/local", this::apps);
        server.createContext("/servicesNS/", this::configs);
        server.start();
    }

    public URI url() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A package "the Splunk server" can download from this URL. */
    public synchronized void offer(String url, byte[] spl) {
        downloads.put(url, spl);
    }

    public synchronized Map<String, String> installed() {
        return Map.copyOf(installed);
    }

    public synchronized Map<String, String> lastForm() {
        return Map.copyOf(lastForm);
    }

    private synchronized void apps(HttpExchange exchange) throws IOException {
        String user = user(exchange.getRequestHeaders().getFirst("Authorization"));
        if (user == null) {
            reply(exchange, 401, "WARN", "call not properly authenticated");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (exchange.getRequestMethod().equals("GET") && path.startsWith("/services/apps/local/")) {
            String app = path.substring("/services/apps/local/".length());
            if (installed.containsKey(app)) {
                entry(exchange, 200, app);
            } else {
                reply(exchange, 404, "ERROR", "Could not find object id=" + app);
            }
            return;
        }
        if (!exchange.getRequestMethod().equals("POST") || !path.equals("/services/apps/local")) {
            reply(exchange, 404, "ERROR", "Not Found");
            return;
        }
        if (user.equals(ANALYST)) {
            reply(exchange, 403, "ERROR", "You (user=analyst) do not have permission to perform this operation "
                    + "(requires capability: install_apps).");
            return;
        }
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        lastForm.clear();
        lastForm.putAll(form);
        String name = form.getOrDefault("name", "");
        byte[] spl;
        if (!"true".equals(form.get("filename"))) {
            reply(exchange, 400, "ERROR", "creating an app from a template is not supported here");
            return;
        } else if (downloads.containsKey(name)) {
            spl = downloads.get(name);
        } else if (!name.startsWith("http") && Files.isRegularFile(Path.of(name))) {
            spl = Files.readAllBytes(Path.of(name));
        } else {
            reply(exchange, 400, "ERROR", "Error during app install: failed to extract app from " + name
                    + ": No such file or directory");
            return;
        }
        AppTree app = SplPackage.read(new ByteArrayInputStream(spl));
        String id = app.appId().orElseThrow();
        String version = ConfParser.parse("app.conf", app.text("default/app.conf").orElseThrow()).file()
                .stanza("launcher").flatMap(s -> s.value("version")).orElse("");
        boolean exists = installed.containsKey(id);
        if (exists && !"true".equals(form.get("update"))) {
            reply(exchange, 409, "ERROR", "App \"" + id + "\" already exists; use the \"update=true\" argument to install anyway");
            return;
        }
        installed.put(id, version);
        packages.put(id, app);
        entry(exchange, exists ? 200 : 201, id);
    }

    /** The app's local/macros.conf settings written through the configuration endpoint, by stanza. */
    public synchronized Map<String, Map<String, String>> localMacros(String app) {
        return Map.copyOf(local.getOrDefault(app, Map.of()));
    }

    /** How many macro writes (POSTs) the configuration endpoint took. */
    public synchronized int macroWrites() {
        return macroWrites;
    }

    /** An admin edits a macro in Splunk Web (Settings > Advanced search > Search macros): saved in local/. */
    public synchronized void editMacroInSplunkWeb(String app, String stanza, String definition) {
        Map<String, String> settings = local.computeIfAbsent(app, a -> new HashMap<>()).computeIfAbsent(stanza, k -> new HashMap<>());
        settings.put("definition", definition);
        settings.put("description", "our own filter");
    }

    private synchronized void configs(HttpExchange exchange) throws IOException {
        String user = user(exchange.getRequestHeaders().getFirst("Authorization"));
        if (user == null) {
            reply(exchange, 401, "WARN", "call not properly authenticated");
            return;
        }
        java.util.regex.Matcher path = java.util.regex.Pattern.compile("/servicesNS/nobody/([^/]+)/configs/conf-macros/([^/]+)")
                .matcher(exchange.getRequestURI().getPath());
        if (!path.matches()) {
            reply(exchange, 404, "ERROR", "Not Found");
            return;
        }
        String app = path.group(1);
        String stanza = path.group(2);
        Map<String, String> settings = macro(app, stanza);
        if (settings == null) {
            reply(exchange, 404, "ERROR", "Could not find object id=" + stanza);
            return;
        }
        if (exchange.getRequestMethod().equals("POST")) {
            if (user.equals(ANALYST)) {
                reply(exchange, 403, "ERROR", "You (user=analyst) do not have permission to perform this operation "
                        + "(requires capability: admin_all_objects).");
                return;
            }
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            form.remove("output_mode");
            local.computeIfAbsent(app, a -> new HashMap<>()).computeIfAbsent(stanza, k -> new HashMap<>()).putAll(form);
            macroWrites++;
            settings = macro(app, stanza);
        } else if (!exchange.getRequestMethod().equals("GET")) {
            reply(exchange, 405, "ERROR", "Method not allowed");
            return;
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode entry = body.putArray("entry").addObject();
        entry.put("name", stanza);
        entry.putObject("acl").put("app", app).put("sharing", "app").put("owner", "nobody");
        ObjectNode content = entry.putObject("content");
        settings.forEach(content::put);
        body.putArray("messages");
        send(exchange, 200, body.toString());
    }

    /** A macro stanza as Splunk layers it: default/macros.conf of the installed package, then local/. */
    private Map<String, String> macro(String app, String stanza) {
        AppTree tree = packages.get(app);
        if (tree == null) {
            return null;
        }
        var defaults = ConfParser.parse("macros.conf", tree.text("default/macros.conf").orElse("")).file().stanza(stanza);
        Map<String, String> overrides = local.getOrDefault(app, Map.of()).get(stanza);
        if (defaults.isEmpty() && overrides == null) {
            return null;
        }
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        defaults.ifPresent(d -> d.settings().forEach(setting -> settings.put(setting.key(), setting.value())));
        if (overrides != null) {
            settings.putAll(overrides);
        }
        return settings;
    }

    private static String user(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.equals("Bearer " + TOKEN)) {
            return ADMIN;
        }
        if (authorization.startsWith("Basic ")) {
            String pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
            if (pair.equals(ADMIN + ":" + ADMIN_PASSWORD)) {
                return ADMIN;
            }
            if (pair.equals(ANALYST + ":" + ADMIN_PASSWORD)) {
                return ANALYST;
            }
        }
        return null;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private void entry(HttpExchange exchange, int status, String app) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("origin", url() + "/services/apps/local");
        ObjectNode entry = body.putArray("entry").addObject();
        entry.put("name", app);
        ObjectNode content = entry.putObject("content");
        content.put("version", installed.get(app));
        content.put("disabled", false);
        body.putArray("messages");
        send(exchange, status, body.toString());
    }

    private static void reply(HttpExchange exchange, int status, String type, String text) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode message = body.putArray("messages").addObject();
        message.put("type", type);
        message.put("text", text);
        send(exchange, status, body.toString());
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        LocalServers.sendJson(exchange, status, json);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
