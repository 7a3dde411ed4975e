package dev.forgewatch.cli.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.forgewatch.cli.Args;
import dev.forgewatch.cli.Command;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.cli.Terminal;
import dev.forgewatch.cli.CheckedFile;
import dev.forgewatch.cli.UsageException;
import dev.forgewatch.common.delivery.Checkpoint;
import dev.forgewatch.common.delivery.ItemError;
import dev.forgewatch.common.delivery.ShipRun;
import dev.forgewatch.common.http.HttpPolicy;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.pipeline.InputFiles;
import dev.forgewatch.common.quarantine.NdjsonQuarantineWriter;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.common.retry.Sleeper;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.tuning.Tuning;
import dev.forgewatch.elastic.assets.ClusterAssets;
import dev.forgewatch.elastic.client.ClusterErrors;
import dev.forgewatch.elastic.client.ClusterTarget;
import dev.forgewatch.elastic.client.Credentials;
import dev.forgewatch.elastic.client.ElasticClients;
import dev.forgewatch.elastic.demo.Demo;
import dev.forgewatch.elastic.demo.InstallReports;
import dev.forgewatch.elastic.embedded.NodeClasspath;
import dev.forgewatch.elastic.install.ClientAssetStore;
import dev.forgewatch.elastic.install.ClusterLicence;
import dev.forgewatch.elastic.install.ClusterProbe;
import dev.forgewatch.elastic.install.InstallReport;
import dev.forgewatch.elastic.install.Installer;
import dev.forgewatch.elastic.ship.BulkShipper;
import dev.forgewatch.elastic.ship.ShipOptions;
import dev.forgewatch.hunt.Intake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code forgewatch elastic install|ship|demo}. */
public final class ElasticCommand implements Command {
    static final Path DEFAULT_NODE_CLASSPATH = Path.of("elastic-connector", "target", "es-node-classpath.txt");
    private static final int SHOWN_ERRORS = 10;

    @Override
    public String name() {
        return "elastic";
    }

    @Override
    public String summary() {
        return "install into Elasticsearch, ship events to it, or run the embedded demo";
    }

    @Override
    public Set<String> valueOptions() {
        Set<String> options = new HashSet<>(ClusterOptions.VALUE_OPTIONS);
        options.addAll(Set.of("replicas", "namespace", "checkpoint", "quarantine", "batch-size", "ledger",
                "node-classpath", "samples", "work-dir", "space", "tuning"));
        return options;
    }

    @Override
    public Set<String> flags() {
        return Set.of("force", "insecure", "keep", "fleet", HttpPolicy.ALLOW_HTTP);
    }

    @Override
    public String help() {
        return """
                Usage: forgewatch elastic install [--url URL] [--kibana-url URL [--space S] [--fleet] [--tuning FILE]] [auth] [--force]
                       forgewatch elastic ship --url URL [auth] [--namespace NS] [--checkpoint FILE] PATH...
                       forgewatch elastic demo [--keep]

                install  with --url: ForgeWatch's ECS component and index templates, ILM policy (8.x) and the
                         ingest pipeline forgewatch-normalize. With --kibana-url: reads Kibana's version,
                         then imports the data view, the dashboards and the detection rules built for that
                         stack line (the rules disabled; what the line lacks is listed), in --space; with
                         --fleet also the integration package. Give both URLs to install everything at once.
                         Idempotent: a second run changes nothing and says so. An asset someone changed since
                         ForgeWatch installed it, or one ForgeWatch did not install, is kept unless --force; a
                         rule's enabled state, exception lists and actions are kept on updates. Exit 1 when
                         something was kept, 2 when something failed. With --tuning, the tenant's tuning file
                         becomes one exception list per tuned rule (forgewatch-tuning-<rule>, an item per entry
                         and field) through Kibana's exceptions API, attached to the rule; a later run with a
                         changed file updates the items and removes those whose entry left it.
                ship     reads exports like 'hunt' does and indexes them as ECS documents into
                         logs-forgewatch.<kind>-<namespace>, with _id = the event id: shipping again never
                         duplicates. Throttled (429) and 5xx items are retried with backoff; other item
                         failures are listed. With --checkpoint, a rerun skips files already shipped.
                demo     starts a real Elasticsearch node on this machine (needs a source checkout built with
                         'mvn -B package -DskipTests'), installs everything, ships samples/data, runs the
                         detection queries and prints the results; the node is stopped and deleted at the end.

                Cluster and authentication:
                """ + ClusterOptions.HELP + """
                Options:
                  --force              install: overwrite assets that were changed on the cluster or in Kibana
                  --space S            install: the Kibana space (default: the default space)
                  --fleet              install: also install the integration package through Fleet
                  --tuning FILE        install: a tenant's tuning file (detections/rules/tuning.yaml shape,
                                       docs/tuning.md) as Kibana exception lists of the tuned rules
                  --replicas N         install: number_of_replicas for ForgeWatch indices (default: the cluster's)
                  --namespace NS       ship: data stream namespace (default: default)
                  --batch-size N       ship: documents per bulk request, 1 to 10000 (default: 1000)
                  --checkpoint FILE    ship: remember finished files here and skip them on the next run
                  --quarantine FILE    ship: write unreadable records here (NDJSON)
                  --ledger FILE        ship: the signing-key ledger for token inspection (default: as for hunt)
                  --node-classpath F   demo: the node classpath list (default: elastic-connector/target/es-node-classpath.txt)
                  --samples DIR        demo: what to ship (default: samples/data)
                  --work-dir DIR       demo: where the node keeps its data (default: a temporary folder)
                  --keep               demo: keep the node running until Enter is pressed

                Examples:
                  forgewatch elastic install --url https://es.example:9200 --kibana-url https://kibana.example:5601 \\
                      --api-key-file ~/.forgewatch/api-key --fleet
                  FORGEWATCH_ES_USERNAME=elastic forgewatch elastic ship --url https://es.example:9200 \\
                      --password-file ~/.forgewatch/pw --checkpoint ship.checkpoint ~/exports/
                  forgewatch elastic demo
                """;
    }

    @Override
    public int run(Args args, Terminal terminal) throws Exception {
        if (args.positionals().isEmpty()) {
            throw new UsageException("say what to do: 'elastic install', 'elastic ship PATH...' or 'elastic demo'");
        }
        List<String> rest = args.positionals().subList(1, args.positionals().size());
        if (args.value("tuning") != null && !args.positionals().get(0).equals("install")) {
            throw new UsageException("--tuning belongs to 'elastic install' (with --kibana-url)");
        }
        switch (args.positionals().get(0)) {
            case "install":
                noPaths(rest);
                return install(args, terminal);
            case "ship":
                if (rest.isEmpty()) {
                    throw new UsageException("name the files or folders to ship");
                }
                return ship(args, rest, terminal);
            case "demo":
                noPaths(rest);
                return demo(args, terminal);
            default:
                throw new UsageException("unknown action '" + args.positionals().get(0) + "' (install, ship or demo)");
        }
    }

    /** The demo's temporary folder (the node already deleted its data; what is left is its log). */
    private static void deleteTree(Path root) throws IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void noPaths(List<String> rest) throws UsageException {
        if (!rest.isEmpty()) {
            throw new UsageException("unexpected argument '" + rest.get(0) + "'");
        }
    }

    private int install(Args args, Terminal terminal) throws Exception {
        String esUrl = ClusterOptions.elasticsearchUrl(args, terminal);
        String kibanaUrl = ClusterOptions.kibanaUrl(args, terminal);
        if (esUrl == null && kibanaUrl == null) {
            throw new UsageException("say where to install: --url (Elasticsearch) and/or --kibana-url (or set "
                    + ClusterOptions.ENV_URL + " / " + ClusterOptions.ENV_KIBANA_URL + ")");
        }
        if (kibanaUrl == null && (args.value("space") != null || args.flag("fleet") || args.value("tuning") != null)) {
            throw new UsageException("--space, --fleet and --tuning are for Kibana: give --kibana-url");
        }
        Tuning tuning = args.value("tuning") == null ? null
                : CheckedFile.tuning(args.value("tuning"), RulePack.standard(), "elastic", "nothing was installed", terminal);
        List<InstallReport> reports = new java.util.ArrayList<>();
        ClusterLicence[] licence = {null};
        if (esUrl != null) {
            Integer replicas = args.value("replicas") == null ? null : args.intValue("replicas", 0, 0, 100);
            withCluster(ClusterOptions.target("--url", esUrl, args, terminal), es -> {
                ClusterProbe.Cluster cluster = ClusterProbe.probe(es);
                InstallReport report = new Installer(new ClientAssetStore(es)).install(cluster.describe(),
                        ClusterAssets.of(FieldCatalog.standard(), cluster.profile(), replicas), args.flag("force"));
                InstallReports.print(report, terminal.out());
                reports.add(report);
                licence[0] = ClusterLicence.read(es);
                return ExitCodes.OK;
            });
        }
        if (kibanaUrl != null) {
            ClusterTarget kibana = ClusterOptions.target("--kibana-url", kibanaUrl, args, terminal);
            try (Credentials credentials = kibana.credentials()) {
                InstallReport report = KibanaInstall.run(kibana, args.value("space"), args.flag("fleet"), args.flag("force"),
                        licence[0], tuning, FieldCatalog.standard(), terminal);
                InstallReports.print(report, terminal.out());
                reports.add(report);
            }
        }
        if (reports.stream().anyMatch(InstallReport::failedAnything)) {
            return ExitCodes.ERROR;
        }
        return reports.stream().anyMatch(InstallReport::refusedAnything) ? ExitCodes.FOUND : ExitCodes.OK;
    }

    /** Work against the cluster the options name. */
    @FunctionalInterface
    private interface ClusterWork {
        int run(ElasticsearchClient es) throws Exception;
    }

    /**
     * Runs {@code work} with a client for the cluster; the credentials are overwritten in memory
     * afterwards, and a failure quoting the cluster's answer is quoted safely.
     */
    private static int withCluster(ClusterTarget target, ClusterWork work) throws Exception {
        Credentials credentials = target.credentials();
        try (credentials; ElasticsearchClient es = ElasticClients.create(target)) {
            try {
                return work.run(es);
            } catch (Exception e) {
                throw ClusterErrors.quoted(e, target);
            }
        }
    }

    private int ship(Args args, List<String> paths, Terminal terminal) throws Exception {
        ShipOptions batched = ShipOptions.DEFAULT.withBatchDocs(args.intValue("batch-size", ShipOptions.DEFAULT.batchDocs(), 1, 10_000));
        ShipOptions options;
        try {
            options = batched.withNamespace(args.value("namespace", batched.namespace()));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        List<Path> files = InputFiles.expand(paths.stream().map(Path::of).toList());
        String checkpointFile = args.value("checkpoint");
        Checkpoint checkpoint = checkpointFile == null ? Checkpoint.none() : Checkpoint.open(Path.of(checkpointFile));
        String quarantineFile = args.value("quarantine");
        return withCluster(ClusterOptions.target(args, terminal), es -> {
            try (QuarantineSink quarantine = quarantineFile == null ? QuarantineSink.DISCARD
                     : NdjsonQuarantineWriter.create(Path.of(quarantineFile))) {
                return ship(es, options, checkpoint, quarantine, files, args, terminal);
            }
        });
    }

    private static int ship(ElasticsearchClient es, ShipOptions options, Checkpoint checkpoint, QuarantineSink quarantine,
                            List<Path> files, Args args, Terminal terminal) throws Exception {
        // Tokens are inspected against the user's ledger, as in the hunt; unlike the hunt's lean normalizer,
        // shipped documents keep the raw bag (forgewatch.raw).
        String ledger = args.value("ledger");
        Intake intake = Intake.forUser(terminal.env(), ledger != null ? Path.of(ledger) : null);
        BulkShipper shipper = new BulkShipper(es, new EcsMapper(intake.catalog()), options, Sleeper.REAL);
        ShipRun.Result result = new ShipRun(intake.opener(), intake.normalizer(), quarantine, shipper, checkpoint).ship(files);
        terminal.err().println("forgewatch elastic ship: " + result.shipped().summary() + "; "
                + result.read().quarantined() + " records quarantined"
                + (result.filesSkipped() > 0 ? "; " + result.filesSkipped() + " files already shipped (checkpoint)" : ""));
        List<ItemError> errors = result.shipped().errors();
        errors.stream().limit(SHOWN_ERRORS).forEach(error -> terminal.err().println("  failed: " + error));
        if (result.shipped().failed() > SHOWN_ERRORS) {
            terminal.err().println("  ... and " + (result.shipped().failed() - SHOWN_ERRORS) + " more");
        }
        if (result.filesUnrecorded() > 0) {
            terminal.err().println("forgewatch elastic ship: " + result.filesUnrecorded() + " files not recorded in the checkpoint:"
                    + " not every event of theirs was indexed; a rerun sends them again");
        }
        return result.shipped().allConfirmed() ? ExitCodes.OK : ExitCodes.ERROR;
    }

    private int demo(Args args, Terminal terminal) throws Exception {
        NodeClasspath classpath;
        try {
            classpath = NodeClasspath.fromListFile(Path.of(args.value("node-classpath", DEFAULT_NODE_CLASSPATH.toString())));
        } catch (IOException e) {
            terminal.err().println("forgewatch elastic demo: " + e.getMessage());
            return ExitCodes.ERROR;
        }
        Path samples = Path.of(args.value("samples", "samples/data"));
        if (!Files.isDirectory(samples)) {
            throw new UsageException("no sample data at " + samples + " (use --samples DIR)");
        }
        String workDir = args.value("work-dir");
        Path home = workDir != null ? Path.of(workDir) : Files.createTempDirectory("forgewatch-demo-");
        boolean keep = args.flag("keep");
        new Demo(terminal.out(), RulePack.standard().rules()).run(classpath, samples, home, 512, url -> {
            if (keep) {
                terminal.out().println("\nThe node stays up at " + url + " (try " + url + "/logs-forgewatch.*/_search)."
                        + " Press Enter to stop it.");
                System.in.read();
            }
        });
        // after a failure the folder stays, with the node's log in it
        if (workDir == null) {
            deleteTree(home);
        }
        return ExitCodes.OK;
    }
}
