package dev.forgewatch.splunk.hec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.normalize.SecretScrubber;
import dev.forgewatch.common.normalize.Timestamps;
import dev.forgewatch.common.secret.Fingerprints;
import dev.forgewatch.splunk.app.Sourcetype;
import java.time.Instant;
import java.util.Optional;

/**
 * What ForgeWatch ships for each event, consistent with the app's props.conf: audit records and
 * sign-ins go as the vendor's own JSON record (secrets scrubbed; Azure Monitor sign-ins unwrapped
 * to the Graph shape, as the normalizer reads them), so the add-on's search-time mapping applies;
 * token observations go as ECS documents, because their raw record carries the bearer token;
 * findings go as the finding document. Other app-log records are not shipped.
 */
public final class HecEvents {
    private final EcsMapper ecs;

    public HecEvents(EcsMapper ecs) {
        this.ecs = ecs;
    }

    /** The HEC event for a canonical event read from {@code raw}, or empty for kinds that are not shipped. */
    public Optional<HecEvent> of(CanonicalEvent event, JsonNode raw, String source) {
        JsonNode body;
        Sourcetype sourcetype;
        switch (event.kind()) {
            case AUDIT:
                sourcetype = Sourcetype.AUDIT;
                body = scrubbed(raw);
                break;
            case SIGNIN:
                sourcetype = Sourcetype.SIGNIN;
                body = graphShape(scrubbed(raw));
                break;
            case TOKEN:
                sourcetype = Sourcetype.TOKEN;
                body = Json.MAPPER.valueToTree(ecs.toDocument(event));
                break;
            default:
                return Optional.empty();
        }
        return Optional.of(new HecEvent(event.id(), event.timestamp(), sourcetype.name(), source, null, null, body));
    }

    /**
     * A finding document (as {@code forgewatch hunt --format ndjson} writes it). Its id is a hash of
     * rule, time and evidence ids, so the same finding shipped twice has the same id.
     */
    public static HecEvent finding(JsonNode finding, String source) {
        Instant time = Timestamps.parse(finding.path("@timestamp"));
        if (time == null) {
            throw new IllegalArgumentException("a finding needs an @timestamp");
        }
        String key = finding.path("rule").path("id").asText() + "|" + time + "|" + finding.path("event").path("ids");
        String id = "finding-" + Fingerprints.sha256Hex(key).substring(0, 40);
        return new HecEvent(id, time, Sourcetype.FINDING.name(), source, null, null, finding);
    }

    private static ObjectNode scrubbed(JsonNode raw) {
        ObjectNode copy = (ObjectNode) raw.deepCopy();
        SecretScrubber.scrub(copy);
        return copy;
    }

    /** An Azure Monitor sign-in record becomes its properties, with the envelope kept under azureMonitor. */
    private static JsonNode graphShape(ObjectNode record) {
        JsonNode properties = record.get("properties");
        if (!(properties instanceof ObjectNode) || !record.path("category").asText("").endsWith("SignInLogs")) {
            return record;
        }
        ObjectNode signin = (ObjectNode) properties.deepCopy();
        ObjectNode envelope = record.deepCopy();
        envelope.remove("properties");
        if (!signin.has("tenantId") && envelope.has("tenantId")) {
            signin.set("tenantId", envelope.get("tenantId"));
        }
        if (!signin.has("createdDateTime") && envelope.has("time")) {
            signin.set("createdDateTime", envelope.get("time"));
        }
        signin.set("azureMonitor", envelope);
        return signin;
    }
}
