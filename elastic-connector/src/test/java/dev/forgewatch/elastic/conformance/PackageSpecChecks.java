package dev.forgewatch.elastic.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.elastic.pkg.EcsReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks a built integration package (path to file text, paths relative to the package root) against
 * the package-spec facts in {@code spec/package-spec-3.0.4.yaml} and the pinned ECS field list. Each
 * problem starts with the rule it breaks, {@code [manifest.keys] ...}.
 */
public final class PackageSpecChecks {
    private final JsonNode spec;
    private final EcsReference ecs;

    public PackageSpecChecks(JsonNode spec, EcsReference ecs) {
        this.spec = spec;
        this.ecs = ecs;
    }

    public static PackageSpecChecks standard() {
        try (InputStream in = PackageSpecChecks.class.getResourceAsStream("/spec/package-spec-3.0.4.yaml")) {
            return new PackageSpecChecks(Json.YAML.readTree(in), EcsReference.pinned());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> check(Map<String, String> files) {
        List<String> problems = new ArrayList<>();
        JsonNode manifest = yaml(files, "manifest.yml", problems);
        if (manifest == null) {
            return problems;
        }
        manifest(manifest, problems);
        Set<String> inputTypes = new HashSet<>();
        manifest.path("policy_templates").forEach(template -> template.path("inputs")
                .forEach(input -> inputTypes.add(input.path("type").asText())));
        Set<String> dataStreams = new java.util.TreeSet<>();
        files.keySet().stream().filter(path -> path.matches("data_stream/[^/]+/manifest\\.yml"))
                .forEach(path -> dataStreams.add(path.split("/")[1]));
        for (String dataStream : dataStreams) {
            dataStream(files, dataStream, inputTypes, problems);
        }
        changelog(files, manifest.path("version").asText(), problems);
        kibana(files, manifest.path("name").asText(), problems);
        for (String required : strings(spec.path("docs").path("required"))) {
            if (!files.containsKey("docs/" + required)) {
                problems.add("[docs.required] docs/" + required + " is missing");
            }
        }
        return problems;
    }

    private void manifest(JsonNode manifest, List<String> problems) {
        JsonNode facts = spec.path("manifest");
        required(manifest, facts.path("required"), "manifest.required", "manifest.yml", problems);
        allowed(manifest, facts.path("keys"), "manifest.keys", "manifest.yml", problems);
        if (!manifest.path("format_version").asText().equals(spec.path("format_version").asText())) {
            problems.add("[manifest.format_version] manifest.yml says " + manifest.path("format_version") + ", checked against "
                    + spec.path("format_version"));
        }
        matches(manifest.path("name"), facts.path("name_pattern"), "manifest.name", problems);
        matches(manifest.path("version"), facts.path("version_pattern"), "manifest.version", problems);
        oneOf(manifest.path("type"), facts.path("types"), "manifest.type", problems);
        manifest.path("categories").forEach(category -> oneOf(category, facts.path("categories"), "manifest.categories", problems));
        JsonNode conditions = manifest.path("conditions");
        conditions.fields().forEachRemaining(condition -> {
            JsonNode keys = facts.path("condition_keys").path(condition.getKey());
            if (keys.isMissingNode()) {
                problems.add("[manifest.conditions] unknown condition " + condition.getKey());
            } else {
                allowed(condition.getValue(), keys, "manifest.conditions", "conditions." + condition.getKey(), problems);
            }
        });
        JsonNode subscription = conditions.path("elastic").path("subscription");
        if (!subscription.isMissingNode()) {
            if (!subscription.isTextual()) {
                problems.add("[manifest.conditions.subscription] must be a string, is " + subscription.getNodeType());
            } else {
                oneOf(subscription, facts.path("subscriptions"), "manifest.conditions.subscription", problems);
            }
        }
        JsonNode kibana = conditions.path("kibana").path("version");
        if (!kibana.isMissingNode() && !kibana.isTextual()) {
            problems.add("[manifest.conditions.kibana] version must be a string");
        }
        JsonNode owner = manifest.path("owner");
        required(owner, facts.path("owner_required"), "manifest.owner", "owner", problems);
        oneOf(owner.path("type"), facts.path("owner_types"), "manifest.owner", problems);
        matches(owner.path("github"), facts.path("owner_github_pattern"), "manifest.owner", problems);
        for (JsonNode template : manifest.path("policy_templates")) {
            required(template, facts.path("policy_template_required"), "manifest.policy_templates", "a policy template", problems);
            allowed(template, facts.path("policy_template_keys"), "manifest.policy_templates", "a policy template", problems);
            for (JsonNode input : template.path("inputs")) {
                required(input, facts.path("input_required"), "manifest.inputs", "an input", problems);
                allowed(input, facts.path("input_keys"), "manifest.inputs", "an input", problems);
            }
        }
    }

    private void dataStream(Map<String, String> files, String name, Set<String> inputTypes, List<String> problems) {
        String root = "data_stream/" + name + "/";
        JsonNode facts = spec.path("data_stream");
        JsonNode manifest = yaml(files, root + "manifest.yml", problems);
        if (manifest == null) {
            return;
        }
        required(manifest, facts.path("required"), "data_stream.required", root + "manifest.yml", problems);
        allowed(manifest, facts.path("keys"), "data_stream.keys", root + "manifest.yml", problems);
        oneOf(manifest.path("type"), facts.path("types"), "data_stream.type", problems);
        Pattern template = Pattern.compile(facts.path("stream_template_pattern").asText());
        files.keySet().stream().filter(path -> path.startsWith(root + "agent/")).forEach(path -> {
            String file = path.substring((root + "agent/").length());
            if (!file.startsWith("stream/") || !template.matcher(file.substring("stream/".length())).matches()) {
                problems.add("[data_stream.agent] " + path + " is not an agent stream template (agent/stream/*.yml.hbs)");
            }
        });
        for (JsonNode stream : manifest.path("streams")) {
            required(stream, facts.path("stream_required"), "data_stream.streams", root + "manifest.yml stream", problems);
            allowed(stream, facts.path("stream_keys"), "data_stream.streams", root + "manifest.yml stream", problems);
            String templatePath = stream.path("template_path").asText(facts.path("default_stream_template").asText());
            if (!files.containsKey(root + "agent/stream/" + templatePath)) {
                problems.add("[data_stream.template] stream '" + stream.path("input").asText() + "' renders " + root
                        + "agent/stream/" + templatePath + ", which the package does not have");
            }
            if (!inputTypes.contains(stream.path("input").asText())) {
                problems.add("[data_stream.input] stream input '" + stream.path("input").asText()
                        + "' is offered by no policy template input");
            }
            for (JsonNode variable : stream.path("vars")) {
                allowed(variable, facts.path("var_keys"), "data_stream.vars", "variable " + variable.path("name").asText(), problems);
                oneOf(variable.path("type"), facts.path("var_types"), "data_stream.vars", problems);
            }
        }
        Map<String, String> types = new HashMap<>();
        files.keySet().stream().filter(path -> path.startsWith(root + "fields/") && path.endsWith(".yml")).sorted()
                .forEach(path -> fields(yaml(files, path, problems), path, "", types, problems));
        spec.path("fields").path("required_per_data_stream").fields().forEachRemaining(required -> {
            String type = types.get(required.getKey());
            if (!required.getValue().asText().equals(type)) {
                problems.add("[fields.required] data stream " + name + " needs " + required.getKey() + " of type "
                        + required.getValue().asText() + ", has " + type);
            }
        });
    }

    private void fields(JsonNode list, String file, String prefix, Map<String, String> types, List<String> problems) {
        if (list == null) {
            return;
        }
        JsonNode facts = spec.path("fields");
        List<Pattern> keyPatterns = new ArrayList<>();
        facts.path("key_patterns").forEach(pattern -> keyPatterns.add(Pattern.compile(pattern.asText())));
        Set<String> keys = new HashSet<>(strings(facts.path("keys")));
        for (JsonNode field : list) {
            String name = prefix + field.path("name").asText();
            field.fieldNames().forEachRemaining(key -> {
                if (!keys.contains(key) && keyPatterns.stream().noneMatch(pattern -> pattern.matcher(key).matches())) {
                    problems.add("[fields.keys] " + file + ": field " + name + " has unknown key " + key);
                }
            });
            matches(field.path("name"), facts.path("name_pattern"), "fields.name", problems);
            String type = field.path("type").asText("");
            if (field.has("external") && !facts.path("external_allowed_in_built_package").asBoolean()) {
                problems.add("[fields.external] " + file + ": " + name + " is external: " + field.path("external").asText()
                        + "; a built package carries the definition itself (Fleet maps a field without a type as keyword)");
            }
            if (type.isEmpty()) {
                problems.add("[fields.type] " + file + ": " + name + " has no type");
            } else {
                oneOf(field.path("type"), facts.path("types"), "fields.type", problems);
            }
            boolean disabled = field.has("enabled") && !field.path("enabled").asBoolean(true);
            if (type.equals("object") && facts.path("object_needs_object_type").asBoolean() && !field.has("object_type")
                    && !(disabled && facts.path("object_type_exempt_when_disabled").asBoolean())) {
                problems.add("[fields.object_type] " + file + ": object field " + name + " needs object_type");
            }
            if (field.has("object_type")) {
                oneOf(field.path("object_type"), facts.path("object_types"), "fields.object_type", problems);
            }
            if (type.equals("group")) {
                fields(field.path("fields"), file, name + ".", types, problems);
                continue;
            }
            if (types.put(name, type) != null) {
                problems.add("[fields.unique] " + file + ": " + name + " is defined twice in its data stream");
            }
            ecs.field(name).ifPresent(definition -> {
                if (!definition.type().equals(type)) {
                    problems.add("[fields.ecs] " + file + ": " + name + " is " + type + ", ECS " + ecs.version() + " says "
                            + definition.type());
                }
                Map<String, String> multi = new TreeMap<>();
                field.path("multi_fields").forEach(sub -> multi.put(sub.path("name").asText(), sub.path("type").asText()));
                if (!multi.equals(new TreeMap<>(definition.multiFields()))) {
                    problems.add("[fields.ecs] " + file + ": " + name + " has multi-fields " + multi + ", ECS " + ecs.version()
                            + " has " + definition.multiFields());
                }
            });
        }
    }

    private void changelog(Map<String, String> files, String manifestVersion, List<String> problems) {
        JsonNode changelog = yaml(files, "changelog.yml", problems);
        if (changelog == null) {
            return;
        }
        JsonNode facts = spec.path("changelog");
        List<String> versions = new ArrayList<>();
        for (JsonNode entry : changelog) {
            allowed(entry, facts.path("entry_keys"), "changelog.keys", "changelog entry", problems);
            versions.add(entry.path("version").asText());
            for (JsonNode change : entry.path("changes")) {
                required(change, facts.path("change_required"), "changelog.change", "changelog change", problems);
                oneOf(change.path("type"), facts.path("change_types"), "changelog.change", problems);
                URI link = URI.create(change.path("link").asText(""));
                if (link.getHost() != null && link.getHost().contains("github.com")) {
                    String last = link.getPath().substring(link.getPath().lastIndexOf('/') + 1);
                    if (!last.matches("[1-9]\\d*")) {
                        problems.add("[changelog.link] " + link + " should end in an issue or pull request number");
                    }
                }
            }
        }
        if (versions.isEmpty() || !versions.get(0).equals(manifestVersion)) {
            problems.add("[changelog.version] the first changelog entry must be the manifest version " + manifestVersion
                    + ", entries: " + versions);
        }
        if (new HashSet<>(versions).size() != versions.size()) {
            problems.add("[changelog.version] versions are not unique: " + versions);
        }
        for (String version : versions.subList(Math.min(1, versions.size()), versions.size())) {
            if (compareVersions(version, versions.get(0)) >= 0) {
                problems.add("[changelog.version] " + version + " is not older than the first entry " + versions.get(0));
            }
        }
    }

    private void kibana(Map<String, String> files, String packageName, List<String> problems) {
        JsonNode folders = spec.path("kibana").path("folders");
        Map<String, String> objects = new HashMap<>();
        List<JsonNode> parsed = new ArrayList<>();
        for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
            String[] parts = file.getKey().split("/");
            if (!parts[0].equals("kibana")) {
                continue;
            }
            if (parts.length != 3 || !folders.has(parts[1])) {
                problems.add("[kibana.folders] " + file.getKey() + " is not in a Kibana asset folder of the spec");
                continue;
            }
            String pattern = folders.path(parts[1]).asText().replace("{PACKAGE_NAME}", packageName);
            if (!parts[2].matches(pattern)) {
                problems.add("[kibana.file_name] " + file.getKey() + " does not match " + pattern);
            }
            JsonNode object = json(file.getValue(), file.getKey(), problems);
            if (object == null) {
                continue;
            }
            String id = object.path("id").asText();
            if (!parts[2].equals(id + ".json")) {
                problems.add("[kibana.object_id] " + file.getKey() + " holds object id " + id);
            }
            if (parts[1].equals("security_rule") && !id.startsWith(object.path("attributes").path("rule_id").asText("\u0000"))) {
                problems.add("[kibana.object_id] security rule " + id + " does not start with its rule_id");
            }
            objects.put(object.path("type").asText() + ":" + id, file.getKey());
            parsed.add(object);
            if (parts[1].equals("dashboard")) {
                dashboard(object, file.getKey(), problems);
            }
        }
        Set<String> exceptions = new HashSet<>(strings(spec.path("kibana").path("dangling_exceptions")));
        for (JsonNode object : parsed) {
            for (JsonNode reference : object.path("references")) {
                String type = reference.path("type").asText();
                if (!exceptions.contains(type) && !objects.containsKey(type + ":" + reference.path("id").asText())) {
                    problems.add("[kibana.dangling] " + object.path("id").asText() + " references " + type + " "
                            + reference.path("id").asText() + ", which the package does not have");
                }
            }
        }
    }

    private void dashboard(JsonNode dashboard, String file, List<String> problems) {
        Set<String> byReference = new HashSet<>(strings(spec.path("kibana").path("by_reference_types")));
        for (JsonNode reference : dashboard.path("references")) {
            if (byReference.contains(reference.path("type").asText())) {
                problems.add("[kibana.by_value] " + file + " references " + reference.path("type").asText() + " "
                        + reference.path("id").asText() + " by reference");
            }
        }
        JsonNode search = json(dashboard.path("attributes").path("kibanaSavedObjectMeta").path("searchSourceJSON").asText("{}"),
                file, problems);
        boolean dashboardFilter = search != null && search.path("filter").size() > 0;
        boolean everyPanelFiltered = true;
        JsonNode panels = json(dashboard.path("attributes").path("panelsJSON").asText("[]"), file, problems);
        if (panels != null) {
            for (JsonNode panel : panels) {
                JsonNode state = panel.path("embeddableConfig").path("attributes").path("state");
                everyPanelFiltered &= state.path("filters").size() > 0 || !state.path("query").path("query").asText("").isEmpty();
            }
        }
        if (!dashboardFilter && !(panels != null && panels.size() > 0 && everyPanelFiltered)) {
            problems.add("[kibana.filter] " + file + " has no filter, on the dashboard or on every panel");
        }
    }

    private static int compareVersions(String a, String b) {
        String[] left = a.split("[.-]");
        String[] right = b.split("[.-]");
        for (int i = 0; i < 3; i++) {
            int compare = Integer.compare(Integer.parseInt(left[i]), Integer.parseInt(right[i]));
            if (compare != 0) {
                return compare;
            }
        }
        return 0;
    }

    private static void required(JsonNode node, JsonNode keys, String rule, String where, List<String> problems) {
        for (String key : strings(keys)) {
            if (!node.has(key)) {
                problems.add("[" + rule + "] " + where + " lacks " + key);
            }
        }
    }

    private static void allowed(JsonNode node, JsonNode keys, String rule, String where, List<String> problems) {
        Set<String> allowed = new HashSet<>(strings(keys));
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                problems.add("[" + rule + "] " + where + " has " + key + ", which the spec does not define");
            }
        });
    }

    private static void oneOf(JsonNode value, JsonNode allowed, String rule, List<String> problems) {
        if (!strings(allowed).contains(value.asText())) {
            problems.add("[" + rule + "] '" + value.asText() + "' is not one of " + strings(allowed));
        }
    }

    private static void matches(JsonNode value, JsonNode pattern, String rule, List<String> problems) {
        if (!value.isTextual() || !Pattern.compile(pattern.asText()).matcher(value.asText()).find()) {
            problems.add("[" + rule + "] '" + value.asText() + "' does not match " + pattern.asText());
        }
    }

    private static List<String> strings(JsonNode list) {
        List<String> values = new ArrayList<>();
        list.forEach(item -> values.add(item.asText()));
        return values;
    }

    private static JsonNode yaml(Map<String, String> files, String path, List<String> problems) {
        String text = files.get(path);
        if (text == null) {
            problems.add("[files] " + path + " is missing");
            return null;
        }
        try {
            return Json.YAML.readTree(text);
        } catch (IOException e) {
            problems.add("[files] " + path + " is not YAML: " + e.getMessage());
            return null;
        }
    }

    private static JsonNode json(String text, String path, List<String> problems) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            problems.add("[files] " + path + " is not JSON: " + e.getMessage());
            return null;
        }
    }
}
