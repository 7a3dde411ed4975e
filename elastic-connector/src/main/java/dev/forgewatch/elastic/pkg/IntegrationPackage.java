package dev.forgewatch.elastic.pkg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.mapping.FieldDefinition;
import dev.forgewatch.elastic.assets.IngestPipeline;
import dev.forgewatch.elastic.kibana.Dashboards;
import dev.forgewatch.detections.compile.elastic.KibanaRuleExport;
import dev.forgewatch.detections.compile.elastic.StackLines;
import dev.forgewatch.detections.rule.RuleSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * ForgeWatch as an Elastic integration package (package-spec layout): manifest, one logs data stream
 * for raw audit records and sign-ins read by Elastic Agent, its fields from the catalog, the ingest
 * pipeline, and the Kibana dashboards and rules, in the built form Fleet installs (ECS fields resolved).
 * The build writes it to {@code target/package/forgewatch} and zips it; the copy committed in
 * {@code elastic-connector/package/forgewatch} is checked against it by a test.
 */
public final class IntegrationPackage {
    public static final String NAME = "forgewatch";
    /**
     * The earliest 3.x format that has everything the package needs (package-spec 3.0.3 stopped
     * requiring {@code object_type} on objects with {@code enabled: false}); elastic-package's format
     * guidelines list 3.0 as installable on every stack version.
     */
    public static final String FORMAT_VERSION = "3.0.4";
    public static final String DATA_STREAM = "raw";
    /** The agent template Fleet renders for the stream (its default name; named explicitly anyway). */
    public static final String STREAM_TEMPLATE = "stream.yml.hbs";
    /** ECS-defined prefixes; everything else in ForgeWatch documents is its own field set. */
    private static final List<String> CUSTOM_PREFIXES = List.of("m365.", "token.", "forgewatch.");

    /** Plain YAML as package authors write it: no document marker, quotes only where needed. */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    private final FieldCatalog catalog;
    private final EcsReference ecs;
    private final String version;
    private final StackLines.Line rulesLine;
    private final String kibanaCondition;

    /**
     * @param rulesLine the stack line whose rule variant the package carries: the oldest it claims, so
     *                  every Kibana the package installs on reads its rules
     */
    public IntegrationPackage(FieldCatalog catalog, EcsReference ecs, String version, StackLines stackLines) {
        this.catalog = catalog;
        this.ecs = ecs;
        this.version = version;
        this.rulesLine = stackLines.supported().get(0);
        this.kibanaCondition = stackLines.kibanaCondition();
    }

    /** Path inside the package to file content, in path order. */
    public Map<String, String> files(RuleSet rules) {
        Map<String, String> files = new TreeMap<>();
        files.put("manifest.yml", yaml(manifest()));
        files.put("changelog.yml", yaml(changelog()));
        files.put("docs/README.md", readme());
        String stream = "data_stream/" + DATA_STREAM + "/";
        files.put(stream + "manifest.yml", yaml(dataStreamManifest()));
        files.put(stream + "agent/stream/" + STREAM_TEMPLATE, """
                paths:
                {{#each paths}}
                  - {{this}}
                {{/each}}
                json.keys_under_root: true
                json.add_error_key: true
                """);
        files.put(stream + "elasticsearch/ingest_pipeline/default.json", json(IngestPipeline.definition(catalog)));
        files.put(stream + "fields/base-fields.yml", yaml(baseFields()));
        files.put(stream + "fields/ecs.yml", yaml(ecsFields()));
        files.put(stream + "fields/fields.yml", yaml(customFields()));
        for (ObjectNode object : new Dashboards(catalog).packageObjects()) {
            files.put("kibana/" + object.path("type").asText() + "/" + object.path("id").asText() + ".json", json(object));
        }
        for (ObjectNode rule : KibanaRuleExport.forLine(rules, rulesLine).rules()) {
            ObjectNode object = Json.MAPPER.createObjectNode();
            String id = rule.path("rule_id").asText();
            object.put("id", id);
            object.put("type", "security-rule");
            object.set("attributes", rule);
            files.put("kibana/security_rule/" + id + ".json", json(object));
        }
        return files;
    }

    private ObjectNode manifest() {
        ObjectNode manifest = Json.MAPPER.createObjectNode();
        manifest.put("format_version", FORMAT_VERSION);
        manifest.put("name", NAME);
        manifest.put("title", "ForgeWatch: forged-token mailbox access");
        manifest.put("version", version);
        manifest.put("description", "Microsoft 365 audit records and Entra ID sign-ins normalized to ECS, with dashboards"
                + " for Storm-0558-style forged-token mailbox access and logging coverage.");
        manifest.put("type", "integration");
        manifest.putArray("categories").add("security").add("productivity_security");
        ObjectNode conditions = manifest.putObject("conditions");
        conditions.putObject("kibana").put("version", kibanaCondition);
        conditions.putObject("elastic").put("subscription", "basic");
        ObjectNode template = manifest.putArray("policy_templates").addObject();
        template.put("name", NAME);
        template.put("title", "Microsoft 365 audit exports");
        template.put("description", "Read Management Activity API records and Entra ID sign-ins from NDJSON files.");
        ObjectNode input = template.putArray("inputs").addObject();
        input.put("type", "logfile");
        input.put("title", "NDJSON files");
        input.put("description", "One audit record or sign-in per line.");
        manifest.putObject("owner").put("github", "forgewatch/forgewatch").put("type", "community");
        return manifest;
    }

    private ArrayNode changelog() {
        ArrayNode changelog = Json.MAPPER.createArrayNode();
        ObjectNode entry = changelog.addObject();
        entry.put("version", version);
        entry.putArray("changes").addObject()
                .put("description", "Initial release: audit records and sign-ins normalized to ECS, dashboards and"
                        + " detection rules; installs in Fleet (package-spec " + FORMAT_VERSION + ").")
                .put("type", "enhancement")
                .put("link", "https://github.com/forgewatch/forgewatch/issues/18");
        return changelog;
    }

    private ObjectNode dataStreamManifest() {
        ObjectNode manifest = Json.MAPPER.createObjectNode();
        manifest.put("title", "Microsoft 365 audit records and Entra ID sign-ins");
        manifest.put("type", "logs");
        ObjectNode stream = manifest.putArray("streams").addObject();
        stream.put("input", "logfile");
        stream.put("title", "Audit and sign-in NDJSON");
        stream.put("description", "Management Activity API records and Entra ID sign-ins, one JSON object per line.");
        stream.put("template_path", STREAM_TEMPLATE);
        ObjectNode paths = stream.putArray("vars").addObject();
        paths.put("name", "paths");
        paths.put("type", "text");
        paths.put("title", "Paths");
        paths.put("multi", true);
        paths.put("required", true);
        paths.put("show_user", true);
        paths.putArray("default").add("/var/log/forgewatch/*.ndjson");
        return manifest;
    }

    private static ArrayNode baseFields() {
        ArrayNode fields = Json.MAPPER.createArrayNode();
        for (String part : new String[] {"type", "dataset", "namespace"}) {
            fields.addObject().put("name", "data_stream." + part).put("type", "constant_keyword")
                    .put("description", "Data stream " + part + ".");
        }
        fields.addObject().put("name", "@timestamp").put("type", "date").put("description", "Event timestamp.");
        return fields;
    }

    /** The ECS fields ForgeWatch fills besides the catalog's, with what they hold. */
    private static final Map<String, String> ADDED_ECS_FIELDS = Map.of(
            "ecs.version", "ECS version the document follows.",
            "event.kind", "event, or pipeline_error for a record the pipeline could not normalize.",
            "event.module", "Always forgewatch.",
            "event.dataset", "forgewatch.<source kind>: audit, signin, app or token.",
            "event.category", "ECS category of the activity.",
            "event.type", "ECS type of the activity.",
            "related.user", "Every user name and id in the event.",
            "related.ip", "Every IP address in the event.",
            "error.message", "Why the pipeline could not normalize the record.");

    /**
     * The ECS fields ForgeWatch fills, resolved against the pinned ECS field list: a built package
     * carries every definition in full (Fleet does not resolve {@code external: ecs}, and maps a field
     * without a type as a keyword). Types, multi-fields and array normalization come from ECS; the
     * descriptions are ForgeWatch's own.
     */
    private ArrayNode ecsFields() {
        Map<String, String> descriptions = new TreeMap<>(ADDED_ECS_FIELDS);
        for (FieldDefinition field : catalog.fields()) {
            if (!isCustom(field.ecs()) && !field.ecs().equals("@timestamp")) {
                descriptions.put(field.ecs(), field.description());
            }
        }
        ArrayNode fields = Json.MAPPER.createArrayNode();
        descriptions.forEach((name, description) -> {
            EcsReference.EcsField definition = ecs.field(name).orElseThrow(() -> new IllegalStateException(
                    name + " is not a field of ECS " + ecs.version() + ": give it a custom prefix in fields.yaml"));
            ObjectNode field = fields.addObject();
            field.put("name", name);
            field.put("type", definition.type());
            field.put("description", description);
            if (definition.array()) {
                field.putArray("normalize").add("array");
            }
            if (!definition.multiFields().isEmpty()) {
                ArrayNode multi = field.putArray("multi_fields");
                definition.multiFields().forEach((sub, type) -> multi.addObject().put("name", sub).put("type", type));
            }
        });
        return fields;
    }

    /** ForgeWatch's own fields, typed and described by the catalog. */
    private ArrayNode customFields() {
        ArrayNode fields = Json.MAPPER.createArrayNode();
        for (FieldDefinition field : catalog.fields()) {
            if (isCustom(field.ecs())) {
                fields.addObject().put("name", field.ecs()).put("type", field.type().label())
                        .put("description", field.description());
            }
        }
        fields.addObject().put("name", EcsMapper.RAW_FIELD).put("type", "object").put("enabled", false)
                .put("description", "The rest of the source record, secrets redacted: stored, not indexed.");
        return fields;
    }

    private static boolean isCustom(String ecsName) {
        return CUSTOM_PREFIXES.stream().anyMatch(ecsName::startsWith);
    }

    private String readme() {
        return """
                # ForgeWatch

                Normalizes Microsoft 365 Unified Audit Log records (Management Activity API) and Entra ID
                sign-ins to ECS with the `forgewatch-normalize` logic (this data stream's ingest pipeline), and
                installs dashboards for forged-token mailbox access (Storm-0558 style): mail access by AppId and
                client IP with first-seen dates, token findings, and logging coverage.

                Point the input at NDJSON files with one record per line (for example the output of a collector
                polling the Management Activity API). Records that cannot be normalized are kept with
                `event.kind: pipeline_error` and the reason in `error.message`.

                Generated by ForgeWatch %s from its field catalog; do not edit.
                """.formatted(version);
    }

    private static String yaml(Object node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(Object node) {
        try {
            return Json.PRETTY.writeValueAsString(node) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
