package dev.forgewatch.elastic.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.detections.compile.elastic.ElasticQueries;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;

/**
 * Runs compiled rule searches (the query DSL form {@code ElasticQueries.searchRequest} produces) on a
 * cluster, each restricted to a time window, many at a time through {@code _msearch}. Answers are
 * read the way the compiled request says: hits, or the innermost {@code by_*} terms buckets left
 * after the rule's {@code bucket_selector}, each with its keys and {@code first_seen} when asked.
 *
 * <p>Plain JSON through the low-level REST client: the bodies are JSON already, and the answer's
 * nested aggregations are easier to walk untyped.
 */
public final class RuleSearches {
    /**
     * {@code _msearch} bodies per request: small, as each may carry a 10,000-bucket terms aggregation
     * and a small node's request circuit breaker counts them together.
     */
    static final int BATCH = 16;
    /** Hits read per query-rule search; a window holding more is reported as truncated. */
    public static final int MAX_HITS = 10_000;

    private final RestClient client;
    private final String index;

    public RuleSearches(RestClient client, String index) {
        this.client = client;
        this.index = index;
    }

    /**
     * One search: the compiled body, its query limited to {@code [from, to)} and to {@code ids} when
     * given (tests scope a search to one fixture's events), with the values of {@code fields}
     * returned for every hit.
     */
    public record Window(ObjectNode body, Instant from, Instant to, List<String> ids, List<String> fields) {
        public Window {
            ids = ids == null ? null : List.copyOf(ids);
            fields = List.copyOf(fields);
        }
    }

    /** A hit: event id, time and the requested fields' values (null when missing). */
    public record Hit(String id, Instant timestamp, Map<String, String> fields) {
    }

    /**
     * A bucket left after the rule's selector: the group's values, outermost first, first_seen when computed, and
     * the values of the Kibana rule's extra columns ({@code column:<name>} aggregations, e.g. related.user).
     */
    public record Group(List<String> keys, Instant firstSeen, Map<String, List<String>> columns, Map<String, JsonNode> coverage) {
        public Group {
            keys = List.copyOf(keys);
            columns = Map.copyOf(columns);
            coverage = Map.copyOf(coverage);
        }

        public Group(List<String> keys, Instant firstSeen) {
            this(keys, firstSeen, Map.of(), Map.of());
        }
    }

    /**
     * The hits, or the groups; {@code coverage} the search's top-level {@code coverage:*} aggregations (an absence's
     * companions over the look-back), by name without the prefix.
     */
    public record Answer(List<Hit> hits, boolean truncated, List<Group> groups, Map<String, JsonNode> coverage) {
        public Answer {
            hits = List.copyOf(hits);
            groups = List.copyOf(groups);
            coverage = Map.copyOf(coverage);
        }

        public Answer(List<Hit> hits, boolean truncated, List<Group> groups) {
            this(hits, truncated, groups, Map.of());
        }
    }

    public List<Answer> run(List<Window> windows) throws IOException {
        List<Answer> answers = new ArrayList<>(windows.size());
        for (int start = 0; start < windows.size(); start += BATCH) {
            answers.addAll(batch(windows.subList(start, Math.min(windows.size(), start + BATCH))));
        }
        return answers;
    }

    public Answer run(Window window) throws IOException {
        return batch(List.of(window)).get(0);
    }

    private List<Answer> batch(List<Window> windows) throws IOException {
        StringBuilder ndjson = new StringBuilder();
        for (Window window : windows) {
            ndjson.append(Json.MAPPER.createObjectNode().put("index", index).put("ignore_unavailable", true)).append('\n');
            ndjson.append(restricted(window)).append('\n');
        }
        Request request = new Request("POST", "/_msearch");
        request.setEntity(new StringEntity(ndjson.toString(), ContentType.create("application/x-ndjson", StandardCharsets.UTF_8)));
        Response response = client.performRequest(request);
        JsonNode responses;
        try (InputStream body = response.getEntity().getContent()) {
            responses = Json.MAPPER.readTree(body).path("responses");
        }
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            JsonNode one = responses.path(i);
            if (one.has("error")) {
                throw new IOException("search failed: " + one.path("error").path("root_cause").path(0).path("reason")
                        .asText(one.path("error").toString()));
            }
            answers.add(answer(one));
        }
        return answers;
    }

    private static ObjectNode restricted(Window window) {
        ObjectNode body = window.body().deepCopy();
        anchorDateMath(body, window.to());
        ObjectNode bool = Json.MAPPER.createObjectNode();
        ArrayNode filter = bool.putArray("filter");
        if (body.has("query")) {
            filter.add(body.get("query"));
        }
        ObjectNode range = filter.addObject().putObject("range").putObject("@timestamp");
        range.put("gte", window.from().toString());
        range.put("lt", window.to().toString());
        if (window.ids() != null) {
            ArrayNode values = filter.addObject().putObject("ids").putArray("values");
            window.ids().forEach(values::add);
        }
        body.putObject("query").set("bool", bool);
        if (!body.has("aggs")) {
            body.put("size", MAX_HITS);
            body.put("_source", false);
            body.putArray("sort").addObject().put("@timestamp", "asc");
            ArrayNode docValues = body.putArray("docvalue_fields");
            docValues.addObject().put("field", "@timestamp").put("format", "strict_date_optional_time");
            window.fields().forEach(field -> docValues.addObject().put("field", field));
            body.put("track_total_hits", true);
        }
        return body;
    }

    /** Date math in a compiled body ({@code now-1500m}) is relative to the run's end, as Kibana's "now" is. */
    private static void anchorDateMath(JsonNode node, Instant runEnd) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> members = object.fields();
            while (members.hasNext()) {
                Map.Entry<String, JsonNode> member = members.next();
                if (member.getValue().isTextual() && member.getValue().asText().startsWith("now-")) {
                    member.setValue(object.textNode(runEnd + "||" + member.getValue().asText().substring(3)));
                } else {
                    anchorDateMath(member.getValue(), runEnd);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(item -> anchorDateMath(item, runEnd));
        }
    }

    private static Answer answer(JsonNode response) {
        List<Hit> hits = new ArrayList<>();
        for (JsonNode hit : response.path("hits").path("hits")) {
            Map<String, String> values = new java.util.TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = hit.path("fields").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                values.put(field.getKey(), field.getValue().path(0).asText());
            }
            Instant time = Instant.parse(values.remove("@timestamp"));
            hits.add(new Hit(hit.path("_id").asText(), time, values));
        }
        boolean truncated = response.path("hits").path("total").path("value").asLong() > hits.size();
        List<Group> groups = new ArrayList<>();
        if (response.has("aggregations")) {
            collect(response.path("aggregations"), new ArrayList<>(), groups);
        }
        return new Answer(hits, truncated, groups, coverage(response.path("aggregations")));
    }

    /** The {@code coverage:*} aggregations of one level, by name without the prefix. */
    private static Map<String, JsonNode> coverage(JsonNode aggs) {
        Map<String, JsonNode> found = new java.util.TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> members = aggs.fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            if (member.getKey().startsWith(ElasticQueries.COVERAGE_AGG_PREFIX)) {
                found.put(member.getKey().substring(ElasticQueries.COVERAGE_AGG_PREFIX.length()), member.getValue());
            }
        }
        return found;
    }

    /** Walks the nested {@code by_*} terms aggregations down to the innermost buckets. */
    private static void collect(JsonNode aggs, List<String> keys, List<Group> groups) {
        String level = null;
        Iterator<String> names = aggs.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.startsWith("by_")) {
                level = name;
            }
        }
        if (level == null) {
            JsonNode first = aggs.path("first_seen").path("value_as_string");
            Map<String, List<String>> columns = new java.util.TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> members = aggs.fields();
            while (members.hasNext()) {
                Map.Entry<String, JsonNode> member = members.next();
                if (member.getKey().startsWith(ElasticQueries.COLUMN_AGG_PREFIX)) {
                    List<String> values = new ArrayList<>();
                    member.getValue().path("values").path("buckets").forEach(bucket -> values.add(bucket.path("key").asText()));
                    columns.put(member.getKey().substring(ElasticQueries.COLUMN_AGG_PREFIX.length()), values);
                }
            }
            groups.add(new Group(keys, first.isMissingNode() ? null : Instant.parse(first.asText()), columns, coverage(aggs)));
            return;
        }
        for (JsonNode bucket : aggs.path(level).path("buckets")) {
            List<String> deeper = new ArrayList<>(keys);
            deeper.add(bucket.has("key_as_string") ? bucket.path("key_as_string").asText() : bucket.path("key").asText());
            collect(bucket, deeper, groups);
        }
    }
}
