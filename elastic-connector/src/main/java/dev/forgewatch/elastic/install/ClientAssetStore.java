package dev.forgewatch.elastic.install;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.ingest.GetPipelineResponse;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.JsonpSerializable;
import co.elastic.clients.json.JsonpUtils;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.elastic.assets.AssetKind;
import java.io.IOException;
import java.io.StringReader;
import java.util.Optional;

/** {@link AssetStore} through the Elasticsearch Java client's typed requests. */
public final class ClientAssetStore implements AssetStore {
    private final ElasticsearchClient client;
    private final JsonpMapper mapper;

    public ClientAssetStore(ElasticsearchClient client) {
        this.client = client;
        this.mapper = client._transport().jsonpMapper();
    }

    @Override
    public Optional<ObjectNode> get(AssetKind kind, String name) throws IOException {
        try {
            switch (kind) {
                case ILM_POLICY:
                    var policy = client.ilm().getLifecycle(b -> b.name(name)).get(name);
                    return policy == null ? Optional.empty() : Optional.of(json(policy.policy()));
                case COMPONENT_TEMPLATE:
                    var components = client.cluster().getComponentTemplate(b -> b.name(name)).componentTemplates();
                    return components.isEmpty() ? Optional.empty() : Optional.of(json(components.get(0).componentTemplate()));
                case INDEX_TEMPLATE:
                    var templates = client.indices().getIndexTemplate(b -> b.name(name)).indexTemplates();
                    return templates.isEmpty() ? Optional.empty() : Optional.of(json(templates.get(0).indexTemplate()));
                case INGEST_PIPELINE:
                    GetPipelineResponse pipelines = client.ingest().getPipeline(b -> b.id(name));
                    var pipeline = pipelines.get(name);
                    return pipeline == null ? Optional.empty() : Optional.of(json(pipeline));
                default:
                    throw new IllegalStateException("unhandled " + kind);
            }
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void put(AssetKind kind, String name, ObjectNode body) throws IOException {
        String json = Json.MAPPER.writeValueAsString(body);
        switch (kind) {
            case ILM_POLICY:
                client.ilm().putLifecycle(b -> b.name(name).withJson(new StringReader(json)));
                break;
            case COMPONENT_TEMPLATE:
                client.cluster().putComponentTemplate(b -> b.name(name).withJson(new StringReader(json)));
                break;
            case INDEX_TEMPLATE:
                client.indices().putIndexTemplate(b -> b.name(name).withJson(new StringReader(json)));
                break;
            case INGEST_PIPELINE:
                client.ingest().putPipeline(b -> b.id(name).withJson(new StringReader(json)));
                break;
            default:
                throw new IllegalStateException("unhandled " + kind);
        }
    }

    private ObjectNode json(JsonpSerializable value) throws IOException {
        return (ObjectNode) Json.MAPPER.readTree(JsonpUtils.toJsonString(value, mapper));
    }
}
