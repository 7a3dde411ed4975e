package dev.forgewatch.elastic.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.forgewatch.common.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.net.ssl.SSLContext;

/**
 * A local Kibana serving the APIs ForgeWatch's installer uses, as Kibana documents them (API reference
 * at elastic.co/docs/api/doc/kibana; OpenAPI files in the kibana repository):
 * <ul>
 *   <li>every path also under {@code /s/{space}/} (Spaces); an unknown space answers 404
 *   {@code Saved object [space/<id>] not found};</li>
 *   <li>authentication: {@code Authorization: ApiKey <encoded>} or {@code Basic}; 401 without valid
 *   credentials; a read-only user gets 403 with Kibana's {@code is unauthorized for user} message on
 *   every write;</li>
 *   <li>{@code kbn-xsrf} required on every POST (400 {@code Request must contain a kbn-xsrf header.});</li>
 *   <li>{@code GET /api/status}: {@code version.number};</li>
 *   <li>{@code POST /api/saved_objects/_export} (JSON {@code objects}; a missing object is a 400 listing
 *   it under {@code attributes.objects} with {@code error.statusCode} 404) and {@code _import?overwrite=}
 *   ({@code multipart/form-data}, part {@code file}; answers {@code success}, {@code successCount},
 *   {@code successResults}, per-object {@code errors} of type {@code conflict} or
 *   {@code missing_references}); stored objects are migrated (migration versions, {@code updated_at},
 *   {@code version}) as Kibana does;</li>
 *   <li>{@code POST /api/detection_engine/rules/_export} (NDJSON, then the summary line with
 *   {@code missing_rules}) and {@code _import?overwrite=} (answers {@code success_count},
 *   {@code rules_count} and per-rule {@code errors}: 409 {@code rule_id: "…" already exists}, 400 for a
 *   rule the schema refuses); the export summary line of an import file is skipped; stored rules gain
 *   Kibana's defaults and server fields ({@code id}, {@code created_at}, {@code revision}, ...);</li>
 *   <li>the exceptions API as Kibana's lists plugin serves it ({@code x-pack/plugins/lists/server/routes} and the
 *   OpenAPI files of {@code packages/kbn-securitysolution-exceptions-common/api}): {@code GET /api/exception_lists}
 *   by {@code list_id} (404 {@code exception list list_id: "…" does not exist}), {@code POST} (required name,
 *   description, type; 409 {@code exception list id: "…" already exists}) and {@code PUT} (by {@code list_id} or
 *   {@code id}); {@code GET /api/exception_lists/items/_find} ({@code data}, {@code page}, {@code per_page},
 *   {@code total}; 404 without the list), {@code POST /api/exception_lists/items} (required list_id, type
 *   {@code simple}, name, description, non-empty entries; 404 {@code exception list id: "…" does not exist} without
 *   the list, 409 {@code exception list item id: "…" already exists}), {@code PUT} (by {@code item_id} or {@code id};
 *   404 {@code exception list item item_id: "…" does not exist}) and {@code DELETE ?item_id=}; errors in the
 *   lists plugin's shape ({@code message}, {@code status_code}); stored lists and items gain {@code id},
 *   {@code _version}, {@code tie_breaker_id} and the created/updated fields; writes need the {@code lists-all}
 *   privilege. The rule import resolves each {@code exceptions_list} reference by list_id, namespace_type and type
 *   to the list's id, and removes a reference to a list that does not exist with a 400 error for the rule
 *   ({@code Rule with rule_id: "…" references a non existent exception list of list_id: "…". Reference has been
 *   removed.}), storing the rule all the same;</li>
 *   <li>{@code GET /api/fleet/epm/packages/{name}/{version}} ({@code item.status}, 404 when not
 *   installed) and {@code POST /api/fleet/epm/packages} ({@code application/zip}; a zip without
 *   {@code <name>-<version>/manifest.yml} is a 400; answers {@code items} and {@code _meta}).</li>
 * </ul>
 * Tests act as a Kibana user through {@link #editRuleInUi}, {@link #enableRule}, {@link #editDashboard}
 * and can change the version Kibana reports (an upgrade).
 */
public final class FakeKibana implements AutoCloseable {
    public static final String API_KEY = "Zm9yZ2V3YXRjaDprZXk=";
    public static final String VIEWER_KEY = "dmlld2VyOmtleQ==";
    public static final String ADMIN = "elastic";
    public static final String ADMIN_PASSWORD = "changeme-for-tests";

    private static final Pattern SPACE = Pattern.compile("^/s/([a-z0-9_-]+)(/.*)$");
    private static final Set<String> RULE_TYPES = Set.of("query", "eql", "threshold", "new_terms", "esql", "machine_learning",
            "threat_match", "saved_query");

    private final HttpServer server;
    private final Set<String> spaces = new java.util.HashSet<>(Set.of("default"));
    private final Map<String, Map<String, ObjectNode>> savedObjects = new HashMap<>();
    private final Map<String, Map<String, ObjectNode>> rules = new HashMap<>();
    private final Map<String, String> packages = new HashMap<>();
    private final Map<String, Map<String, ObjectNode>> exceptionLists = new HashMap<>();
    private final Map<String, Map<String, ObjectNode>> exceptionItems = new HashMap<>();
    private int writes;
    private final List<String> requests = new ArrayList<>();
    private String version;
    private Runnable beforeNextImport = () -> { };

    public FakeKibana(String version) throws IOException {
        this(version, null);
    }

    /** A Kibana serving HTTPS with {@code tls} (the server's key and certificate), as Kibana does with {@code server.ssl}. */
    public FakeKibana(String version, SSLContext tls) throws IOException {
        this.version = version;
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(loopback, 0);
        } else {
            HttpsServer https = HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create((server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort());
    }

    public synchronized void addSpace(String space) {
        spaces.add(space);
    }

    public synchronized void upgradeTo(String newVersion) {
        version = newVersion;
    }

    /** Every request as {@code METHOD path?query}, in order. */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    public synchronized void clearRequests() {
        requests.clear();
    }

    public synchronized Map<String, ObjectNode> savedObjects(String space) {
        return Map.copyOf(savedObjects.getOrDefault(space, Map.of()));
    }

    public synchronized Map<String, ObjectNode> rules(String space) {
        return Map.copyOf(rules.getOrDefault(space, Map.of()));
    }

    public synchronized Map<String, String> installedPackages() {
        return Map.copyOf(packages);
    }

    /** The space's exception lists by list_id. */
    public synchronized Map<String, ObjectNode> exceptionLists(String space) {
        return Map.copyOf(exceptionLists.getOrDefault(space, Map.of()));
    }

    /** The space's exception items by item_id. */
    public synchronized Map<String, ObjectNode> exceptionItems(String space) {
        return Map.copyOf(exceptionItems.getOrDefault(space, Map.of()));
    }

    /** A user adds an exception item to a list in the Security UI (no ForgeWatch tag). */
    public synchronized void addExceptionItemInUi(String space, String listId, String itemId, String field, String value) {
        ObjectNode item = Json.MAPPER.createObjectNode().put("item_id", itemId).put("list_id", listId).put("type", "simple")
                .put("name", "added by an analyst").put("description", "").put("namespace_type", "single");
        item.putArray("tags");
        item.putArray("entries").addObject().put("field", field).put("operator", "included").put("type", "match").put("value", value);
        exceptionItems.computeIfAbsent(space, k -> new LinkedHashMap<>()).put(itemId, storedException(item, null));
    }

    /** A user edits an exception item's entries' value in the Security UI. */
    public synchronized void editExceptionItemInUi(String space, String itemId, String value) {
        ObjectNode item = exceptionItems.get(space).get(itemId);
        ((ObjectNode) item.path("entries").path(0)).put("value", value);
        item.put("_version", "WzIsMV0=");
    }

    /** Runs once, just before the next import request is processed (another user racing the installer). */
    public synchronized void beforeNextImport(Runnable action) {
        beforeNextImport = action;
    }

    /** A user edits a rule in the Security UI: the field changes and Kibana replaces the rule's meta. */
    public synchronized void editRuleInUi(String space, String ruleId, String field, String value) {
        ObjectNode rule = rules.get(space).get(ruleId);
        rule.put(field, value);
        rule.putObject("meta").put("kibana_siem_app_url", url() + "/app/security");
        bump(rule);
    }

    /** A user (or a script through the rules API) changes a rule field; meta stays. */
    public synchronized void editRuleByApi(String space, String ruleId, String field, String value) {
        ObjectNode rule = rules.get(space).get(ruleId);
        rule.put(field, value);
        bump(rule);
    }

    /** A user enables a rule and attaches an exception list: tuning, not a change of the rule. */
    public synchronized void enableRule(String space, String ruleId, String exceptionListId) {
        ObjectNode rule = rules.get(space).get(ruleId);
        rule.put("enabled", true);
        ObjectNode list = exceptionLists.computeIfAbsent(space, k -> new LinkedHashMap<>()).computeIfAbsent(exceptionListId, id -> {
            ObjectNode created = Json.MAPPER.createObjectNode().put("id", UUID.randomUUID().toString()).put("list_id", id)
                    .put("type", "detection").put("name", "SOC exceptions").put("description", "").put("immutable", false)
                    .put("namespace_type", "single").put("version", 1);
            created.putArray("os_types");
            created.putArray("tags");
            stamp(created, null);
            return created;
        });
        rule.putArray("exceptions_list").addObject().put("id", list.path("id").asText()).put("list_id", exceptionListId)
                .put("type", "detection").put("namespace_type", "single");
    }

    /** A user edits a dashboard's title in Kibana. */
    public synchronized void editDashboard(String space, String id, String title) {
        ObjectNode dashboard = savedObjects.get(space).get("dashboard:" + id);
        ((ObjectNode) dashboard.path("attributes")).put("title", title);
        dashboard.put("updated_at", "2026-12-02T12:00:00.000Z");
    }

    /** Creates a saved object the way another user's import would. */
    public synchronized void putSavedObject(String space, ObjectNode object) {
        savedObjects.computeIfAbsent(space, s -> new LinkedHashMap<>()).put(key(object), migrated(object));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String method = exchange.getRequestMethod();
            requests.add(method + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = uri.getPath();
            String space = "default";
            Matcher spaced = SPACE.matcher(path);
            if (spaced.matches()) {
                space = spaced.group(1);
                path = spaced.group(2);
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            boolean admin = ("ApiKey " + API_KEY).equals(auth) || ("Basic " + Base64.getEncoder().encodeToString(
                    (ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8))).equals(auth);
            boolean viewer = ("ApiKey " + VIEWER_KEY).equals(auth);
            if (!admin && !viewer) {
                error(exchange, 401, "Unauthorized", "[security_exception] unable to authenticate user");
                return;
            }
            if (!method.equals("GET") && exchange.getRequestHeaders().getFirst("kbn-xsrf") == null) {
                error(exchange, 400, "Bad Request", "Request must contain a kbn-xsrf header.");
                return;
            }
            if (!spaces.contains(space)) {
                error(exchange, 404, "Not Found", "Saved object [space/" + space + "] not found");
                return;
            }
            boolean lists = path.startsWith("/api/exception_lists");
            boolean write = path.endsWith("/_import") || (method.equals("POST") && path.equals("/api/fleet/epm/packages"))
                    || (lists && !method.equals("GET"));
            if (write && viewer) {
                error(exchange, 403, "Forbidden", "API [" + method + " " + uri.getPath() + "] is unauthorized for user, this"
                        + " action is granted by the Kibana privileges [" + (lists ? "lists-all" : "all") + "]");
                return;
            }
            String query = uri.getQuery() == null ? "" : uri.getQuery();
            String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
            switch (method + " " + path) {
                case "GET /api/status" -> status(exchange);
                case "POST /api/saved_objects/_export" -> exportSavedObjects(exchange, space, Json.MAPPER.readTree(body));
                case "POST /api/saved_objects/_import" -> importSavedObjects(exchange, space, filePart(contentType, body),
                        query.contains("overwrite=true"));
                case "POST /api/detection_engine/rules/_export" -> exportRules(exchange, space, Json.MAPPER.readTree(body));
                case "POST /api/detection_engine/rules/_import" -> importRules(exchange, space, filePart(contentType, body),
                        query.contains("overwrite=true"));
                case "POST /api/fleet/epm/packages" -> uploadPackage(exchange, contentType, body);
                case "GET /api/exception_lists" -> readExceptionList(exchange, space, params(uri));
                case "POST /api/exception_lists" -> createExceptionList(exchange, space, Json.MAPPER.readTree(body));
                case "PUT /api/exception_lists" -> updateExceptionList(exchange, space, Json.MAPPER.readTree(body));
                case "GET /api/exception_lists/items/_find" -> findExceptionItems(exchange, space, params(uri));
                case "POST /api/exception_lists/items" -> createExceptionItem(exchange, space, Json.MAPPER.readTree(body));
                case "PUT /api/exception_lists/items" -> updateExceptionItem(exchange, space, Json.MAPPER.readTree(body));
                case "DELETE /api/exception_lists/items" -> deleteExceptionItem(exchange, space, params(uri));
                default -> {
                    Matcher pkg = Pattern.compile("/api/fleet/epm/packages/([^/]+)/([^/]+)").matcher(path);
                    if (method.equals("GET") && pkg.matches()) {
                        getPackage(exchange, pkg.group(1), pkg.group(2));
                    } else {
                        error(exchange, 404, "Not Found", "Not Found");
                    }
                }
            }
        } catch (RuntimeException e) {
            error(exchange, 500, "Internal Server Error", e.toString());
        }
    }

    private void status(HttpExchange exchange) throws IOException {
        ObjectNode status = Json.MAPPER.createObjectNode();
        status.put("name", "kibana-contract");
        status.put("uuid", "5b2de169-2785-441b-ae8c-186a1936b17d");
        status.putObject("version").put("number", version).put("build_flavor", "traditional").put("build_snapshot", false)
                .put("build_number", 1);
        status.putObject("status").putObject("overall").put("level", "available").put("summary", "All services are available");
        json(exchange, 200, status);
    }

    private void exportSavedObjects(HttpExchange exchange, String space, JsonNode request) throws IOException {
        Map<String, ObjectNode> store = savedObjects.getOrDefault(space, Map.of());
        List<ObjectNode> found = new ArrayList<>();
        ArrayNode missing = Json.MAPPER.createArrayNode();
        for (JsonNode wanted : request.path("objects")) {
            ObjectNode object = store.get(wanted.path("type").asText() + ":" + wanted.path("id").asText());
            if (object == null) {
                missing.addObject().put("id", wanted.path("id").asText()).put("type", wanted.path("type").asText())
                        .putObject("error").put("statusCode", 404).put("error", "Not Found").put("message", "Saved object ["
                                + wanted.path("type").asText() + "/" + wanted.path("id").asText() + "] not found");
            } else {
                found.add(object);
            }
        }
        if (!missing.isEmpty()) {
            ObjectNode error = error(400, "Bad Request", "Error fetching objects to export");
            error.putObject("attributes").set("objects", missing);
            json(exchange, 400, error);
            return;
        }
        StringBuilder ndjson = new StringBuilder();
        for (ObjectNode object : found) {
            ndjson.append(object).append('\n');
        }
        if (!request.path("excludeExportDetails").asBoolean(false)) {
            ndjson.append("{\"excludedObjects\":[],\"excludedObjectsCount\":0,\"exportedCount\":").append(found.size())
                    .append(",\"missingRefCount\":0,\"missingReferences\":[]}\n");
        }
        send(exchange, 200, "application/ndjson", ndjson.toString());
    }

    private void importSavedObjects(HttpExchange exchange, String space, String ndjson, boolean overwrite) throws IOException {
        runBeforeImport();
        Map<String, ObjectNode> store = savedObjects.computeIfAbsent(space, s -> new LinkedHashMap<>());
        List<JsonNode> objects = lines(ndjson).stream().filter(o -> !o.has("exportedCount")).toList();
        Set<String> importing = new java.util.HashSet<>();
        objects.forEach(o -> importing.add(key(o)));
        ArrayNode results = Json.MAPPER.createArrayNode();
        ArrayNode errors = Json.MAPPER.createArrayNode();
        for (JsonNode object : objects) {
            String key = key(object);
            ObjectNode meta = Json.MAPPER.createObjectNode().put("title", object.path("attributes").path("title").asText());
            if (!Set.of("index-pattern", "dashboard", "lens", "visualization", "search", "tag").contains(object.path("type").asText())) {
                errors.addObject().put("id", object.path("id").asText()).put("type", object.path("type").asText())
                        .<ObjectNode>set("meta", meta).putObject("error").put("type", "unsupported_type");
                continue;
            }
            if (store.containsKey(key) && !overwrite) {
                errors.addObject().put("id", object.path("id").asText()).put("type", object.path("type").asText())
                        .<ObjectNode>set("meta", meta).putObject("error").put("type", "conflict");
                continue;
            }
            ArrayNode missing = Json.MAPPER.createArrayNode();
            for (JsonNode reference : object.path("references")) {
                String target = reference.path("type").asText() + ":" + reference.path("id").asText();
                if (!store.containsKey(target) && !importing.contains(target)) {
                    missing.addObject().put("type", reference.path("type").asText()).put("id", reference.path("id").asText());
                }
            }
            if (!missing.isEmpty()) {
                ObjectNode error = errors.addObject().put("id", object.path("id").asText()).put("type", object.path("type").asText());
                error.set("meta", meta);
                error.putObject("error").put("type", "missing_references").set("references", missing);
                continue;
            }
            store.put(key, migrated(object));
            ObjectNode result = results.addObject().put("type", object.path("type").asText()).put("id", object.path("id").asText());
            result.set("meta", meta);
            if (overwrite) {
                result.put("overwrite", true);
            }
        }
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("success", errors.isEmpty());
        response.put("successCount", results.size());
        response.set("successResults", results);
        if (!errors.isEmpty()) {
            response.set("errors", errors);
        }
        response.putArray("warnings");
        json(exchange, 200, response);
    }

    /** What Kibana stores for an imported object: migrated to its version, with its bookkeeping fields. */
    private ObjectNode migrated(JsonNode object) {
        ObjectNode stored = object.deepCopy();
        stored.put("coreMigrationVersion", "8.8.0");
        stored.put("typeMigrationVersion", object.path("type").asText().equals("dashboard") ? "10.2.0" : "8.0.0");
        stored.put("managed", object.path("managed").asBoolean(false));
        stored.put("updated_at", "2026-12-02T10:00:00.000Z");
        stored.put("created_at", "2026-12-02T10:00:00.000Z");
        stored.put("version", "WzEsMV0=");
        stored.putArray("namespaces").add("default");
        return stored;
    }

    private void exportRules(HttpExchange exchange, String space, JsonNode request) throws IOException {
        Map<String, ObjectNode> store = rules.getOrDefault(space, Map.of());
        StringBuilder ndjson = new StringBuilder();
        ArrayNode missing = Json.MAPPER.createArrayNode();
        int exported = 0;
        for (JsonNode wanted : request.path("objects")) {
            ObjectNode rule = store.get(wanted.path("rule_id").asText());
            if (rule == null) {
                missing.addObject().put("rule_id", wanted.path("rule_id").asText());
            } else {
                ndjson.append(rule).append('\n');
                exported++;
            }
        }
        ObjectNode details = Json.MAPPER.createObjectNode();
        details.put("exported_count", exported);
        details.put("exported_rules_count", exported);
        details.set("missing_rules", missing);
        details.put("missing_rules_count", missing.size());
        details.put("exported_exception_list_count", 0);
        details.put("exported_exception_list_item_count", 0);
        details.put("missing_exception_list_item_count", 0);
        details.putArray("missing_exception_list_items");
        details.putArray("missing_exception_lists");
        details.put("missing_exception_lists_count", 0);
        ndjson.append(details).append('\n');
        send(exchange, 200, "application/ndjson", ndjson.toString());
    }

    private void importRules(HttpExchange exchange, String space, String ndjson, boolean overwrite) throws IOException {
        runBeforeImport();
        Map<String, ObjectNode> store = rules.computeIfAbsent(space, s -> new LinkedHashMap<>());
        ArrayNode errors = Json.MAPPER.createArrayNode();
        int count = 0;
        int success = 0;
        for (JsonNode rule : lines(ndjson)) {
            if (rule.has("exported_count") || rule.has("exported_exception_list_count")) {
                continue; // the export summary line (Kibana's filterExportedCounts)
            }
            count++;
            String ruleId = rule.path("rule_id").asText("");
            String invalid = invalid(rule);
            if (invalid != null) {
                errors.addObject().put("rule_id", ruleId).putObject("error").put("status_code", 400).put("message", invalid);
                continue;
            }
            ObjectNode existing = store.get(ruleId);
            if (existing != null && !overwrite) {
                errors.addObject().put("rule_id", ruleId).putObject("error").put("status_code", 409)
                        .put("message", "rule_id: \"" + ruleId + "\" already exists");
                continue;
            }
            ObjectNode resolved = rule.deepCopy();
            ArrayNode references = resolved.putArray("exceptions_list");
            for (JsonNode reference : rule.path("exceptions_list")) {
                ObjectNode list = exceptionLists.getOrDefault(space, Map.of()).get(reference.path("list_id").asText());
                if (list != null && list.path("namespace_type").equals(reference.path("namespace_type"))
                        && list.path("type").equals(reference.path("type"))) {
                    references.add(((ObjectNode) reference.deepCopy()).put("id", list.path("id").asText()));
                } else {
                    errors.addObject().put("rule_id", ruleId).putObject("error").put("status_code", 400).put("message",
                            "Rule with rule_id: \"" + ruleId + "\" references a non existent exception list of list_id: \""
                                    + reference.path("list_id").asText() + "\". Reference has been removed.");
                }
            }
            store.put(ruleId, stored(resolved, existing));
            success++;
        }
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("success", errors.isEmpty());
        response.put("success_count", success);
        response.put("rules_count", count);
        response.set("errors", errors);
        response.put("exceptions_success", true);
        response.put("exceptions_success_count", 0);
        response.putArray("exceptions_errors");
        response.put("action_connectors_success", true);
        response.put("action_connectors_success_count", 0);
        response.putArray("action_connectors_errors");
        response.putArray("action_connectors_warnings");
        json(exchange, 200, response);
    }

    /** Why Kibana's import schema refuses a rule, or null. */
    private static String invalid(JsonNode rule) {
        for (String required : List.of("rule_id", "name", "description", "risk_score", "severity", "type")) {
            if (!rule.has(required)) {
                return "[request body]: " + required + ": Required";
            }
        }
        String type = rule.path("type").asText();
        if (!RULE_TYPES.contains(type)) {
            return "[request body]: type: Invalid discriminator value";
        }
        if (Set.of("eql", "esql", "threshold", "new_terms").contains(type) && !rule.has("query")) {
            return "[request body]: query: Required";
        }
        return null;
    }

    /** The rule as Kibana keeps it: defaults filled in, server fields set, revision counted. */
    private static ObjectNode stored(JsonNode rule, ObjectNode existing) {
        ObjectNode stored = rule.deepCopy();
        stored.put("id", existing != null ? existing.path("id").asText() : UUID.randomUUID().toString());
        stored.put("created_at", existing != null ? existing.path("created_at").asText() : "2026-12-02T10:00:00.000Z");
        stored.put("updated_at", "2026-12-02T10:00:00.000Z");
        stored.put("created_by", "elastic");
        stored.put("updated_by", "elastic");
        stored.put("immutable", false);
        stored.putObject("rule_source").put("type", "internal");
        stored.put("revision", existing != null ? existing.path("revision").asInt() + 1 : 0);
        for (String list : List.of("exceptions_list", "actions", "risk_score_mapping", "severity_mapping", "related_integrations",
                "required_fields")) {
            if (!stored.has(list)) {
                stored.putArray(list);
            }
        }
        if (!stored.has("to")) {
            stored.put("to", "now");
        }
        if (!stored.has("setup")) {
            stored.put("setup", "");
        }
        if (!stored.has("enabled")) {
            stored.put("enabled", true);
        }
        return stored;
    }

    // ---- exceptions API --------------------------------------------------------------------------

    private static final Set<String> LIST_TYPES = Set.of("detection", "rule_default", "endpoint", "endpoint_trusted_apps",
            "endpoint_events", "endpoint_host_isolation_exceptions", "endpoint_blocklists");
    private static final Set<String> ENTRY_TYPES = Set.of("match", "match_any", "list", "exists", "nested", "wildcard");

    private void readExceptionList(HttpExchange exchange, String space, Map<String, String> query) throws IOException {
        ObjectNode list = findList(space, query.get("list_id"), query.get("id"), query.getOrDefault("namespace_type", "single"));
        if (list == null) {
            siemError(exchange, 404, query.get("id") != null ? "exception list id: \"" + query.get("id") + "\" does not exist"
                    : "exception list list_id: \"" + query.get("list_id") + "\" does not exist");
            return;
        }
        json(exchange, 200, list);
    }

    private void createExceptionList(HttpExchange exchange, String space, JsonNode body) throws IOException {
        String invalid = required(body, "name", "description", "type");
        if (invalid == null && !LIST_TYPES.contains(body.path("type").asText())) {
            invalid = "type: Invalid enum value";
        }
        if (invalid != null) {
            error(exchange, 400, "Bad Request", "[request body]: " + invalid);
            return;
        }
        String listId = body.path("list_id").asText(UUID.randomUUID().toString());
        String namespace = body.path("namespace_type").asText("single");
        if (findList(space, listId, null, namespace) != null) {
            siemError(exchange, 409, "exception list id: \"" + listId + "\" already exists");
            return;
        }
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("id", UUID.randomUUID().toString());
        list.put("list_id", listId);
        list.put("type", body.path("type").asText());
        list.put("name", body.path("name").asText());
        list.put("description", body.path("description").asText());
        list.put("immutable", false);
        list.put("namespace_type", namespace);
        list.set("os_types", Json.MAPPER.createArrayNode()); // the create route does not pass os_types on
        list.set("tags", body.has("tags") ? body.get("tags").deepCopy() : Json.MAPPER.createArrayNode());
        if (body.has("meta")) {
            list.set("meta", body.get("meta").deepCopy());
        }
        list.put("version", body.path("version").asInt(1));
        stamp(list, null);
        exceptionLists.computeIfAbsent(space, k -> new LinkedHashMap<>()).put(listId, list);
        json(exchange, 200, list);
    }

    private void updateExceptionList(HttpExchange exchange, String space, JsonNode body) throws IOException {
        String invalid = required(body, "name", "description", "type");
        if (invalid != null) {
            error(exchange, 400, "Bad Request", "[request body]: " + invalid);
            return;
        }
        ObjectNode list = findList(space, body.path("list_id").asText(null), body.path("id").asText(null),
                body.path("namespace_type").asText("single"));
        if (list == null) {
            siemError(exchange, 404, body.has("id") ? "exception list id: \"" + body.path("id").asText() + "\" does not exist"
                    : "exception list list_id: \"" + body.path("list_id").asText() + "\" does not exist");
            return;
        }
        for (String field : List.of("name", "description", "type", "tags", "os_types", "meta")) {
            if (body.has(field)) {
                list.set(field, body.get(field).deepCopy());
            }
        }
        stamp(list, list);
        json(exchange, 200, list);
    }

    private void findExceptionItems(HttpExchange exchange, String space, Map<String, String> query) throws IOException {
        String listId = query.get("list_id");
        if (listId == null) {
            error(exchange, 400, "Bad Request", "[request query]: list_id: Required");
            return;
        }
        if (findList(space, listId, null, query.getOrDefault("namespace_type", "single")) == null) {
            siemError(exchange, 404, "exception list id: \"" + listId + "\" does not exist");
            return;
        }
        int page = Integer.parseInt(query.getOrDefault("page", "1"));
        int perPage = Integer.parseInt(query.getOrDefault("per_page", "20"));
        List<ObjectNode> all = exceptionItems.getOrDefault(space, Map.of()).values().stream()
                .filter(item -> item.path("list_id").asText().equals(listId)).toList();
        ObjectNode response = Json.MAPPER.createObjectNode();
        ArrayNode data = response.putArray("data");
        all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(data::add);
        response.put("page", page);
        response.put("per_page", perPage);
        response.put("total", all.size());
        json(exchange, 200, response);
    }

    private void createExceptionItem(HttpExchange exchange, String space, JsonNode body) throws IOException {
        String invalid = invalidItem(body);
        if (invalid != null) {
            error(exchange, 400, "Bad Request", "[request body]: " + invalid);
            return;
        }
        String listId = body.path("list_id").asText();
        String namespace = body.path("namespace_type").asText("single");
        if (findList(space, listId, null, namespace) == null) {
            siemError(exchange, 404, "exception list id: \"" + listId + "\" does not exist");
            return;
        }
        String itemId = body.path("item_id").asText(UUID.randomUUID().toString());
        Map<String, ObjectNode> store = exceptionItems.computeIfAbsent(space, k -> new LinkedHashMap<>());
        if (store.containsKey(itemId)) {
            siemError(exchange, 409, "exception list item id: \"" + itemId + "\" already exists");
            return;
        }
        ObjectNode item = ((ObjectNode) body.deepCopy()).put("item_id", itemId).put("namespace_type", namespace);
        ObjectNode stored = storedException(item, null);
        store.put(itemId, stored);
        json(exchange, 200, stored);
    }

    private void updateExceptionItem(HttpExchange exchange, String space, JsonNode body) throws IOException {
        String invalid = invalidItem(body);
        if (invalid != null && !invalid.startsWith("list_id")) {
            error(exchange, 400, "Bad Request", "[request body]: " + invalid);
            return;
        }
        Map<String, ObjectNode> store = exceptionItems.computeIfAbsent(space, k -> new LinkedHashMap<>());
        ObjectNode existing = body.has("item_id") ? store.get(body.path("item_id").asText())
                : store.values().stream().filter(i -> i.path("id").asText().equals(body.path("id").asText())).findFirst().orElse(null);
        if (existing == null) {
            siemError(exchange, 404, body.has("id") ? "exception list item id: \"" + body.path("id").asText() + "\" does not exist"
                    : "exception list item item_id: \"" + body.path("item_id").asText() + "\" does not exist");
            return;
        }
        ObjectNode item = body.deepCopy();
        item.put("item_id", existing.path("item_id").asText());
        item.put("list_id", existing.path("list_id").asText());
        ObjectNode stored = storedException(item, existing);
        store.put(existing.path("item_id").asText(), stored);
        json(exchange, 200, stored);
    }

    private void deleteExceptionItem(HttpExchange exchange, String space, Map<String, String> query) throws IOException {
        String itemId = query.get("item_id");
        if (itemId == null && query.get("id") == null) {
            siemError(exchange, 400, "Either \"item_id\" or \"id\" needs to be defined in the request");
            return;
        }
        ObjectNode deleted = itemId == null ? null : exceptionItems.getOrDefault(space, new LinkedHashMap<>()).remove(itemId);
        if (deleted == null) {
            siemError(exchange, 404, "Exception list item list_id: \"" + itemId + "\" does not exist"); // sic, Kibana's message
            return;
        }
        json(exchange, 200, deleted);
    }

    private ObjectNode findList(String space, String listId, String id, String namespace) {
        for (ObjectNode list : exceptionLists.getOrDefault(space, Map.of()).values()) {
            boolean match = id != null ? list.path("id").asText().equals(id) : list.path("list_id").asText().equals(listId);
            if (match && list.path("namespace_type").asText().equals(namespace)) {
                return list;
            }
        }
        return null;
    }

    /** Why the item schema refuses an item, or null: required fields, type simple, non-empty entries of known shapes. */
    private static String invalidItem(JsonNode body) {
        String missing = required(body, "list_id", "type", "name", "description", "entries");
        if (missing != null) {
            return missing;
        }
        if (!body.path("type").asText().equals("simple")) {
            return "type: Invalid enum value. Expected 'simple'";
        }
        if (body.path("name").asText().isBlank()) {
            return "name: String must contain at least 1 character(s)";
        }
        if (!body.path("entries").isArray() || body.path("entries").isEmpty()) {
            return "entries: Array must contain at least 1 element(s)";
        }
        for (JsonNode entry : body.path("entries")) {
            String type = entry.path("type").asText();
            if (!ENTRY_TYPES.contains(type) || entry.path("field").asText().isBlank()
                    || !Set.of("included", "excluded").contains(entry.path("operator").asText())) {
                return "entries: Invalid input";
            }
            if (type.equals("match") && (!entry.path("value").isTextual() || entry.path("value").asText().isBlank())) {
                return "entries: Invalid input";
            }
            if (type.equals("match_any") && (!entry.path("value").isArray() || entry.path("value").isEmpty())) {
                return "entries: Invalid input";
            }
        }
        return null;
    }

    private static String required(JsonNode body, String... fields) {
        for (String field : fields) {
            if (!body.has(field) || body.get(field).isNull()) {
                return field + ": Required";
            }
        }
        return null;
    }

    /** An item as the lists plugin stores it: defaults for what the request left out, server fields set. */
    private ObjectNode storedException(ObjectNode item, ObjectNode existing) {
        ObjectNode stored = item.deepCopy();
        stored.remove("_version");
        if (!stored.has("namespace_type")) {
            stored.put("namespace_type", "single");
        }
        for (String list : List.of("os_types", "tags", "comments")) {
            if (!stored.has(list)) {
                stored.putArray(list);
            }
        }
        stored.put("id", existing != null ? existing.path("id").asText() : UUID.randomUUID().toString());
        stamp(stored, existing);
        return stored;
    }

    /** The server fields of a stored list or item; an update keeps creation and bumps the version. */
    private void stamp(ObjectNode stored, ObjectNode existing) {
        writes++;
        stored.put("_version", Base64.getEncoder().encodeToString(("[" + writes + ",1]").getBytes(StandardCharsets.UTF_8)));
        stored.put("tie_breaker_id", existing != null ? existing.path("tie_breaker_id").asText() : UUID.randomUUID().toString());
        stored.put("created_at", existing != null ? existing.path("created_at").asText() : "2026-12-02T10:00:00.000Z");
        stored.put("created_by", existing != null ? existing.path("created_by").asText() : "elastic");
        stored.put("updated_at", "2026-12-02T10:0" + (writes % 10) + ":00.000Z");
        stored.put("updated_by", "elastic");
    }

    private static Map<String, String> params(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                params.put(key, eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    /** The lists plugin's error body (siemResponse.error): {@code message} and {@code status_code}. */
    private static void siemError(HttpExchange exchange, int status, String message) throws IOException {
        json(exchange, status, Json.MAPPER.createObjectNode().put("message", message).put("status_code", status));
    }

    private static void bump(ObjectNode rule) {
        rule.put("revision", rule.path("revision").asInt() + 1);
        rule.put("updated_at", "2026-12-02T12:00:00.000Z");
    }

    private void getPackage(HttpExchange exchange, String name, String pkgVersion) throws IOException {
        if (!pkgVersion.equals(packages.get(name))) {
            error(exchange, 404, "Not Found", "[" + name + "-" + pkgVersion + "] package not found in registry");
            return;
        }
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.putObject("item").put("name", name).put("version", pkgVersion).put("status", "installed");
        json(exchange, 200, response);
    }

    private void uploadPackage(HttpExchange exchange, String contentType, byte[] zip) throws IOException {
        if (!contentType.startsWith("application/zip") && !contentType.startsWith("application/gzip")) {
            error(exchange, 400, "Bad Request", "Unsupported Content-Type " + contentType);
            return;
        }
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        String manifestPath = files.keySet().stream().filter(path -> path.matches("[^/]+/manifest\\.yml")).findFirst().orElse(null);
        if (manifestPath == null) {
            error(exchange, 400, "Bad Request", "Package must contain a top-level manifest.yml file.");
            return;
        }
        JsonNode manifest = Json.YAML.readTree(files.get(manifestPath));
        String folder = manifestPath.substring(0, manifestPath.indexOf('/'));
        String name = manifest.path("name").asText();
        String pkgVersion = manifest.path("version").asText();
        if (!folder.equals(name + "-" + pkgVersion)) {
            error(exchange, 400, "Bad Request", "Name " + name + " and version " + pkgVersion + " do not match top-level directory "
                    + folder);
            return;
        }
        packages.put(name, pkgVersion);
        ObjectNode response = Json.MAPPER.createObjectNode();
        ArrayNode items = response.putArray("items");
        files.keySet().stream().filter(path -> path.startsWith(folder + "/kibana/")).forEach(path -> {
            String[] parts = path.split("/");
            items.addObject().put("id", parts[3].replace(".json", "")).put("type", parts[2]);
        });
        response.putObject("_meta").put("install_source", "upload").put("name", name);
        json(exchange, 200, response);
    }

    private void runBeforeImport() {
        Runnable action = beforeNextImport;
        beforeNextImport = () -> { };
        action.run();
    }

    /** The {@code file} part of a {@code multipart/form-data} body. */
    private static String filePart(String contentType, byte[] body) {
        Matcher boundary = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
        if (!contentType.startsWith("multipart/form-data") || !boundary.find()) {
            throw new IllegalArgumentException("the import APIs take multipart/form-data, got " + contentType);
        }
        String text = new String(body, StandardCharsets.UTF_8);
        for (String part : text.split("--" + Pattern.quote(boundary.group(1)))) {
            int headersEnd = part.indexOf("\r\n\r\n");
            if (headersEnd > 0 && part.substring(0, headersEnd).contains("name=\"file\"")) {
                String content = part.substring(headersEnd + 4);
                return content.endsWith("\r\n") ? content.substring(0, content.length() - 2) : content;
            }
        }
        throw new IllegalArgumentException("no file part");
    }

    private static List<JsonNode> lines(String ndjson) {
        List<JsonNode> objects = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            if (!line.isBlank()) {
                try {
                    objects.add(Json.MAPPER.readTree(line));
                } catch (IOException e) {
                    throw new IllegalArgumentException(e);
                }
            }
        }
        return objects;
    }

    private static String key(JsonNode object) {
        return object.path("type").asText() + ":" + object.path("id").asText();
    }

    private static ObjectNode error(int status, String error, String message) {
        return Json.MAPPER.createObjectNode().put("statusCode", status).put("error", error).put("message", message);
    }

    private static void error(HttpExchange exchange, int status, String error, String message) throws IOException {
        json(exchange, status, error(status, error, message));
    }

    private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json", body.toString());
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
