package dev.forgewatch.elastic.logstash;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.normalize.Normalization;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.secret.Redactor;
import dev.forgewatch.elastic.assets.EcsTemplates;
import dev.forgewatch.hunt.Intake;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Logstash {@code forgewatch} filter without Logstash: takes the raw record a Logstash event
 * carries (a JSON string, usually {@code message}, or an object), normalizes it as every pipeline
 * does ({@link Intake}: common's normalizer, tokens inspected by the token module) and returns the
 * ECS documents to emit, each with the {@code _id} and data stream the elasticsearch output should use.
 * A record that cannot be normalized becomes one {@code event.kind: pipeline_error} document, as in the
 * ingest pipeline. The Logstash adapter ({@code logstash-filter} module) only moves maps in and out.
 */
public final class FilterLogic {
    /**
     * Logstash calls one filter instance from every pipeline worker at once, and a normalizer (its value
     * pool, its token inspection's caches) belongs to one thread: each worker gets its own.
     */
    private final ThreadLocal<Normalizer> normalizers;
    private final EcsMapper mapper;
    private final String namespace;

    public FilterLogic(Supplier<Normalizer> normalizers, EcsMapper mapper, String namespace) {
        this.normalizers = ThreadLocal.withInitial(normalizers);
        this.mapper = mapper;
        this.namespace = namespace;
    }

    /** The shipped filter: the standard field catalog, tokens inspected against the bundled key ledger. */
    public static FilterLogic standard(String namespace) {
        Intake intake = Intake.standard();
        return new FilterLogic(intake::normalizer, new EcsMapper(intake.catalog()), namespace);
    }

    /** One document to emit: its source, {@code _id} (null for an error document) and target data stream. */
    public record Output(Map<String, Object> document, String id, String dataStream, boolean error) {
    }

    /**
     * @param raw    the value of the configured source field: a JSON text or an already-parsed map
     * @param origin where the record came from, for quarantine messages (e.g. the Logstash pipeline id)
     */
    public List<Output> apply(Object raw, String origin) {
        JsonNode record;
        try {
            record = raw instanceof String text ? Json.MAPPER.readTree(text) : Json.MAPPER.valueToTree(raw);
        } catch (JsonProcessingException e) {
            return List.of(error("app", "not JSON: " + Redactor.redact(String.valueOf(e.getOriginalMessage()))));
        }
        if (record == null || !record.isObject()) {
            return List.of(error("app", "expected a JSON object in the source field"));
        }
        Normalization result = normalizers.get().normalize(record, new SourceRef(origin, 0));
        if (result instanceof Normalization.Rejected rejected) {
            return List.of(error("app", rejected.reason()));
        }
        List<Output> outputs = new ArrayList<>();
        for (CanonicalEvent event : ((Normalization.Accepted) result).events()) {
            String kind = event.kind().shortName();
            outputs.add(new Output(mapper.toDocument(event), event.id(), EcsTemplates.dataStream(kind, namespace), false));
        }
        return outputs;
    }

    private Output error(String kind, String reason) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("ecs", Map.of("version", EcsMapper.ECS_VERSION));
        document.put("event", Map.of("kind", "pipeline_error", "module", "forgewatch", "dataset", EcsMapper.dataset(kind)));
        document.put("error", Map.of("message", reason));
        return new Output(document, null, EcsTemplates.dataStream(kind, namespace), true);
    }
}
