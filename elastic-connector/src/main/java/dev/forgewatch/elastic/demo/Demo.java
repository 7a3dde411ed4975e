package dev.forgewatch.elastic.demo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.forgewatch.common.delivery.Checkpoint;
import dev.forgewatch.common.delivery.ShipRun;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.pipeline.InputFiles;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.common.retry.Sleeper;
import dev.forgewatch.detections.compile.Targets;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleSet;
import dev.forgewatch.elastic.assets.ClusterAssets;
import dev.forgewatch.elastic.client.ClusterTarget;
import dev.forgewatch.elastic.client.ElasticClients;
import dev.forgewatch.elastic.embedded.EmbeddedNode;
import dev.forgewatch.elastic.embedded.NodeClasspath;
import dev.forgewatch.elastic.install.ClientAssetStore;
import dev.forgewatch.elastic.install.ClusterProbe;
import dev.forgewatch.elastic.install.InstallReport;
import dev.forgewatch.elastic.install.Installer;
import dev.forgewatch.elastic.rules.KibanaReplay;
import dev.forgewatch.elastic.rules.RuleSearches;
import dev.forgewatch.elastic.ship.BulkShipper;
import dev.forgewatch.elastic.ship.ShipOptions;
import dev.forgewatch.hunt.Intake;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.elasticsearch.client.RestClientBuilder;

/**
 * {@code forgewatch elastic demo}: a real Elasticsearch node on this machine, ForgeWatch installed
 * into it, the sample tenant shipped, the detection queries run, findings printed.
 */
public final class Demo {
    private static final String ALL = "logs-forgewatch.*";

    private final PrintStream out;
    private final RuleSet rules;

    public Demo(PrintStream out, RuleSet rules) {
        this.out = out;
        this.rules = rules;
    }

    /**
     * @param afterwards runs with the node still up (e.g. wait for the user), then the node stops
     */
    public void run(NodeClasspath classpath, Path samples, Path workDir, int heapMegabytes, NodeHook afterwards)
            throws Exception {
        Intake intake = Intake.standard();
        out.println("Starting Elasticsearch 7.10.2 (OSS) on 127.0.0.1 (its log: " + workDir.resolve("node.log") + ") ...");
        try (EmbeddedNode node = EmbeddedNode.start(classpath, workDir, heapMegabytes);
             URLClassLoader launcher = new URLClassLoader(new URL[] {classpath.launcher().toUri().toURL()},
                     Demo.class.getClassLoader())) {
            ElasticsearchClient es = ElasticClients.create(ClusterTarget.plain(node.url()), compatAdapter(launcher));
            try {
                ClusterProbe.Cluster cluster = ClusterProbe.probe(es);
                out.println("Running: " + cluster.describe() + " at " + node.url());
                InstallReport report = new Installer(new ClientAssetStore(es))
                        .install(cluster.describe(), ClusterAssets.of(intake.catalog(), cluster.profile(), 0), false);
                InstallReports.print(report, out);

                List<Path> files = InputFiles.expand(List.of(samples));
                out.println("Shipping " + files.size() + " files from " + samples + " ...");
                BulkShipper shipper = new BulkShipper(es, new EcsMapper(intake.catalog()), ShipOptions.DEFAULT, Sleeper.REAL);
                ShipRun.Result shipped = new ShipRun(intake.opener(), intake.normalizer(), QuarantineSink.DISCARD, shipper,
                        Checkpoint.none()).ship(files);
                out.println("  " + shipped.shipped().summary() + "; " + shipped.read().quarantined()
                        + " records quarantined (the sample's damaged/ folder)");
                es.indices().refresh(r -> r.index(ALL));

                overview(es);
                detections(es);
                afterwards.run(node.url());
            } finally {
                es._transport().close();
            }
        }
        out.println("Stopped the node; its data is deleted.");
    }

    /** Runs while the demo's node is up. */
    @FunctionalInterface
    public interface NodeHook {
        void run(String url) throws Exception;
    }

    /**
     * The 7.10 adapter lives in the test-support jar next to the node, not in the forgewatch jar: load
     * it from there (standard {@link ServiceLoader}), so no product code path can use it.
     */
    private static RestClientBuilder.HttpClientConfigCallback compatAdapter(ClassLoader launcher) throws IOException {
        return ServiceLoader.load(RestClientBuilder.HttpClientConfigCallback.class, launcher).findFirst()
                .orElseThrow(() -> new IOException("the node launcher jar has no 7.10 client adapter"));
    }

    /** Mail access by application, with first and last seen: what the dashboards lead with. */
    private void overview(ElasticsearchClient es) throws IOException {
        SearchResponse<Void> datasets = es.search(s -> s.index(ALL).size(0)
                .aggregations("datasets", a -> a.terms(t -> t.field("event.dataset"))), Void.class);
        out.println("\nEvents by dataset:");
        for (StringTermsBucket bucket : datasets.aggregations().get("datasets").sterms().buckets().array()) {
            out.printf("  %-22s %8d%n", bucket.key().stringValue(), bucket.docCount());
        }
        SearchResponse<Void> apps = es.search(s -> s.index(ALL).size(0)
                .query(q -> q.term(t -> t.field("event.action").value("MailItemsAccessed")))
                .aggregations("apps", a -> a.terms(t -> t.field("m365.app_id").size(10))
                        .aggregations("first", f -> f.min(m -> m.field("@timestamp")))
                        .aggregations("mailboxes", m -> m.cardinality(c -> c.field("m365.mailbox.owner_upn")))),
                Void.class);
        out.println("\nMailItemsAccessed by AppId (first seen; a late first-seen on a few mailboxes is worth a look):");
        out.printf("  %-38s %8s %10s  %s%n", "AppId", "events", "mailboxes", "first seen");
        for (StringTermsBucket bucket : apps.aggregations().get("apps").sterms().buckets().array()) {
            out.printf("  %-38s %8d %10d  %s%n", bucket.key().stringValue(), bucket.docCount(),
                    bucket.aggregations().get("mailboxes").cardinality().value(),
                    bucket.aggregations().get("first").min().valueAsString());
        }
    }

    /**
     * Every alerting rule of the pack, replayed on its Kibana schedule over the shipped period as if
     * enabled when the data starts (first-seen rules after their baseline, as the hunt does).
     */
    private void detections(ElasticsearchClient es) throws IOException {
        SearchResponse<Void> span = es.search(s -> s.index(ALL).size(0)
                .aggregations("first", a -> a.min(m -> m.field("@timestamp")))
                .aggregations("last", a -> a.max(m -> m.field("@timestamp"))), Void.class);
        Instant first = Instant.ofEpochMilli((long) span.aggregations().get("first").min().value());
        Instant end = Instant.ofEpochMilli((long) span.aggregations().get("last").max().value() + 1);
        List<Rule> alerting = rules.alerting().stream()
                .sorted(Comparator.comparing((Rule rule) -> rule.info().level()).reversed().thenComparing(Rule::name)).toList();
        out.println("\nDetections: " + alerting.size() + " rules replayed on their Kibana schedules from " + first + " to " + end
                + " (EQL and ES|QL rules through their query DSL twins) ...");
        KibanaReplay replay = new KibanaReplay(new RuleSearches(((RestClientTransport) es._transport()).restClient(), ALL));
        int alerts = 0;
        int firing = 0;
        for (Rule rule : alerting) {
            KibanaReplay.Replay result = replay.replay(rule, KibanaReplay.enabled(rule, first), end, null);
            if (result.alerts().isEmpty()) {
                continue;
            }
            firing++;
            alerts += result.alerts().size();
            out.printf("  %-8s %5d%s  %s%n", rule.info().level().label(), result.alerts().size(), result.truncated() ? "+" : " ",
                    rule.info().title());
            List<String> fields = KibanaReplay.groupBy(rule).stream().map(Targets::ecs).toList();
            result.alerts().stream().limit(3).forEach(alert -> out.println("             " + describe(alert, fields)));
        }
        out.printf("%d alerts from %d of %d rules; the others raised none on this data.%n", alerts, firing, alerting.size());
    }

    private static String describe(KibanaReplay.Alert alert, List<String> fields) {
        StringBuilder text = new StringBuilder(alert.runEnd().toString());
        for (int i = 0; i < fields.size() && i < alert.group().size(); i++) {
            text.append("  ").append(fields.get(i)).append('=').append(alert.group().get(i));
        }
        if (alert.eventId() != null) {
            text.append("  event ").append(alert.eventId());
        }
        return text.toString();
    }
}
