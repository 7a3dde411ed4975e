package dev.forgewatch.detections.compile.elastic;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleSet;
import java.io.UncheckedIOException;

/** The alerting rules as the NDJSON file Kibana's rule import (Security → Rules → Import) reads. */
public final class ElasticExport {
    private ElasticExport() {
    }

    public static String ndjson(RuleSet rules) {
        StringBuilder out = new StringBuilder();
        for (Rule rule : rules.alerting()) {
            try {
                out.append(Json.MAPPER.writeValueAsString(KibanaRules.rule(rule))).append('\n');
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }
}
