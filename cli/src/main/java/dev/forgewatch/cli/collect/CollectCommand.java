package dev.forgewatch.cli.collect;

import dev.forgewatch.cli.Args;
import dev.forgewatch.cli.Command;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.cli.Terminal;
import dev.forgewatch.cli.UsageException;
import dev.forgewatch.collector.graph.SignInCategory;
import dev.forgewatch.collector.CollectListener;
import dev.forgewatch.collector.CollectSummary;
import dev.forgewatch.collector.Collector;
import dev.forgewatch.collector.ConfigLoader;
import dev.forgewatch.collector.coverage.CoverageReport;
import dev.forgewatch.common.http.HttpPolicy;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** {@code forgewatch collect}: pulls audit content and sign-ins from a tenant into local NDJSON files. */
public final class CollectCommand implements Command {
    private final Function<CollectListener, Collector.Runtime> runtimes;

    public CollectCommand() {
        this(Collector.Runtime::standard);
    }

    /** Tests pass their own clock, waits and fault points through here. */
    public CollectCommand(Function<CollectListener, Collector.Runtime> runtimes) {
        this.runtimes = runtimes;
    }

    @Override
    public String name() {
        return "collect";
    }

    @Override
    public String summary() {
        return "pull audit logs (Management Activity API) and sign-ins (Graph) into files hunt reads";
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of("config", "out", "state", "since-hours", "sources", "ca-file", "preflight-hours");
    }

    @Override
    public Set<String> flags() {
        return Set.of("start-subscriptions", "preflight", "insecure", HttpPolicy.ALLOW_HTTP, "quiet", "no-progress");
    }

    @Override
    public String help() {
        return """
                Usage: forgewatch collect [--config FILE] [options]

                Pulls Microsoft 365 audit content (Office 365 Management Activity API: Audit.Exchange,
                Audit.AzureActiveDirectory, Audit.General) and Entra ID sign-ins (Microsoft Graph
                auditLogs/signIns) into gzipped NDJSON files, one folder per stream, that
                'forgewatch hunt' reads. Each stream keeps a checkpoint: run it again (e.g. every 15
                minutes) and it continues where it stopped, also after a crash, with nothing lost or
                written twice. Then prints a logging-coverage report: is MailItemsAccessed produced,
                and which mailboxes with Exchange activity produced none?

                Settings come from the config file (.properties or .yaml; see collector/README.md),
                then the environment, then these options. Secrets are never options: set
                FORGEWATCH_CLIENT_SECRET, or name files (client_secret_file, certificate_file +
                private_key_file, certificate_p12_file with FORGEWATCH_CERT_PASSWORD).

                Options:
                  --config FILE            settings file (tenant_id, client_id, credential files, ...)
                  --out DIR                output directory (default: forgewatch-logs)
                  --state DIR              checkpoint directory (default: DIR/.forgewatch-state)
                  --since-hours N          first run: how far back to start (default 24; the API keeps 7 days)
                  --sources LIST           comma list of Audit.Exchange, Audit.AzureActiveDirectory,
                                           Audit.General, Audit.SharePoint, DLP.All, signins (all four
                                           sign-in categories), or signins-interactive,
                                           signins-noninteractive, signins-serviceprincipal,
                                           signins-managedidentity (one each)

                  --start-subscriptions    start missing content subscriptions (first content can take 12 h)
                  --preflight              only check logging coverage over the last --preflight-hours
                                           (default 24) of Audit.Exchange; writes nothing; exit 1 on gaps
                  --ca-file PEM            trust this CA / certificate instead of the system store (labs, proxies)
                  --insecure               do not verify server certificates (throw-away labs only)
                """ + HttpPolicy.help(27) + """
                  --no-progress            no progress line (it only shows on a terminal anyway)
                  --quiet                  no summary
                  --debug                  stack traces on errors

                Exit codes: 0 done; 1 --preflight found a coverage gap; 2 usage, configuration, credential
                or API error (AADSTS / AF codes are named, with a hint).

                Examples:
                  FORGEWATCH_CLIENT_SECRET=... forgewatch collect --config collector.properties --out logs
                  forgewatch collect --config collector.yaml --preflight
                  forgewatch hunt logs --report report.html
                """;
    }

    @Override
    public int run(Args args, Terminal terminal) throws Exception {
        if (!args.positionals().isEmpty()) {
            throw new UsageException("collect takes no file arguments (use --config FILE)");
        }
        Path configFile = args.value("config") == null ? null : Path.of(args.value("config"));
        if (configFile != null && !Files.isRegularFile(configFile)) {
            throw new UsageException("--config " + configFile + " is not a file");
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        putIf(overrides, "output_dir", args.value("out"));
        putIf(overrides, "state_dir", args.value("state"));
        putIf(overrides, "tls_ca_file", args.value("ca-file"));
        if (args.value("since-hours") != null) {
            overrides.put("lookback_hours", Long.toString(args.longValue("since-hours", 24, 1, 7 * 24)));
        }
        if (args.flag("insecure")) {
            overrides.put("tls_insecure", "true");
        }
        if (args.flag(HttpPolicy.ALLOW_HTTP)) {
            overrides.put("allow_http", "true");
        }
        if (args.flag("start-subscriptions")) {
            overrides.put("start_subscriptions", "true");
        }
        if (args.value("sources") != null) {
            sources(args.value("sources"), overrides);
        }
        ConfigLoader.Loaded loaded;
        try {
            loaded = ConfigLoader.load(configFile, terminal.env(), overrides);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UsageException("configuration: " + e.getMessage());
        }
        loaded.warnings().forEach(warning -> terminal.err().println("forgewatch collect: " + warning));
        if (loaded.insecure()) {
            terminal.err().println("forgewatch collect: WARNING: server certificates are NOT verified (--insecure / tls_insecure):"
                    + " anyone on the path can read the tokens and the logs. Use only in a throw-away lab.");
        }
        try {
            return collect(loaded, args, terminal);
        } finally {
            loaded.config().credential().close();
        }
    }

    private int collect(ConfigLoader.Loaded loaded, Args args, Terminal terminal) throws Exception {
        boolean progress = terminal.interactive() && !args.flag("no-progress") && !args.flag("quiet");
        Progress listener = new Progress(terminal.err(), progress);
        Collector collector = new Collector(loaded.config(), runtimes.apply(listener));
        if (args.flag("preflight")) {
            long hours = args.longValue("preflight-hours", 24, 1, 7 * 24);
            CoverageReport report = collector.preflight(Duration.ofHours(hours));
            listener.clear();
            terminal.out().print(report.render());
            return report.complete() ? ExitCodes.OK : ExitCodes.FOUND;
        }
        CollectSummary summary = collector.collect();
        listener.clear();
        if (!args.flag("quiet")) {
            terminal.out().printf(Locale.ROOT, "forgewatch collect: %,d records in %,d new file%s under %s%n", summary.records(), summary.files(),
                    summary.files() == 1 ? "" : "s", summary.output());
            terminal.out().print(summary.render());
            terminal.out().print(summary.coverage().render());
        }
        return ExitCodes.OK;
    }

    /** {@code signins} is every sign-in category; {@code signins-noninteractive} and the like one category each. */
    private static void sources(String list, Map<String, String> overrides) throws UsageException {
        StringBuilder types = new StringBuilder();
        java.util.Set<String> categories = new java.util.LinkedHashSet<>();
        for (String source : list.split(",")) {
            String name = source.trim().toLowerCase(java.util.Locale.ROOT);
            if (name.equals("signins")) {
                SignInCategory.all().forEach(category -> categories.add(category.eventType()));
            } else if (name.startsWith("signins-")) {
                // the interactive category's stream (folder) is plain "signins", as before the other categories
                SignInCategory category = name.equals("signins-interactive") ? SignInCategory.INTERACTIVE : null;
                for (SignInCategory known : SignInCategory.values()) {
                    if (known.stream().equals(name)) {
                        category = known;
                    }
                }
                if (category == null) {
                    throw new UsageException("--sources: unknown sign-in stream '" + source.trim() + "' (known: signins,"
                            + " signins-interactive, signins-noninteractive, signins-serviceprincipal, signins-managedidentity)");
                }
                categories.add(category.eventType());
            } else if (!name.isEmpty()) {
                types.append(types.length() == 0 ? "" : ",").append(source.trim());
            }
        }
        overrides.put("content_types", types.toString());
        overrides.put("signins", Boolean.toString(!categories.isEmpty()));
        if (!categories.isEmpty()) {
            overrides.put("signin_categories", String.join(",", categories));
        }
    }

    private static void putIf(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** Progress on stderr (one redrawn line, terminals only) and warnings (always). */
    private static final class Progress implements CollectListener {
        private final PrintStream err;
        private final boolean draw;
        private long records;
        private boolean drawn;

        Progress(PrintStream err, boolean draw) {
            this.err = err;
            this.draw = draw;
        }

        @Override
        public synchronized void window(String stream, Instant start, Instant end, int blobs) {
            line(String.format(Locale.ROOT, "%s %s .. %s: %,d listed, %,d records so far", stream, start, end, blobs, records));
        }

        @Override
        public synchronized void blob(String stream, String contentId, long count, long duplicates) {
            records += count;
            line(String.format(Locale.ROOT, "%s: %,d records so far", stream, records));
        }

        @Override
        public synchronized void retrying(String what, String reason, Duration wait, boolean throttled) {
            line(String.format(Locale.ROOT, "%s %s: %s, retrying in %d s", throttled ? "throttled" : "retry", what, reason, wait.toSeconds()));
        }

        @Override
        public synchronized void warning(String message) {
            clear();
            err.println("forgewatch collect: warning: " + message);
        }

        private void line(String text) {
            if (draw) {
                String cut = text.length() > 110 ? text.substring(0, 109) + "…" : text;
                err.print("\r" + String.format(Locale.ROOT, "%-110s", cut));
                err.flush();
                drawn = true;
            }
        }

        synchronized void clear() {
            if (drawn) {
                err.print("\r" + " ".repeat(110) + "\r");
                err.flush();
                drawn = false;
            }
        }
    }
}
