package dev.forgewatch.elastic.assets;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.mapping.EventClass;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.mapping.FieldDefinition;
import dev.forgewatch.common.mapping.SourceEntry;
import dev.forgewatch.common.mapping.SourcePath;
import dev.forgewatch.common.mapping.SourceRule;
import dev.forgewatch.common.normalize.SecretScrubber;
import dev.forgewatch.common.secret.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The ingest pipeline that turns raw Management Activity API records and Entra ID sign-ins into the
 * ECS documents {@code EcsMapper.toDocument(normalizer.normalize(record))} produces. One painless
 * script ({@code normalize.painless}, a port of the normalizer's path language and conversions) does
 * the mapping; everything it maps by (fields, source paths, value tables, event classes, secret
 * member names) is passed as params generated here from the field catalog. {@code set} processors add
 * the ECS constants; a record the normalizer would quarantine becomes an {@code event.kind:
 * pipeline_error} document with the same reason in {@code error.message}.
 */
public final class IngestPipeline {
    public static final String NAME = "forgewatch-normalize";
    static final String SCRIPT_RESOURCE = "/dev/forgewatch/elastic/normalize.painless";
    /** Document metadata an ingest script sees next to the source; never part of the record. */
    static final List<String> METADATA = List.of("_index", "_type", "_id", "_routing", "_version", "_version_type",
            "_if_seq_no", "_if_primary_term");
    private IngestPipeline() {
    }

    /** The pipeline body as {@code PUT _ingest/pipeline/NAME} takes it. */
    public static ObjectNode definition(FieldCatalog catalog) {
        ObjectNode pipeline = Json.MAPPER.createObjectNode();
        pipeline.put("description", "ForgeWatch: raw Microsoft 365 audit records and Entra ID sign-ins to ECS"
                + " (generated from fields.yaml; do not edit)");
        ArrayNode processors = pipeline.putArray("processors");
        ObjectNode script = processors.addObject().putObject("script");
        script.put("tag", "forgewatch-normalize");
        script.put("lang", "painless");
        script.put("source", scriptSource());
        script.set("params", params(catalog));
        processors.add(set("ecs.version", EcsMapper.ECS_VERSION, true, null));
        processors.add(set("event.module", "forgewatch", true, null));
        processors.add(set("event.kind", "event", false, null));
        // a rejected record has no usable time of its own: keep it findable by arrival time
        processors.add(set("@timestamp", "{{{_ingest.timestamp}}}", false, "ctx.event?.kind == 'pipeline_error'"));
        ArrayNode onFailure = pipeline.putArray("on_failure");
        onFailure.add(set("event.kind", "pipeline_error", true, null));
        onFailure.add(set("error.message", "{{{ _ingest.on_failure_message }}}", true, null));
        return pipeline;
    }

    private static ObjectNode set(String field, String value, boolean override, String condition) {
        ObjectNode processor = Json.MAPPER.createObjectNode();
        ObjectNode set = processor.putObject("set");
        set.put("field", field);
        set.put("value", value);
        if (!override) {
            set.put("override", false);
        }
        if (condition != null) {
            set.put("if", condition);
        }
        return processor;
    }

    static String scriptSource() {
        try (InputStream in = IngestPipeline.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT_RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode params(FieldCatalog catalog) {
        ObjectNode params = Json.MAPPER.createObjectNode();
        ArrayNode metadata = params.putArray("metadata");
        METADATA.forEach(metadata::add);
        ArrayNode secrets = params.putArray("secret_members");
        // sorted: the common set has no order, the generated pipeline must be stable
        SecretScrubber.secretMembers().stream().sorted().forEach(secrets::add);
        ArrayNode parameters = params.putArray("credential_parameters");
        Redactor.CREDENTIAL_PARAMETERS.forEach(parameters::add);
        params.put("raw_field", EcsMapper.RAW_FIELD);
        params.put("operation_field", Fields.OPERATION);
        params.put("related_ip_field", Fields.CLIENT_IP);
        ArrayNode relatedUsers = params.putArray("related_user_fields");
        relatedUsers.add(Fields.USER_ID).add(Fields.MAILBOX_OWNER_UPN);
        params.set("timestamp_field", field(catalog.field(Fields.TIMESTAMP)));
        params.set("id_field", field(catalog.field(Fields.EVENT_ID)));
        ArrayNode fields = params.putArray("fields");
        ArrayNode all = params.putArray("all_fields");
        for (FieldDefinition definition : catalog.fields()) {
            all.addObject().put("name", definition.name()).put("ecs", definition.ecs());
            if (!definition.name().equals(Fields.TIMESTAMP) && !definition.name().equals(Fields.EVENT_ID)
                    && !definition.sources().isEmpty()) {
                fields.add(field(definition));
            }
        }
        ArrayNode classes = params.putArray("classes");
        for (EventClass eventClass : catalog.classes()) {
            ObjectNode node = classes.addObject();
            node.put("kind", eventClass.kind());
            ArrayNode operations = node.putArray("operations");
            eventClass.operations().stream().sorted().forEach(operations::add);
            ArrayNode category = node.putArray("category");
            eventClass.ecsCategory().forEach(category::add);
            ArrayNode type = node.putArray("type");
            eventClass.ecsType().forEach(type::add);
        }
        return params;
    }

    private static ObjectNode field(FieldDefinition definition) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", definition.name());
        node.put("type", definition.type().label());
        node.put("multi", definition.multi());
        ObjectNode sources = node.putObject("sources");
        ObjectNode paths = node.putObject("paths");
        for (Map.Entry<String, SourceRule> source : definition.sources().entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            ArrayNode entries = sources.putArray(source.getKey());
            source.getValue().entries().forEach(entry -> entries.add(entry(entry)));
            // the normalizer's rejection message names the paths tried
            paths.put(source.getKey(), source.getValue().paths().toString());
        }
        return node;
    }

    private static ObjectNode entry(SourceEntry entry) {
        SourcePath path = entry.path();
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("path", path.text());
        if (path.constant() != null) {
            node.put("constant", path.constant());
        } else {
            node.putNull("constant");
        }
        ArrayNode steps = node.putArray("steps");
        StringBuilder dotted = new StringBuilder();
        boolean allMembers = true;
        int lastEach = -1;
        for (int i = 0; i < path.steps().size(); i++) {
            SourcePath.Step step = path.steps().get(i);
            if (step instanceof SourcePath.Member member) {
                steps.addObject().put("member", member.name());
                dotted.append(dotted.length() > 0 ? "." : "").append(member.name());
            } else if (step instanceof SourcePath.Each) {
                steps.addObject().put("each", true);
                allMembers = false;
                lastEach = i;
            } else if (step instanceof SourcePath.Select select) {
                steps.addObject().put("key", select.key()).put("value", select.value());
                allMembers = false;
            }
        }
        // records flattened by some shippers carry "a.b" as one key; the normalizer honours that first
        if (allMembers && path.steps().size() >= 2) {
            node.put("dotted", dotted.toString());
        } else {
            node.putNull("dotted");
        }
        node.put("lastEach", lastEach);
        node.put("transform", path.transform().name().toLowerCase(java.util.Locale.ROOT));
        node.put("plain", path.isPlainMember());
        if (path.rootMember() != null) {
            node.put("root", path.rootMember());
        } else {
            node.putNull("root");
        }
        ArrayNode values = node.putArray("values");
        entry.values().forEach((key, value) -> values.addArray().add(key).add(value));
        return node;
    }
}
