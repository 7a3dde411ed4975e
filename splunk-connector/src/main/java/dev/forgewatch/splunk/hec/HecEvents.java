package dev.forgewatch.splunk.hec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.normalize.AzureMonitorRecords;
import dev.forgewatch.common.normalize.SecretScrubber;
import dev.forgewatch.common.normalize.Timestamps;
import dev.forgewatch.common.secret.Fingerprints;
import dev.forgewatch.splunk.app.Sourcetype;
import java.time.Instant;
import java.util.Optional;

/**
 * What ForgeWatch ships for each event, consistent with the app's props.conf: audit records,
 * sign-ins and Graph activity log records go as the vendor's own JSON record (secrets scrubbed; Azure
 * Monitor records unwrapped to their properties, as the normalizer reads them), so the add-on's
 * search-time mapping applies;
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
                body = unwrapped(event, raw);
                break;
            case GRAPH_ACTIVITY:
                sourcetype = Sourcetype.GRAPH_ACTIVITY;
                body = unwrapped(event, raw);
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

    /** A Monitor export's record as the normalizer read it (secrets scrubbed); other shapes as they are. */
    private static JsonNode unwrapped(CanonicalEvent event, JsonNode raw) {
        ObjectNode copy = scrubbed(raw);
        String timeMember = AzureMonitorRecords.timeMember(event.kind(), copy);
        return timeMember == null ? copy : AzureMonitorRecords.unwrap(copy, timeMember);
    }
}
