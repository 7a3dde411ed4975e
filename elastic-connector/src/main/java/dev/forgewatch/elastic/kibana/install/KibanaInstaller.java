package dev.forgewatch.elastic.kibana.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.detections.compile.elastic.KibanaExceptions;
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
        return install(target, kibanaVersion, savedObjects, rules, false, fleet, force);
    }

    /**
     * @param tuned whether {@code rules} was built with a tenant's tuning file ({@code --tuning}): then its
     *              exception lists and items are created or brought up to date through the exceptions API
     *              first, and every rule's ForgeWatch tuning references ({@code forgewatch-tuning-*} lists) are
     *              set to exactly what the file says; without it, what a rule references is left as it is
     */
    public InstallReport install(String target, String kibanaVersion, List<ObjectNode> savedObjects, KibanaRuleExport rules,
                                 boolean tuned, Optional<FleetPackage> fleet, boolean force) throws IOException {
        List<Item> items = new ArrayList<>();
        items.addAll(savedObjects(savedObjects, kibanaVersion, force));
        Map<String, String> listIds = new LinkedHashMap<>();
        if (tuned) {
            items.addAll(exceptions(rules, listIds, force));
        }
        Set<String> detached = new java.util.TreeSet<>();
        items.addAll(rules(rules, tuned ? listIds : null, detached, kibanaVersion, force));
        for (String listId : detached) { // a rule the file no longer tunes: its list keeps only what others added
            items.addAll(exceptionItems(listId, List.of()));
        }
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

    // ---- exception lists (tuning) --------------------------------------------------------------

    /**
     * The tuning's exception lists and items through Kibana's exceptions API, before the rules that use
     * them: a missing list or item is created, one whose fields differ from the tuning's is updated, a
     * ForgeWatch item (tagged {@value KibanaExceptions#TAG}) whose entry left the file is deleted; items
     * someone added to the list by hand are left alone. A list of the same list_id that ForgeWatch did not
     * create (no tag) is kept, with its items, unless {@code force}. Fills {@code listIds} (list_id to
     * Kibana's id) for the rules' references.
     */
    private List<Item> exceptions(KibanaRuleExport export, Map<String, String> listIds, boolean force) throws IOException {
        List<Item> items = new ArrayList<>();
        for (ObjectNode list : export.exceptionLists()) {
            String listId = list.path("list_id").asText();
            String asset = "exception list " + listId;
            Optional<ObjectNode> existing = api.exceptionList(listId);
            if (existing.isEmpty()) {
                listIds.put(listId, api.createExceptionList(list).path("id").asText());
                items.add(new Item(asset, Outcome.CREATED));
            } else {
                ObjectNode current = existing.get();
                boolean ours = current.path("tags").toString().contains("\"" + KibanaExceptions.TAG + "\"");
                if (!ours && !force) {
                    listIds.put(listId, FOREIGN);
                    items.add(new Item(asset, Outcome.KEPT_FOREIGN, "not tagged " + KibanaExceptions.TAG
                            + "; its items and the rule's references to it were left as they are"));
                    continue;
                }
                listIds.put(listId, current.path("id").asText());
                if (sameFields(list, current, LIST_FIELDS)) {
                    items.add(new Item(asset, Outcome.UNCHANGED));
                } else {
                    api.updateExceptionList(list);
                    items.add(new Item(asset, ours ? Outcome.UPDATED : Outcome.OVERWRITTEN));
                }
            }
            items.addAll(exceptionItems(listId, export.exceptionItems().stream()
                    .filter(item -> item.path("list_id").asText().equals(listId)).toList()));
        }
        return items;
    }

    private List<Item> exceptionItems(String listId, List<ObjectNode> wanted) throws IOException {
        Map<String, ObjectNode> current = new LinkedHashMap<>();
        for (ObjectNode item : api.exceptionListItems(listId)) {
            current.put(item.path("item_id").asText(), item);
        }
        List<Item> items = new ArrayList<>();
        Set<String> wantedIds = new java.util.HashSet<>();
        for (ObjectNode item : wanted) {
            String itemId = item.path("item_id").asText();
            wantedIds.add(itemId);
            String asset = "exception item " + listId + ": " + item.path("name").asText();
            ObjectNode existing = current.get(itemId);
            if (existing == null) {
                api.createExceptionListItem(item);
                items.add(new Item(asset, Outcome.CREATED));
            } else if (sameFields(item, existing, ITEM_FIELDS)) {
                items.add(new Item(asset, Outcome.UNCHANGED));
            } else {
                api.updateExceptionListItem(item);
                items.add(new Item(asset, Outcome.UPDATED));
            }
        }
        for (ObjectNode existing : current.values()) {
            String itemId = existing.path("item_id").asText();
            if (!wantedIds.contains(itemId) && existing.path("tags").toString().contains("\"" + KibanaExceptions.TAG + "\"")) {
                api.deleteExceptionListItem(itemId);
                items.add(new Item("exception item " + listId + ": " + existing.path("name").asText(), Outcome.REMOVED));
            }
        }
        return items;
    }

    /** In the list_id to id map: a list of that list_id exists that ForgeWatch did not create. */
    private static final String FOREIGN = "";

    /** The list and item fields ForgeWatch sets (server fields, comments and versions are Kibana's). */
    private static final List<String> LIST_FIELDS = List.of("name", "description", "type", "namespace_type", "tags");
    private static final List<String> ITEM_FIELDS = List.of("name", "description", "type", "namespace_type", "tags", "entries");

    private static boolean sameFields(ObjectNode ours, JsonNode theirs, List<String> fields) {
        return fields.stream().allMatch(field -> ours.path(field).equals(theirs.path(field)));
    }

    // ---- rules ---------------------------------------------------------------------------------

    /**
     * @param listIds with a tuning file, list_id to Kibana's id of each tuning list installed; null without one
     */
    private List<Item> rules(KibanaRuleExport export, Map<String, String> listIds, Set<String> detached, String kibanaVersion,
                             boolean force) throws IOException {
        List<String> ids = export.rules().stream().map(rule -> rule.path("rule_id").asText()).toList();
        Map<String, ObjectNode> current = api.rules(ids);
        Map<String, Item> items = new LinkedHashMap<>();
        List<ObjectNode> create = new ArrayList<>();
        List<ObjectNode> overwrite = new ArrayList<>();
        for (ObjectNode exported : export.rules()) {
            String id = exported.path("rule_id").asText();
            ObjectNode rule = untuned(exported);
            ObjectNode existing = current.get(id);
            ArrayNode wanted = references(exported, existing, listIds);
            if (wanted != null && existing != null) {
                for (JsonNode reference : existing.path("exceptions_list")) {
                    String listId = reference.path("list_id").asText();
                    if (listId.startsWith(KibanaExceptions.TAG + "-") && !listIds.containsKey(listId)) { // no longer tuned
                        detached.add(listId);
                    }
                }
            }
            Outcome outcome = existing == null ? Outcome.CREATED : judgeRule(rule, existing, kibanaVersion);
            if (outcome.refused() && force) {
                outcome = Outcome.OVERWRITTEN;
            }
            String detail = outcome == Outcome.KEPT_FOREIGN
                    ? "it has no ForgeWatch install marker (imported by hand, or saved in the Kibana UI, which replaces meta)" : "";
            if (outcome == Outcome.UNCHANGED && wanted != null && !sameReferences(wanted, existing.path("exceptions_list"))) {
                outcome = Outcome.UPDATED;
                detail = "its exception lists from the tuning file changed";
            }
            items.put(id, new Item("rule " + rule.path("name").asText(), outcome, detail));
            if (outcome == Outcome.CREATED) {
                create.add(markedRule(rule, "", kibanaVersion, null, wanted));
            } else if (outcome == Outcome.UPDATED || outcome == Outcome.OVERWRITTEN) {
                overwrite.add(markedRule(rule, "", kibanaVersion, existing, wanted));
            }
        }
        List<String> written = new ArrayList<>();
        importRules(create, false, items, written);
        importRules(overwrite, true, items, written);
        if (!written.isEmpty()) {
            Map<String, ObjectNode> renditions = api.rules(written);
            List<ObjectNode> remarked = new ArrayList<>();
            for (ObjectNode exported : export.rules()) {
                ObjectNode rule = untuned(exported);
                ObjectNode rendition = renditions.get(rule.path("rule_id").asText());
                if (rendition != null) {
                    remarked.add(markedRule(rule, ruleRenditionHash(rule, rendition), kibanaVersion, rendition, null));
                }
            }
            importRules(remarked, true, items, new ArrayList<>());
        }
        return new ArrayList<>(items.values());
    }

    /** The rule as ForgeWatch generates it, without the tuning references (tuning is not part of what is compared). */
    private static ObjectNode untuned(ObjectNode exported) {
        ObjectNode rule = exported.deepCopy();
        rule.remove("exceptions_list");
        return rule;
    }

    /**
     * What the rule's {@code exceptions_list} should be with a tuning file: the lists others attached (kept),
     * then the rule's tuning list with Kibana's id; null without a tuning file (the rule keeps what it has).
     */
    private static ArrayNode references(ObjectNode exported, ObjectNode existing, Map<String, String> listIds) {
        if (listIds == null) {
            return null;
        }
        ArrayNode wanted = Json.MAPPER.createArrayNode();
        if (existing != null) {
            for (JsonNode reference : existing.path("exceptions_list")) {
                String listId = reference.path("list_id").asText();
                if (!listId.startsWith(KibanaExceptions.TAG + "-") || FOREIGN.equals(listIds.get(listId))) {
                    wanted.add(reference.deepCopy());
                }
            }
        }
        for (JsonNode reference : exported.path("exceptions_list")) {
            String kibanaId = listIds.get(reference.path("list_id").asText());
            if (kibanaId != null && !kibanaId.equals(FOREIGN)) {
                ObjectNode resolved = reference.deepCopy();
                resolved.put("id", kibanaId);
                wanted.add(resolved);
            }
        }
        return wanted;
    }

    private static boolean sameReferences(ArrayNode wanted, JsonNode current) {
        Set<String> a = new java.util.HashSet<>();
        Set<String> b = new java.util.HashSet<>();
        wanted.forEach(reference -> a.add(Hashes.canonical(reference)));
        current.forEach(reference -> b.add(Hashes.canonical(reference)));
        return a.equals(b) && wanted.size() == current.size();
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

    /**
     * The rule with its marker; an update carries over the SOC's tuning from the rule in Kibana, except
     * that {@code exceptions} (with a tuning file) is the rule's exception lists.
     */
    private static ObjectNode markedRule(ObjectNode generated, String installed, String kibana, ObjectNode existing,
                                         ArrayNode exceptions) {
        ObjectNode rule = generated.deepCopy();
        if (existing != null) {
            for (String field : TUNING) {
                if (existing.has(field)) {
                    rule.set(field, existing.get(field));
                }
            }
        }
        if (exceptions != null && (!exceptions.isEmpty() || rule.has("exceptions_list"))) {
            rule.set("exceptions_list", exceptions);
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
