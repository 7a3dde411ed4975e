package dev.forgewatch.elastic.rules;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a compiled rule's condition in Elasticsearch the way Kibana's detection engine evaluates it:
 * a query rule by its query; a threshold rule by a {@code terms} aggregation over its group-by field
 * with {@code min_doc_count} = the threshold; a new_terms rule by a {@code terms} aggregation with the
 * first time each term was seen, new when that is inside the rule's window. EQL and ES|QL rules are
 * not run here (the OSS test node has neither).
 */
public final class RuleRunner {
    /** Enough for the fixtures and the demo; a rule matching more is reported as truncated. */
    static final int MAX_HITS = 10_000;

    private final ElasticsearchClient client;

    public RuleRunner(ElasticsearchClient client) {
        this.client = client;
    }

    /** What a rule matched: event ids for query rules, group keys for threshold and new_terms rules. */
    public record Matches(Set<String> eventIds, Set<String> groups) {
        public Matches {
            eventIds = Set.copyOf(eventIds);
            groups = Set.copyOf(groups);
        }
    }

    /**
     * @param windowStart new_terms rules: where the rule's look-back window starts (terms first seen
     *                    before it are history, not new)
     */
    public Matches run(ElasticRule rule, String index, Instant windowStart) throws IOException {
        if (rule.queryDsl() == null || !rule.type().runsOnTestNode()) {
            throw new IllegalArgumentException(rule.ruleId() + ": a " + rule.type().kibanaName() + " rule has no query DSL to run");
        }
        String dsl = rule.queryDsl().toString();
        Query query = Query.of(q -> q.withJson(new StringReader(dsl)));
        switch (rule.type()) {
            case QUERY:
                SearchResponse<Void> hits = client.search(s -> s.index(index).query(query).size(MAX_HITS)
                        .source(src -> src.fetch(false)), Void.class);
                Set<String> ids = new TreeSet<>();
                for (Hit<Void> hit : hits.hits().hits()) {
                    ids.add(hit.id());
                }
                return new Matches(ids, Set.of());
            case THRESHOLD:
                return new Matches(Set.of(), groups(index, query, rule.groupBy().get(0), rule.threshold(), null));
            case NEW_TERMS:
                return new Matches(Set.of(), groups(index, query, rule.groupBy().get(0), 1, windowStart));
            default:
                throw new IllegalStateException("unhandled " + rule.type());
        }
    }

    private Set<String> groups(String index, Query query, String field, int minCount, Instant newSince) throws IOException {
        SearchResponse<Void> response = client.search(s -> s.index(index).query(query).size(0)
                .aggregations("groups", a -> a.terms(t -> t.field(field).size(MAX_HITS).minDocCount(minCount))
                        .aggregations(Map.of("first", Aggregation.of(f -> f.min(m -> m.field("@timestamp")))))), Void.class);
        Set<String> groups = new TreeSet<>();
        List<StringTermsBucket> buckets = response.aggregations().get("groups").sterms().buckets().array();
        for (StringTermsBucket bucket : buckets) {
            double first = bucket.aggregations().get("first").min().value();
            if (newSince == null || first >= newSince.toEpochMilli()) {
                groups.add(bucket.key().stringValue());
            }
        }
        return groups;
    }
}
