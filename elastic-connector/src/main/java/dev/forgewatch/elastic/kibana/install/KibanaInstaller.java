package dev.forgewatch.elastic.kibana.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.detections.compile.elastic.KibanaRuleExport;
import dev.forgewatch.elastic.assets.Hashes;
import dev.forgewatch.elastic.install.InstallReport;
import dev.forgewatch.elastic.install.InstallReport.Item;
import dev.forgewatch.elastic.install.InstallReport.Outcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Installs ForgeWatch's Kibana assets (its data view and dashboards, the detection rules built for
 * the Kibana's stack line, and optionally the Fleet integration package) the way the Elasticsearch
 * installer does: idempotently, creating what is missing, updating what ForgeWatch installed and has
 * since changed, and keeping (unless forced) what someone changed in Kibana or what ForgeWatch did not
 * install. New objects are imported with {@code overwrite=false}, so one created meanwhile is reported,
 * never replaced; only objects ForgeWatch owns (or {@code --force}) are imported with {@code overwrite=true}.
 *
 * <p>Ownership markers, written after Kibana has stored (and migrated) an object, so that its rendition
 * can be hashed: rules carry {@code meta.forgewatch_install} ({@code meta} is the rule field Kibana
 * keeps for clients, and replaces when a user saves the rule in the UI); dashboards a suffix of their
 * description. {@code source} is the hash of what ForgeWatch generated, {@code installed} the hash of
 * Kibana's rendition right after installing, {@code kibana} the Kibana version then (an upgrade of
 * Kibana migrates objects; their new rendition is not a user's change). The data view is ForgeWatch's
 * when its pattern, time field and name are ForgeWatch's. A SOC's tuning survives updates: a rule's
 * {@code enabled} state, exception lists and actions are carried over.
 */
public final class KibanaInstaller {
    private static final String RULE_MARKER = "forgewatch_install";
    /** A rule's fields the SOC sets and ForgeWatch carries over; not part of what ForgeWatch compares. */
    private static final Set<String> TUNING = Set.of("enabled", "exceptions_list", "actions", "throttle");
    private static final Set<String> NOT_COMPARED = Set.of("enabled", "exceptions_list", "actions", "throttle", "meta");
    private static final String DATA_VIEW = "index-pattern";

    private final KibanaApi api;

    public KibanaInstaller(KibanaApi api) {
        this.api = api;
    }

    /** The Fleet package to install, as {@code forgewatch elastic install --fleet} builds it. */
    public record FleetPackage(String name, String version, byte[] zip) {
    }

    /**
     * @param savedObjects the data view and dashboards ({@code Dashboards.savedObjects()})
     * @param kibanaVersion the version {@code GET /api/status} reported, as recorded in the markers
     */
    public InstallReport install(String target, String kibanaVersion, List<ObjectNode> savedObjects, KibanaRuleExport rules,
                                 Optional<FleetPackage> fleet, boolean force) throws IOException {
        List<Item> items = new ArrayList<>();
        items.addAll(savedObjects(savedObjects, kibanaVersion, force));
        items.addAll(rules(rules, kibanaVersion, force));
        if (fleet.isPresent()) {
            items.add(fleetPackage(fleet.get()));
        }
        return new InstallReport(target, items, rules.notes());
    }

    // ---- saved objects -------------------------------------------------------------------------

    private List<Item> savedObjects(List<ObjectNode> objects, String kibanaVersion, boolean force) throws IOException {
        Map<String, Item> items = new LinkedHashMap<>();
        List<ObjectNode> create = new ArrayList<>();
        List<ObjectNode> overwrite = new ArrayList<>();
        for (ObjectNode object : objects) {
            String key = key(object);
            Optional<ObjectNode> current = api.savedObject(object.path("type").asText(), object.path("id").asText());
            Outcome outcome = current.isEmpty() ? Outcome.CREATED : judgeSavedObject(object, current.get(), kibanaVersion);
            if (outcome.refused() && force) {
                outcome = Outcome.OVERWRITTEN;
            }
            items.put(key, new Item(describe(object), outcome));
            if (outcome == Outcome.CREATED) {
                create.add(marked(object, source(object), "", kibanaVersion));
            } else if (outcome == Outcome.UPDATED || outcome == Outcome.OVERWRITTEN) {
                overwrite.add(marked(object, source(object), "", kibanaVersion));
            }
        }
        List<String> written = new ArrayList<>();
        importSavedObjects(create, false, items, written);
        importSavedObjects(overwrite, true, items, written);
        // second write: record the hash of Kibana's rendition in each dashboard's marker
        List<ObjectNode> remarked = new ArrayList<>();
        for (ObjectNode object : objects) {
            if (written.contains(key(object)) && hasMarker(object)) {
                ObjectNode rendition = api.savedObject(object.path("type").asText(), object.path("id").asText())
                        .orElseThrow(() -> new IOException(describe(object) + " vanished right after it was imported"));
                remarked.add(marked(object, source(object), renditionHash(rendition), kibanaVersion));
            }
        }
        importSavedObjects(remarked, true, items, new ArrayList<>());
        return new ArrayList<>(items.values());
    }

    private Outcome judgeSavedObject(ObjectNode generated, ObjectNode current, String kibanaVersion) {
        if (!hasMarker(generated)) {
            JsonNode ours = generated.path("attributes");
            JsonNode theirs = current.path("attributes");
            boolean same = ours.path("title").equals(theirs.path("title")) && ours.path("timeFieldName").equals(theirs.path("timeFieldName"))
                    && ours.path("name").equals(theirs.path("name"));
            return same ? Outcome.UNCHANGED : Outcome.KEPT_MODIFIED;
        }
        Marker marker = Marker.inDescription(current.path("attributes").path("description").asText(""));
        if (marker == null) {
            return Outcome.KEPT_FOREIGN;
        }
        if (!marker.installed().equals(renditionHash(current)) && marker.kibana().equals(kibanaVersion)) {
            return Outcome.KEPT_MODIFIED;
        }
        return marker.source().equals(source(generated)) && marker.installed().equals(renditionHash(current))
                ? Outcome.UNCHANGED : Outcome.UPDATED;
    }

    private void importSavedObjects(List<ObjectNode> objects, boolean overwrite, Map<String, Item> items, List<String> written)
            throws IOException {
        importAll(objects, (ndjson) -> api.importSavedObjects(ndjson, overwrite), reason -> reason.startsWith("conflict"), items,
                written);
    }

    /** An import call of the API, for one NDJSON file. */
    private interface Import {
        KibanaApi.ImportResult run(String ndjson) throws IOException;
    }

    /**
     * Imports the objects in one request; an object Kibana refused becomes kept (a conflict: someone
     * created it meanwhile) or failed (any other reason Kibana gave).
     */
    private static void importAll(List<ObjectNode> objects, Import call, java.util.function.Predicate<String> conflict,
                                  Map<String, Item> items, List<String> written) throws IOException {
        if (objects.isEmpty()) {
            return;
        }
        StringBuilder ndjson = new StringBuilder();
        for (ObjectNode object : objects) {
            ndjson.append(Json.MAPPER.writeValueAsString(object)).append('\n');
        }
        KibanaApi.ImportResult result = call.run(ndjson.toString());
        written.addAll(result.written());
        result.errors().forEach((key, reason) -> {
            Item item = items.get(key);
            if (item != null) {
                items.put(key, conflict.test(reason)
                        ? new Item(item.asset(), Outcome.KEPT_FOREIGN, "created in Kibana while installing")
                        : new Item(item.asset(), Outcome.FAILED, reason));
            }
        });
    }

    private static boolean hasMarker(ObjectNode object) {
        return !object.path("type").asText().equals(DATA_VIEW);
    }

    private static ObjectNode marked(ObjectNode object, String source, String installed, String kibana) {
        ObjectNode copy = object.deepCopy();
        if (hasMarker(object)) {
            ObjectNode attributes = (ObjectNode) copy.path("attributes");
            attributes.put("description", attributes.path("description").asText("")
                    + new Marker(source, installed, kibana).suffix());
        }
        return copy;
    }

    /** Hash of what Kibana stores for an object, without the marker and without Kibana's own bookkeeping. */
    static String renditionHash(JsonNode rendition) {
        ObjectNode attributes = rendition.path("attributes").deepCopy();
        attributes.put("description", Marker.strip(attributes.path("description").asText("")));
        ObjectNode hashed = Json.MAPPER.createObjectNode();
        hashed.set("attributes", attributes);
        hashed.set("references", rendition.path("references"));
        return Hashes.canonical(hashed);
    }

    private static String source(ObjectNode generated) {
        return Hashes.canonical(generated);
    }

    private static String key(JsonNode object) {
        return object.path("type").asText() + ":" + object.path("id").asText();
    }

    private static String describe(JsonNode object) {
        String type = object.path("type").asText();
        return (type.equals(DATA_VIEW) ? "data view " : type + " ") + object.path("id").asText();
    }

    // ---- rules ---------------------------------------------------------------------------------

    private List<Item> rules(KibanaRuleExport export, String kibanaVersion, boolean force) throws IOException {
        List<String> ids = export.rules().stream().map(rule -> rule.path("rule_id").asText()).toList();
        Map<String, ObjectNode> current = api.rules(ids);
        Map<String, Item> items = new LinkedHashMap<>();
        List<ObjectNode> create = new ArrayList<>();
        List<ObjectNode> overwrite = new ArrayList<>();
        for (ObjectNode rule : export.rules()) {
            String id = rule.path("rule_id").asText();
            ObjectNode existing = current.get(id);
            Outcome outcome = existing == null ? Outcome.CREATED : judgeRule(rule, existing, kibanaVersion);
            if (outcome.refused() && force) {
                outcome = Outcome.OVERWRITTEN;
            }
            items.put(id, new Item("rule " + rule.path("name").asText(), outcome, outcome == Outcome.KEPT_FOREIGN
                    ? "it has no ForgeWatch install marker (imported by hand, or saved in the Kibana UI, which replaces meta)" : ""));
            if (outcome == Outcome.CREATED) {
                create.add(markedRule(rule, "", kibanaVersion, null));
            } else if (outcome == Outcome.UPDATED || outcome == Outcome.OVERWRITTEN) {
                overwrite.add(markedRule(rule, "", kibanaVersion, existing));
            }
        }
        List<String> written = new ArrayList<>();
        importRules(create, false, items, written);
        importRules(overwrite, true, items, written);
        if (!written.isEmpty()) {
            Map<String, ObjectNode> renditions = api.rules(written);
            List<ObjectNode> remarked = new ArrayList<>();
            for (ObjectNode rule : export.rules()) {
                ObjectNode rendition = renditions.get(rule.path("rule_id").asText());
                if (rendition != null) {
                    remarked.add(markedRule(rule, ruleRenditionHash(rule, rendition), kibanaVersion, rendition));
                }
            }
            importRules(remarked, true, items, new ArrayList<>());
        }
        return new ArrayList<>(items.values());
    }

    private Outcome judgeRule(ObjectNode generated, ObjectNode current, String kibanaVersion) {
        JsonNode marker = current.path("meta").path(RULE_MARKER);
        if (!marker.isObject()) {
            return Outcome.KEPT_FOREIGN; // imported by hand, or saved in the UI, which replaces meta
        }
        String installed = marker.path("installed").asText();
        boolean untouched = installed.equals(ruleRenditionHash(generated, current));
        if (!untouched && marker.path("kibana").asText().equals(kibanaVersion)) {
            return Outcome.KEPT_MODIFIED;
        }
        return untouched && marker.path("source").asText().equals(Hashes.canonical(generated)) ? Outcome.UNCHANGED : Outcome.UPDATED;
    }

    /** The rule with its marker; an update carries over the SOC's tuning from the rule in Kibana. */
    private static ObjectNode markedRule(ObjectNode generated, String installed, String kibana, ObjectNode existing) {
        ObjectNode rule = generated.deepCopy();
        if (existing != null) {
            for (String field : TUNING) {
                if (existing.has(field)) {
                    rule.set(field, existing.get(field));
                }
            }
        }
        ObjectNode meta = rule.has("meta") ? (ObjectNode) rule.get("meta") : rule.putObject("meta");
        meta.putObject(RULE_MARKER).put("source", Hashes.canonical(generated)).put("installed", installed).put("kibana", kibana);
        return rule;
    }

    /** Hash of the rule as Kibana holds it, over the fields ForgeWatch sets except the SOC's tuning and meta. */
    static String ruleRenditionHash(ObjectNode generated, JsonNode rendition) {
        ObjectNode projected = Json.MAPPER.createObjectNode();
        generated.fieldNames().forEachRemaining(field -> {
            if (!NOT_COMPARED.contains(field) && rendition.has(field)) {
                projected.set(field, rendition.get(field));
            }
        });
        return Hashes.canonical(projected);
    }

    private void importRules(List<ObjectNode> rules, boolean overwrite, Map<String, Item> items, List<String> written)
            throws IOException {
        importAll(rules, (ndjson) -> api.importRules(ndjson, overwrite), reason -> reason.startsWith("409"), items, written);
    }

    // ---- Fleet ---------------------------------------------------------------------------------

    private Item fleetPackage(FleetPackage pkg) throws IOException {
        String asset = "Fleet package " + pkg.name() + " " + pkg.version();
        if (api.packageInstalled(pkg.name(), pkg.version())) {
            return new Item(asset, Outcome.UNCHANGED);
        }
        api.uploadPackage(pkg.zip());
        return new Item(asset, Outcome.CREATED);
    }

    /** The dashboard marker: a suffix of the description, {@code [forgewatch source=… installed=… kibana=…]}. */
    record Marker(String source, String installed, String kibana) {
        private static final java.util.regex.Pattern SUFFIX =
                java.util.regex.Pattern.compile(" \\[forgewatch source=([0-9a-f]+) installed=([0-9a-f]*) kibana=([^\\]]*)\\]$");

        String suffix() {
            return " [forgewatch source=" + source + " installed=" + installed + " kibana=" + kibana + "]";
        }

        static Marker inDescription(String description) {
            java.util.regex.Matcher matcher = SUFFIX.matcher(description);
            return matcher.find() ? new Marker(matcher.group(1), matcher.group(2), matcher.group(3)) : null;
        }

        static String strip(String description) {
            return SUFFIX.matcher(description).replaceFirst("");
        }
    }
}
