package dev.forgewatch.cli.splunk;

import dev.forgewatch.cli.Args;
import dev.forgewatch.cli.Command;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.cli.Terminal;
import dev.forgewatch.cli.CheckedFile;
import dev.forgewatch.cli.UsageException;
import dev.forgewatch.common.delivery.Checkpoint;
import dev.forgewatch.common.delivery.ItemError;
import dev.forgewatch.common.delivery.ShipReport;
import dev.forgewatch.common.delivery.ShipRun;
import dev.forgewatch.common.http.HttpPolicy;
import dev.forgewatch.common.http.HttpTransport;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.pipeline.InputFiles;
import dev.forgewatch.common.quarantine.NdjsonQuarantineWriter;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.common.retry.Sleeper;
import dev.forgewatch.common.secret.Secret;
import dev.forgewatch.common.tls.TlsOptions;
import dev.forgewatch.detections.compile.splunk.SplunkMacros;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.tuning.Tuning;
import dev.forgewatch.hunt.Intake;
import dev.forgewatch.splunk.app.AppInfo;
import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.app.BuildApp;
import dev.forgewatch.splunk.app.ContentSources;
import dev.forgewatch.splunk.app.SplPackage;
import dev.forgewatch.splunk.appinspect.AppInspector;
import dev.forgewatch.splunk.hec.HecClient;
import dev.forgewatch.splunk.hec.HecEvents;
import dev.forgewatch.splunk.hec.HecSettings;
import dev.forgewatch.splunk.hec.HecShipper;
import dev.forgewatch.splunk.hec.HecSink;
import dev.forgewatch.splunk.http.SplunkHttp;
import dev.forgewatch.splunk.rest.AppInstaller;
import dev.forgewatch.splunk.rest.FilterMacros;
import dev.forgewatch.splunk.rest.SplunkAuth;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code forgewatch splunk package|check|install|ship}: builds and checks the Splunk app, installs it
 * through the management port, and ships exported logs and findings to the HTTP Event Collector.
 * Credentials come from the environment or a file, never from an argument.
 */
public final class SplunkCommand implements Command {
    static final String HEC_TOKEN_ENV = "FORGEWATCH_HEC_TOKEN";
    static final String SPLUNK_TOKEN_ENV = "FORGEWATCH_SPLUNK_TOKEN";
    static final String SPLUNK_PASSWORD_ENV = "FORGEWATCH_SPLUNK_PASSWORD";

    private final Sleeper sleeper;

    public SplunkCommand() {
        this(Sleeper.REAL);
    }

    /** For tests: how the HEC shipper waits between retries. */
    SplunkCommand(Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    @Override
    public String name() {
        return "splunk";
    }

    @Override
    public String summary() {
        return "build, check and install the Splunk app; ship logs and findings to Splunk HEC";
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of("out", "url", "package", "ca-file", "token-file", "user", "password-file", "hec-url", "hec-token-file",
                "index", "host", "batch-events", "findings", "quarantine", "checkpoint", "tuning");
    }

    @Override
    public Set<String> flags() {
        return Set.of("insecure", HttpPolicy.ALLOW_HTTP);
    }

    @Override
    public String help() {
        return ("""
                Usage: forgewatch splunk package [--out DIR] [--tuning FILE]
                       forgewatch splunk check PACKAGE.spl|APP_FOLDER
                       forgewatch splunk install --url https://HOST:8089 --package LOCATION [--tuning FILE] [TLS and auth options]
                       forgewatch splunk ship --hec-url https://HOST:8088 [options] [--findings FILE] PATH...

                package  builds %s-%s.spl (the Splunk app: CIM-mapped sourcetypes, saved
                         searches, dashboards, IOC lookups) and runs the packaging checks on it. With
                         --tuning, the tenant's tuning file fills each tuned rule's <rule>_filter macro
                         (default/macros.conf), as 'rules export --target splunk --tuning' writes it.
                check    runs the packaging checks on a package or an unpacked app folder; exit 1
                         when a check fails, each problem with its file and rule.
                install  installs or upgrades the app through the management port (/services/apps/local).
                         LOCATION is where the Splunk server finds the package: a path on that server,
                         or a URL it can download. With --tuning, the tenant's tuning file then sets the
                         tuned rules' <rule>_filter macros in the app's local/macros.conf (through
                         /servicesNS/nobody/<app>/configs/conf-macros); run again, it changes nothing; a
                         macro an admin changed by hand is kept (exit 1).
                ship     reads exported logs (as 'forgewatch hunt' does) and sends them to the HTTP Event
                         Collector with indexer acknowledgement: audit records and sign-ins as the
                         vendor's JSON, inspected tokens as documents without the token; --findings adds
                         a findings file written by 'forgewatch hunt --format ndjson'. With
                         --checkpoint, each file is recorded once HEC acknowledged all its events, and
                         a rerun (after a crash or a kill, say) skips the files already recorded.

                Options:
                  --out DIR             where 'package' writes the .spl (default: the current folder)
                  --tuning FILE         package, install: a tenant's tuning file (detections/rules/tuning.yaml shape;
                                        docs/tuning.md); default: the shipped one, which is empty
                  --url URL             the management port, e.g. https://splunk.example:8089
                  --package LOCATION    the .spl as the Splunk server sees it (path or URL)
                  --user NAME           authenticate as this Splunk user; the password comes from
                                        %s or --password-file
                  --password-file FILE  file holding the password
                  --token-file FILE     file holding a Splunk authentication token (else %s)
                  --hec-url URL         the HTTP Event Collector, e.g. https://splunk.example:8088
                  --hec-token-file FILE file holding the HEC token (else %s)
                  --index NAME          index to write to (default: the token's default index)
                  --host NAME           host field of the events (default: the token's)
                  --batch-events N      events per request, 1 to 10000 (default: %d)
                  --findings FILE       also ship this findings NDJSON (repeatable)
                  --quarantine FILE     write records that could not be read (NDJSON)
                  --checkpoint FILE     ship: remember acknowledged files here and skip them on the next run
                  --ca-file PEM         trust this CA for the Splunk server's certificate
                  --insecure            do not verify TLS certificates (labs only)
                """ + HttpPolicy.help(24) + """

                Credentials are never taken as arguments: other users can read those.

                Examples:
                  forgewatch splunk package --out dist
                  FORGEWATCH_SPLUNK_TOKEN=... forgewatch splunk install --url https://splunk:8089 \\
                      --package /opt/staging/%s-%s.spl
                  forgewatch splunk ship --hec-url https://splunk:8088 --hec-token-file ~/.hec-token \\
                      --index m365 exports/
                """).formatted(AppInfo.ID, AppInfo.bundled().version(), SPLUNK_PASSWORD_ENV, SPLUNK_TOKEN_ENV, HEC_TOKEN_ENV,
                HecSettings.defaults().maxBatchEvents(), AppInfo.ID, AppInfo.bundled().version());
    }

    @Override
    public int run(Args args, Terminal terminal) throws Exception {
        if (args.positionals().isEmpty()) {
            throw new UsageException("say what to do: 'splunk package', 'check', 'install' or 'ship'");
        }
        List<String> rest = args.positionals().subList(1, args.positionals().size());
        if (args.value("tuning") != null && !List.of("package", "install").contains(args.positionals().get(0))) {
            throw new UsageException("--tuning belongs to 'splunk package' and 'splunk install' (the app's filter macros)");
        }
        switch (args.positionals().get(0)) {
            case "package":
                requireNoPaths(rest);
                Tuning tuning = CheckedFile.tuning(args.value("tuning"), RulePack.standard(), "splunk", "nothing was built", terminal);
                return buildPackage(Path.of(args.value("out", ".")), tuning, terminal);
            case "check":
                if (rest.size() != 1) {
                    throw new UsageException("'splunk check' takes one package or app folder");
                }
                return check(Path.of(rest.get(0)), terminal);
            case "install":
                requireNoPaths(rest);
                return install(args, terminal);
            case "ship":
                return ship(args, rest, terminal);
            default:
                throw new UsageException("unknown splunk action '" + args.positionals().get(0)
                        + "' (expected package, check, install or ship)");
        }
    }

    private static void requireNoPaths(List<String> rest) throws UsageException {
        if (!rest.isEmpty()) {
            throw new UsageException("unexpected argument '" + rest.get(0) + "'");
        }
    }

    private static int buildPackage(Path out, Tuning tuning, Terminal terminal) throws IOException {
        BuildApp.Result result = BuildApp.build(out, AppInfo.bundled().version(), ContentSources.standard(tuning));
        terminal.out().println(result.spl());
        long tuned = RulePack.standard().rules().alerting().stream().filter(rule -> !tuning.forRule(rule).isEmpty()).count();
        terminal.err().printf(Locale.ROOT, "forgewatch splunk: built %s (%d entries%s); packaging checks passed%n", result.spl(),
                result.tree().entries().size(), tuned == 0 ? "" : ", " + tuned + " filter macros from the tuning");
        return ExitCodes.OK;
    }

    private static int check(Path target, Terminal terminal) throws IOException {
        AppTree app;
        if (Files.isDirectory(target)) {
            app = AppTree.readDirectory(target);
        } else {
            try (InputStream in = Files.newInputStream(target)) {
                app = SplPackage.read(in);
            }
        }
        AppInspector.Report report = AppInspector.standard().inspect(app);
        terminal.out().print(report.describe());
        terminal.err().printf(Locale.ROOT, "forgewatch splunk: %d checks, %d problems in %s%n", report.checks().size(),
                report.problems().size(), target);
        return report.passed() ? ExitCodes.OK : ExitCodes.FOUND;
    }

    private static int install(Args args, Terminal terminal) throws Exception {
        URI url = url(args, "url");
        String location = args.value("package");
        if (location == null) {
            throw new UsageException("--package is required: where the Splunk server finds the .spl (a path on it, or a URL)");
        }
        Tuning tuning = args.value("tuning") == null ? null
                : CheckedFile.tuning(args.value("tuning"), RulePack.standard(), "splunk", "nothing was installed", terminal);
        SplunkAuth auth = auth(args, terminal);
        requireTls(args, url, auth.secret(), auth instanceof SplunkAuth.Password ? "password" : "Splunk token", terminal);
        try {
            HttpTransport transport = transport(args);
            AppInstaller installer = new AppInstaller(transport, url, auth);
            AppInstaller.Result result = installer.install(location);
            String version = installer.installedVersion(AppInfo.ID).orElse("unknown");
            result.messages().forEach(message -> terminal.err().println("forgewatch splunk: Splunk says: " + message));
            terminal.err().printf(Locale.ROOT, "forgewatch splunk: %s %s on %s (now version %s); Splunk may ask for a restart%n",
                    result.status() == 201 ? "installed" : "upgraded", result.app(), url, version);
            return tuning == null ? ExitCodes.OK : tuneMacros(new FilterMacros(transport, url, auth), tuning, terminal);
        } finally {
            auth.secret().close();
        }
    }

    /**
     * The tuning into the installed app's {@code <rule>_filter} macros (its {@code local/macros.conf}, through
     * the management port): the macros {@code splunk package --tuning} would build. Exit 1 when a macro an
     * admin changed by hand was kept.
     */
    private static int tuneMacros(FilterMacros macros, Tuning tuning, Terminal terminal) throws IOException {
        List<dev.forgewatch.detections.compile.splunk.Stanza> wanted = RulePack.standard().rules().alerting().stream()
                .map(rule -> SplunkMacros.filter(rule, tuning.forRule(rule))).toList();
        List<FilterMacros.Change> changes = macros.apply(AppInfo.ID, wanted);
        changes.stream().filter(change -> change.outcome() != FilterMacros.Outcome.UNCHANGED).forEach(change ->
                terminal.out().printf(Locale.ROOT, "  %-55s %s%n", "macro " + change.macro(), change.outcome().label()));
        Map<FilterMacros.Outcome, Long> counts = new java.util.EnumMap<>(FilterMacros.Outcome.class);
        changes.forEach(change -> counts.merge(change.outcome(), 1L, Long::sum));
        terminal.err().printf(Locale.ROOT, "forgewatch splunk: tuning filter macros: %d set, %d reset to search *, %d unchanged, %d kept%n",
                counts.getOrDefault(FilterMacros.Outcome.SET, 0L), counts.getOrDefault(FilterMacros.Outcome.RESET, 0L),
                counts.getOrDefault(FilterMacros.Outcome.UNCHANGED, 0L), counts.getOrDefault(FilterMacros.Outcome.KEPT, 0L));
        return counts.containsKey(FilterMacros.Outcome.KEPT) ? ExitCodes.FOUND : ExitCodes.OK;
    }

    private static SplunkAuth auth(Args args, Terminal terminal) throws IOException, UsageException {
        String user = args.value("user");
        if (user != null) {
            String file = args.value("password-file");
            return new SplunkAuth.Password(user, Secret.fromEnvOrFile(terminal.env(), SPLUNK_PASSWORD_ENV,
                    file == null ? null : Path.of(file), "password"));
        }
        if (args.value("password-file") != null) {
            throw new UsageException("--password-file needs --user");
        }
        String file = args.value("token-file");
        return new SplunkAuth.Token(Secret.fromEnvOrFile(terminal.env(), SPLUNK_TOKEN_ENV, file == null ? null : Path.of(file),
                "Splunk token"));
    }

    private int ship(Args args, List<String> paths, Terminal terminal) throws Exception {
        URI url = url(args, "hec-url");
        List<String> findings = args.values("findings");
        if (paths.isEmpty() && findings.isEmpty()) {
            throw new UsageException("give the files or folders to ship, or --findings FILE");
        }
        String tokenFile = args.value("hec-token-file");
        Secret token = Secret.fromEnvOrFile(terminal.env(), HEC_TOKEN_ENV, tokenFile == null ? null : Path.of(tokenFile),
                "HEC token");
        requireTls(args, url, token, "HEC token", terminal);
        try {
            return ship(args, paths, findings, url, token, terminal);
        } finally {
            token.close();
        }
    }

    private int ship(Args args, List<String> paths, List<String> findings, URI url, Secret token, Terminal terminal)
            throws Exception {
        HecSettings settings = HecSettings.defaults().withBatchEvents(args.intValue("batch-events",
                HecSettings.defaults().maxBatchEvents(), 1, 10_000));
        List<Path> files = InputFiles.expand(paths.stream().map(Path::of).toList());
        Intake intake = Intake.forUser(terminal.env(), null); // the ledger the hunt would use
        HecShipper shipper = new HecShipper(new HecClient(transport(args), url, token, UUID.randomUUID().toString()),
                settings, sleeper);
        HecSink sink = new HecSink(shipper, new HecEvents(new EcsMapper(intake.catalog())), args.value("host"), args.value("index"));
        String checkpointFile = args.value("checkpoint");
        Checkpoint checkpoint = checkpointFile == null ? Checkpoint.none() : Checkpoint.open(Path.of(checkpointFile));
        ShipRun.Result result;
        long findingsRead = 0;
        long findingsQuarantined = 0;
        try (QuarantineSink quarantine = args.value("quarantine") == null ? QuarantineSink.DISCARD
                : NdjsonQuarantineWriter.create(Path.of(args.value("quarantine")))) {
            result = new ShipRun(intake.opener(), intake.leanNormalizer(), quarantine, sink, checkpoint).ship(files);
            for (String file : findings) {
                HecSink.Findings shipped = sink.shipFindings(Path.of(file), quarantine);
                findingsRead += shipped.read();
                findingsQuarantined += shipped.quarantined();
            }
            sink.confirm();
        }
        ShipReport report = sink.report();
        summarize(result, report, findingsRead, findingsQuarantined, checkpoint.remembers(), terminal);
        return report.failed() > 0 || report.unconfirmed() > 0 ? ExitCodes.ERROR : ExitCodes.OK;
    }

    private static void summarize(ShipRun.Result result, ShipReport report, long findingsRead, long findingsQuarantined,
                                  boolean checkpointed, Terminal terminal) {
        terminal.err().printf(Locale.ROOT, "forgewatch splunk: %,d records read, %,d events shipped, %,d confirmed %s in %,d batches%n",
                result.read().recordsRead() + findingsRead, report.sent(), report.confirmed(),
                report.acknowledged() ? "by indexer acknowledgement" : "(the HEC token has acknowledgement off)",
                report.requests());
        if (report.retried() > 0) {
            terminal.err().printf(Locale.ROOT, "forgewatch splunk: %,d sends repeated%s%n", report.retried(), report.uncertainResends() == 0
                    ? "" : "; " + report.uncertainResends() + " after a lost connection or acknowledgement: any copy Splunk "
                    + "kept has the same forgewatch_event_id, and `forgewatch_dedup` drops it");
        }
        if (report.failed() > 0) {
            terminal.err().printf(Locale.ROOT, "forgewatch splunk: HEC rejected %d events as invalid: %s%n", report.failed(),
                    String.join(", ", report.errors().stream().map(ItemError::id).toList()));
        }
        if (report.notShipped() > 0) {
            terminal.err().printf(Locale.ROOT, "forgewatch splunk: %,d app-log records without a bearer token were not shipped%n",
                    report.notShipped());
        }
        long quarantined = result.read().quarantined() + findingsQuarantined;
        if (quarantined > 0) {
            terminal.err().printf(Locale.ROOT, "forgewatch splunk: %,d records quarantined%n", quarantined);
        }
        if (result.filesSkipped() > 0) {
            terminal.err().printf(Locale.ROOT, "forgewatch splunk: %,d files already shipped (checkpoint)%n", result.filesSkipped());
        }
        if (checkpointed && result.filesUnrecorded() > 0) {
            terminal.err().printf(Locale.ROOT, "forgewatch splunk: %,d files not recorded in the checkpoint: %s; a rerun sends them again%n",
                    result.filesUnrecorded(), report.acknowledged() ? "not every event of theirs was confirmed"
                            : "the HEC token has acknowledgement off, so Splunk confirms nothing");
        }
    }

    private static URI url(Args args, String option) throws UsageException {
        String value = args.value(option);
        if (value == null) {
            throw new UsageException("--" + option + " is required");
        }
        try {
            return HttpPolicy.serviceUrl("--" + option, value);
        } catch (HttpPolicy.Refused e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The one HTTP policy: a credential goes over plain http only with --allow-http, and then with a warning. */
    private static void requireTls(Args args, URI url, Secret secret, String credential, Terminal terminal) throws UsageException {
        try {
            HttpPolicy.requireTls(url, credential, args.flag(HttpPolicy.ALLOW_HTTP))
                    .ifPresent(warning -> terminal.err().println("forgewatch splunk: " + warning));
        } catch (HttpPolicy.Refused e) {
            secret.close();
            throw new UsageException(e.getMessage());
        }
    }

    private static HttpTransport transport(Args args) throws IOException, GeneralSecurityException, UsageException {
        boolean insecure = args.flag("insecure");
        String ca = args.value("ca-file");
        if (insecure && ca != null) {
            throw new UsageException("--insecure and --ca-file contradict each other");
        }
        TlsOptions tls = insecure ? TlsOptions.insecureForLabs() : ca != null ? TlsOptions.trusting(Path.of(ca))
                : TlsOptions.VERIFY;
        return SplunkHttp.transport(tls, Duration.ofSeconds(10), Duration.ofMinutes(2));
    }
}
