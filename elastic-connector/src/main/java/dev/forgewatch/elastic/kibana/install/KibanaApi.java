package dev.forgewatch.elastic.kibana.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.http.HttpReply;
import dev.forgewatch.common.http.HttpTransport;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.tls.TlsFailure;
import dev.forgewatch.elastic.client.ClusterTarget;
import dev.forgewatch.elastic.client.Credentials;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kibana APIs the installer uses, as Kibana documents them (the API reference at
 * elastic.co/docs/api/doc/kibana, and the OpenAPI files in the kibana repository):
 * <ul>
 *   <li>{@code GET /api/status}: the version ({@code version.number}); not space-scoped;</li>
 *   <li>{@code POST /s/{space}/api/saved_objects/_export} and {@code _import?overwrite=}: saved objects as
 *   NDJSON, the import a {@code multipart/form-data} upload of a {@code file}, answering
 *   {@code success}, {@code successCount}, {@code successResults} and per-object {@code errors} (type
 *   {@code conflict}, {@code missing_references}, ...); exporting an object that does not exist is a
 *   400 listing it under {@code attributes.objects};</li>
 *   <li>{@code POST /s/{space}/api/detection_engine/rules/_export} and {@code _import?overwrite=}:
 *   detection rules as NDJSON; the export ends in a summary line whose {@code missing_rules} lists the
 *   rule_ids that do not exist; the import answers {@code success_count}, {@code rules_count} and
 *   per-rule {@code errors} ({@code rule_id}, {@code error.status_code}, {@code error.message});</li>
 *   <li>the exceptions API (Security > Exceptions; {@code packages/kbn-securitysolution-exceptions-common/api} in
 *   the kibana repository): {@code GET /api/exception_lists?list_id=&namespace_type=} (the list, or 404),
 *   {@code POST} and {@code PUT /api/exception_lists} (create, update by {@code list_id}),
 *   {@code GET /api/exception_lists/items/_find?list_id=&namespace_type=&page=&per_page=} ({@code data},
 *   {@code page}, {@code per_page}, {@code total}; 404 without the list), {@code POST} and
 *   {@code PUT /api/exception_lists/items} (create, update by {@code item_id}) and
 *   {@code DELETE /api/exception_lists/items?item_id=&namespace_type=}; errors as {@code message} and
 *   {@code status_code} (409 for a list or item id that exists);</li>
 *   <li>{@code GET /s/{space}/api/fleet/epm/packages/{name}/{version}} ({@code item.status}) and
 *   {@code POST /s/{space}/api/fleet/epm/packages} with {@code Content-Type: application/zip}, answering
 *   {@code items} and {@code _meta.install_source}.</li>
 * </ul>
 * Every request carries {@code kbn-xsrf}, which Kibana requires on every request that changes
 * something. Credentials: an API key ({@code Authorization: ApiKey ...}) or basic authentication.
 * Kibana and Fleet are reached through common's {@link HttpTransport} with the same TLS options as
 * Elasticsearch ({@code --ca-cert}, {@code --insecure}); a certificate that fails verification ends the
 * run at once with the one TLS message naming the reason (nothing here retries).
 */
public final class KibanaApi {
    static final String XSRF = "kbn-xsrf";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Importing 40 rules or uploading a package takes Kibana a while; this bounds one whole exchange. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);
    /** Kibana's answers here are small JSON or NDJSON of ForgeWatch's own objects. */
    private static final int MAX_BODY = 32 * 1024 * 1024;

    /** What an import did, object by object: the keys written, and each refused key with Kibana's reason. */
    public record ImportResult(List<String> written, Map<String, String> errors) {
        public ImportResult {
            written = List.copyOf(written);
            errors = Map.copyOf(errors);
        }
    }

    private final URI base;
    private final String spacePath;
    private final String space;
    private final Credentials credentials;
    private final HttpTransport http;

    KibanaApi(URI base, String space, Credentials credentials, HttpTransport http) {
        String path = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
        this.base = base.resolve(path.isEmpty() ? "/" : path + "/");
        this.space = space;
        this.spacePath = space == null || space.equals("default") ? "" : "s/" + space + "/";
        this.credentials = credentials;
        this.http = http;
    }

    /** A client for Kibana at {@code target} (its URL, credentials and TLS trust), working in {@code space}. */
    public static KibanaApi connect(ClusterTarget target, String space) throws IOException {
        try {
            return new KibanaApi(target.url(), space, target.credentials(), HttpTransport.create(target.trust(), CONNECT_TIMEOUT,
                    REQUEST_TIMEOUT, HttpTransport.Redirects.NEVER, MAX_BODY));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The Kibana version, {@code 8.19.6}. */
    public String version() throws IOException {
        HttpReply response = send(request("api/status", false).GET(), "reading Kibana's version");
        expect(response, 200, "reading Kibana's version (GET /api/status)", "none beyond logging in");
        String number = json(response).path("version").path("number").asText("");
        if (number.isEmpty()) {
            throw new KibanaException(200, "GET /api/status answered without version.number: is this Kibana?");
        }
        return number;
    }

    /** The saved object as Kibana exports it now, or empty when the space has none of that type and id. */
    public Optional<ObjectNode> savedObject(String type, String id) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putArray("objects").addObject().put("type", type).put("id", id);
        body.put("includeReferencesDeep", false);
        body.put("excludeExportDetails", true);
        String what = "reading " + type + " " + id;
        HttpReply response = send(request("api/saved_objects/_export", true)
                .header("Content-Type", "application/json").POST(bytes(body)), what);
        if (response.status() == 400 && missingOnExport(json(response), id)) {
            return Optional.empty();
        }
        expect(response, 200, what + " (POST /api/saved_objects/_export)", SAVED_OBJECTS_PRIVILEGE);
        for (String line : text(response).split("\n")) {
            if (!line.isBlank()) {
                JsonNode object = Json.MAPPER.readTree(line);
                if (object.path("id").asText().equals(id) && object.path("type").asText().equals(type)) {
                    return Optional.of((ObjectNode) object);
                }
            }
        }
        return Optional.empty();
    }

    /** Imports saved objects (NDJSON); keys are {@code type:id}. */
    public ImportResult importSavedObjects(String ndjson, boolean overwrite) throws IOException {
        JsonNode result = importFile("api/saved_objects/_import", "forgewatch-dashboards.ndjson", ndjson, overwrite,
                "importing dashboards and data view", SAVED_OBJECTS_PRIVILEGE);
        List<String> written = new ArrayList<>();
        result.path("successResults").forEach(item -> written.add(item.path("type").asText() + ":" + item.path("id").asText()));
        Map<String, String> errors = new LinkedHashMap<>();
        result.path("errors").forEach(item -> errors.put(item.path("type").asText() + ":" + item.path("id").asText(),
                item.path("error").path("type").asText("error") + describeReferences(item.path("error"))));
        return new ImportResult(written, errors);
    }

    /** The rules Kibana has of these rule_ids, by rule_id, as its rule export writes them. */
    public Map<String, ObjectNode> rules(List<String> ruleIds) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ruleIds.forEach(id -> body.withArray("objects").addObject().put("rule_id", id));
        String what = "reading detection rules";
        HttpReply response = send(request("api/detection_engine/rules/_export", true)
                .header("Content-Type", "application/json").POST(bytes(body)), what);
        expect(response, 200, what + " (POST /api/detection_engine/rules/_export)", RULES_PRIVILEGE);
        Map<String, ObjectNode> rules = new LinkedHashMap<>();
        for (String line : text(response).split("\n")) {
            if (!line.isBlank()) {
                JsonNode object = Json.MAPPER.readTree(line);
                if (object.has("rule_id") && !object.has("exported_count")) {
                    rules.put(object.path("rule_id").asText(), (ObjectNode) object);
                }
            }
        }
        return rules;
    }

    /** Imports detection rules (NDJSON); keys are rule_ids. */
    public ImportResult importRules(String ndjson, boolean overwrite) throws IOException {
        JsonNode result = importFile("api/detection_engine/rules/_import", "forgewatch-rules.ndjson", ndjson, overwrite,
                "importing detection rules", RULES_PRIVILEGE);
        Map<String, String> errors = new LinkedHashMap<>();
        result.path("errors").forEach(item -> errors.put(item.path("rule_id").asText(item.path("id").asText()),
                item.path("error").path("status_code").asInt() + " " + item.path("error").path("message").asText()));
        List<String> written = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            if (!line.isBlank()) {
                String ruleId = Json.MAPPER.readTree(line).path("rule_id").asText("");
                if (!ruleId.isEmpty() && !errors.containsKey(ruleId)) {
                    written.add(ruleId);
                }
            }
        }
        return new ImportResult(written, errors);
    }

    /** POSTs an NDJSON file to an import API as the multipart {@code file} part; Kibana's JSON answer. */
    private JsonNode importFile(String path, String fileName, String ndjson, boolean overwrite, String what, String privilege)
            throws IOException {
        Multipart form = Multipart.file("file", fileName, "application/ndjson", ndjson.getBytes(StandardCharsets.UTF_8));
        HttpReply response = send(request(path + "?overwrite=" + overwrite, true).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())), what);
        expect(response, 200, what + " (POST /" + path + ")", privilege);
        return json(response);
    }

    /** The space's exception list of this list_id ({@code namespace_type} single), or empty when there is none. */
    public Optional<ObjectNode> exceptionList(String listId) throws IOException {
        String what = "reading the exception list " + listId;
        HttpReply response = send(request("api/exception_lists?list_id=" + encode(listId) + "&namespace_type=single", true)
                .GET(), what);
        if (response.status() == 404 && !kibanaMessage(response).contains("[space/")) {
            return Optional.empty();
        }
        expect(response, 200, what + " (GET /api/exception_lists)", EXCEPTIONS_PRIVILEGE);
        return Optional.of((ObjectNode) json(response));
    }

    /** Creates an exception list ({@code list_id}, name, description, type, ...); the list as Kibana stored it. */
    public ObjectNode createExceptionList(ObjectNode list) throws IOException {
        return exceptionsWrite("POST", "api/exception_lists", list, "creating the exception list " + list.path("list_id").asText());
    }

    /** Updates an exception list by its {@code list_id}; the list as Kibana stored it. */
    public ObjectNode updateExceptionList(ObjectNode list) throws IOException {
        return exceptionsWrite("PUT", "api/exception_lists", list, "updating the exception list " + list.path("list_id").asText());
    }

    /** Every item of the space's exception list of this list_id, all pages; empty when the list does not exist. */
    public List<ObjectNode> exceptionListItems(String listId) throws IOException {
        List<ObjectNode> items = new ArrayList<>();
        String what = "reading the items of the exception list " + listId;
        for (int page = 1; ; page++) {
            HttpReply response = send(request("api/exception_lists/items/_find?list_id=" + encode(listId)
                    + "&namespace_type=single&page=" + page + "&per_page=" + ITEMS_PER_PAGE, true).GET(), what);
            if (response.status() == 404 && !kibanaMessage(response).contains("[space/")) {
                return items;
            }
            expect(response, 200, what + " (GET /api/exception_lists/items/_find)", EXCEPTIONS_PRIVILEGE);
            JsonNode body = json(response);
            body.path("data").forEach(item -> items.add((ObjectNode) item));
            if (body.path("data").isEmpty() || items.size() >= body.path("total").asInt()) {
                return items;
            }
        }
    }

    /** Creates an exception item in its list ({@code list_id}); the item as Kibana stored it. */
    public ObjectNode createExceptionListItem(ObjectNode item) throws IOException {
        return exceptionsWrite("POST", "api/exception_lists/items", item, "creating the exception item " + item.path("item_id").asText());
    }

    /** Updates an exception item by its {@code item_id}; the item as Kibana stored it. */
    public ObjectNode updateExceptionListItem(ObjectNode item) throws IOException {
        return exceptionsWrite("PUT", "api/exception_lists/items", item, "updating the exception item " + item.path("item_id").asText());
    }

    /** Deletes an exception item by its {@code item_id}. */
    public void deleteExceptionListItem(String itemId) throws IOException {
        String what = "deleting the exception item " + itemId;
        HttpReply response = send(request("api/exception_lists/items?item_id=" + encode(itemId) + "&namespace_type=single", true)
                .DELETE(), what);
        expect(response, 200, what + " (DELETE /api/exception_lists/items)", EXCEPTIONS_PRIVILEGE);
    }

    private ObjectNode exceptionsWrite(String method, String path, ObjectNode body, String what) throws IOException {
        HttpReply response = send(request(path, true).header("Content-Type", "application/json").method(method, bytes(body)), what);
        expect(response, 200, what + " (" + method + " /" + path + ")", EXCEPTIONS_PRIVILEGE);
        return (ObjectNode) json(response);
    }

    /** Whether Fleet has this package version installed. */
    public boolean packageInstalled(String name, String version) throws IOException {
        String path = "api/fleet/epm/packages/" + encode(name) + "/" + encode(version);
        String what = "reading the Fleet package " + name + " " + version;
        HttpReply response = send(request(path, true).GET(), what);
        if (response.status() == 404 && !kibanaMessage(response).contains("[space/")) {
            return false; // Fleet's answer for a package it has not installed (and no registry knows)
        }
        expect(response, 200, what + " (GET /api/fleet/epm/packages/{name}/{version})", FLEET_PRIVILEGE);
        return json(response).path("item").path("status").asText().equals("installed");
    }

    /** Uploads and installs a package zip; the number of assets Fleet installed. */
    public int uploadPackage(byte[] zip) throws IOException {
        String what = "installing the integration package";
        HttpReply response = send(request("api/fleet/epm/packages", true).header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip)), what);
        expect(response, 200, what + " (POST /api/fleet/epm/packages)", FLEET_PRIVILEGE);
        return json(response).path("items").size();
    }

    static final String SAVED_OBJECTS_PRIVILEGE = "Analytics > Dashboard: All, Management > Data View Management: All and"
            + " Saved Objects Management: All";
    static final String RULES_PRIVILEGE = "Security > Rules (Security solution, detection rules): All";
    static final String FLEET_PRIVILEGE = "Management > Fleet: All and Integrations: All";
    static final String EXCEPTIONS_PRIVILEGE = "Security > Rules and Exceptions (Security solution, exception lists): All";
    private static final int ITEMS_PER_PAGE = 100;

    private HttpRequest.Builder request(String path, boolean inSpace) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve((inSpace ? spacePath : "") + path)).header(XSRF, "forgewatch");
        if (credentials instanceof Credentials.ApiKey key) {
            builder.header("Authorization", "ApiKey " + key.encoded().reveal());
        } else if (credentials instanceof Credentials.Basic basic) {
            String pair = basic.username() + ":" + basic.password().reveal();
            builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return builder;
    }

    private HttpReply send(HttpRequest.Builder request, String what) throws IOException {
        try {
            HttpReply reply = http.send(request.build());
            if (reply.truncated()) {
                throw new KibanaException(reply.status(), what + ": Kibana's answer is larger than " + MAX_BODY + " bytes");
            }
            return reply;
        } catch (KibanaException e) {
            throw e;
        } catch (IOException e) {
            if (TlsFailure.isHandshakeFailure(e)) {
                // a certificate that is not trusted or names another host does not get better by asking again
                throw new IOException(what + ": " + TlsFailure.describe(base.getHost(), e, "--ca-cert"), e);
            }
            throw new IOException(what + ": cannot reach Kibana at " + HttpTransport.describe(base) + ": " + e.getMessage(), e);
        }
    }

    /** Turns an unexpected status into an error that says what to do. */
    private void expect(HttpReply response, int wanted, String what, String privilege) throws KibanaException {
        int status = response.status();
        if (status == wanted) {
            return;
        }
        String message = kibanaMessage(response);
        switch (status) {
            case 401 -> throw new KibanaException(status, what + ": Kibana did not accept the credentials (401"
                    + message + "); give an API key or a user that can log in to Kibana");
            case 403 -> throw new KibanaException(status, what + ": the credentials lack the Kibana privilege it needs, "
                    + privilege + (space == null ? "" : ", in space '" + space + "'") + " (403" + message + ")");
            case 404 -> throw new KibanaException(status, what + ": Kibana answered 404" + message + (message.contains("[space/")
                    ? "; the space '" + space + "' does not exist (create it in Stack Management > Spaces, or leave --space out)"
                    : "; is " + base + " Kibana (not Elasticsearch), with this feature enabled?"));
            case 409 -> throw new KibanaException(status, what + ": Kibana reports a conflict (409" + message
                    + "); another installation may be running: run again when it is done");
            default -> throw new KibanaException(status, what + ": Kibana answered HTTP " + status + message);
        }
    }

    private static String kibanaMessage(HttpReply response) {
        try {
            String message = Json.MAPPER.readTree(response.body()).path("message").asText("");
            return message.isEmpty() ? "" : ": " + (message.length() > 300 ? message.substring(0, 300) + "..." : message);
        } catch (IOException e) {
            return "";
        }
    }

    /** Whether a 400 from the export API says the one object asked for does not exist. */
    private static boolean missingOnExport(JsonNode error, String id) {
        for (JsonNode object : error.path("attributes").path("objects")) {
            if (object.path("id").asText().equals(id) && object.path("error").path("statusCode").asInt() == 404) {
                return true;
            }
        }
        return false;
    }

    private static String describeReferences(JsonNode error) {
        List<String> references = new ArrayList<>();
        error.path("references").forEach(reference -> references.add(reference.path("type").asText() + " "
                + reference.path("id").asText()));
        return references.isEmpty() ? "" : " " + references;
    }

    private static HttpRequest.BodyPublisher bytes(JsonNode body) throws IOException {
        return HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body));
    }

    private static JsonNode json(HttpReply response) throws IOException {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new KibanaException(response.status(), "Kibana answered HTTP " + response.status()
                    + " with a body that is not JSON");
        }
    }

    private static String text(HttpReply response) {
        return response.text();
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }
}
