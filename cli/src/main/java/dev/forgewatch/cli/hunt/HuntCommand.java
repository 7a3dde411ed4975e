package dev.forgewatch.cli.hunt;

import dev.forgewatch.cli.Args;
import dev.forgewatch.cli.Command;
import dev.forgewatch.cli.CheckedFile;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.cli.Terminal;
import dev.forgewatch.cli.UsageException;
import dev.forgewatch.cli.report.HtmlReport;
import dev.forgewatch.cli.report.ReportObserver;
import dev.forgewatch.cli.report.TriageGuide;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.io.OutputFile;
import dev.forgewatch.common.pipeline.InputFiles;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.quarantine.NdjsonQuarantineWriter;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.FindingJson;
import dev.forgewatch.detections.incident.Incident;
import dev.forgewatch.detections.incident.IncidentModel;
import dev.forgewatch.detections.incident.IncidentPolicy;
import dev.forgewatch.detections.incident.Verdict;
import dev.forgewatch.detections.rule.RuleException;
import dev.forgewatch.detections.tuning.Tuning;
import dev.forgewatch.detections.baseline.BaselinePolicy;
import dev.forgewatch.hunt.Focus;
import dev.forgewatch.hunt.HuntObserver;
import dev.forgewatch.hunt.HuntRun;
import dev.forgewatch.hunt.HuntSetup;
import dev.forgewatch.hunt.order.SpillFolder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code forgewatch hunt PATH…}: the offline hunt over exported logs. */
public final class HuntCommand implements Command {
    static final int DEFAULT_SORT_CHUNK = 200_000;

    /** Builds the hunt's parts for a run; the shipped one reads the user's key ledger. */
    @FunctionalInterface
    public interface Setups {
        HuntSetup create(Terminal terminal, Path ledgerFile) throws Exception;
    }

    private final Setups setups;

    public HuntCommand(Setups setups) {
        this.setups = setups;
    }

    /** The shipped hunt: the user's refreshed key ledger when there is one, else the bundled snapshot. */
    public static HuntCommand standard() {
        return new HuntCommand((terminal, ledgerFile) -> HuntSetup.forUser(terminal.env(), ledgerFile));
    }

    @Override
    public String name() {
        return "hunt";
    }

    @Override
    public String summary() {
        return "hunt offline over exported audit, sign-in and proxy logs (the embedded default)";
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of("format", "output", "quarantine", "fail-on", "temp-dir", "sort-chunk", "ledger", "report", "show", "since",
                "until", "mailbox", "incidents", "tuning", "baselines");
    }

    @Override
    public Set<String> flags() {
        return Set.of("quiet", "no-progress");
    }

    @Override
    public String help() {
        return """
                Usage: forgewatch hunt [options] PATH...

                Reads Microsoft 365 Unified Audit Log exports (Management Activity API JSON or NDJSON,
                Purview / Search-UnifiedAuditLog CSV), Entra ID sign-in logs (Graph JSON, Azure Monitor
                export), app/proxy logs carrying bearer tokens (NDJSON, web access logs); .gz files too.
                Directories are read recursively (*.json, *.ndjson, *.jsonl, *.csv, *.log, optionally
                .gz). Inspects every token against the Microsoft signing-key ledger, runs every
                detection rule in time order across all files, groups the findings into incidents (one
                per compromised mailbox, scored by detections/rules/incidents.yaml) and prints the
                incidents, worst first, then the findings by rule.

                Options:
                  --format table|ndjson|json|csv  output format (default: table)
                  --show all|incidents|findings   incidents and findings (default), only the incidents
                                                  (in a table: with their evidence and next steps), or
                                                  only the findings (in a table: one line each)
                  --since TIME, --until TIME      report only incidents and findings in this window (a UTC
                                                  day 2023-05-24 or an instant 2023-05-24T06:00:00Z; until
                                                  is exclusive); the rules still learn from everything read
                  --mailbox UPN                   report only this mailbox's incidents and findings
                                                  (repeat for several)
                  --incidents FILE                a tenant's own incident policy (scores, thresholds,
                                                  window), in the shape of detections/rules/incidents.yaml
                  --tuning FILE                   a tenant's tuning (allow-listed apps, egress ranges,
                                                  service accounts, exclusions) in the shape of
                                                  detections/rules/tuning.yaml: the findings it matches are
                                                  suppressed, counted and listed by entry, never dropped
                                                  silently ('forgewatch rules tune' suggests entries)
                  --baselines FILE                a tenant's own baselines for the stateful rules (learning
                                                  period, when a daily pattern is established), in the
                                                  shape of detections/rules/baselines.yaml
                  --output FILE                   write the output to FILE instead of stdout
                  --report FILE                   also write a self-contained HTML report (incidents with
                                                  their timelines, summary, mail access timeline, first-seen
                                                  tables, coverage gaps, evidence and triage)
                  --quarantine FILE               write records that could not be read (NDJSON, with
                                                  file, line and reason) to FILE; they are always counted
                  --fail-on LEVEL                 exit 1 when a finding at or above a severity (informational,
                                                  low, medium, high, critical) or an incident at or above a
                                                  verdict (coverage-gap, suspicious, compromised) exists
                  --ledger FILE                   signing-key ledger to inspect tokens against (default:
                                                  $FORGEWATCH_HOME/keys/ledger.json as 'forgewatch keys
                                                  refresh' writes it, else the snapshot bundled in ForgeWatch)
                  --temp-dir DIR                  where to spill sort chunks of large inputs (default: system temp)
                  --sort-chunk N                  events sorted in memory before spilling (default: 200000;
                                                  at most 32 MiB of them either way)
                  --no-progress                   no progress bar (it only shows on a terminal anyway)
                  --quiet                         no summary line on stderr
                  --debug                         stack traces on errors

                Inputs are only read. An output that is an input file, lies inside an input folder, or
                is named twice is refused before anything is written; each output is written to a
                temp file beside it and renamed into place when the run succeeds, so a run that fails
                or is killed leaves the previous file as it was. A file reached twice (dir dir/sub, a
                link) is read once; an unreadable folder is skipped, named and counted.

                Exit codes: 0 run completed; 1 a finding or incident reached --fail-on; 2 usage or I/O error.

                Examples:
                  forgewatch hunt samples/data
                  forgewatch hunt --show incidents --mailbox harper.ibarra@fabrikam.example samples/data
                  forgewatch hunt --format ndjson --output findings.ndjson --quarantine bad.ndjson exports/
                  forgewatch hunt --fail-on compromised --since 2023-07-01 exports/
                  forgewatch hunt --fail-on high AuditLog_2023-07-01.csv.gz
                  forgewatch hunt --report report.html samples/data
                  forgewatch hunt --tuning tuning.yaml samples/data
                """;
    }

    private static OutputFile open(String path) throws IOException {
        return path == null ? null : OutputFile.open(Path.of(path));
    }

    private static Writer writer(OutputStream out) {
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }

    @Override
    public int run(Args args, Terminal terminal) throws Exception {
        if (args.positionals().isEmpty()) {
            throw new UsageException("give at least one file or directory to hunt in");
        }
        OutputFormat format = OutputFormat.parse(args.value("format", "table"));
        Show show = Show.parse(args.value("show", "all"));
        Severity failOn = null;
        Verdict failOnVerdict = null;
        if (args.value("fail-on") != null) {
            try {
                failOnVerdict = Verdict.parse(args.value("fail-on"));
            } catch (IllegalArgumentException notVerdict) {
                try {
                    failOn = Severity.parse(args.value("fail-on"));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--fail-on: '" + args.value("fail-on") + "' is neither a severity (informational, low, medium,"
                            + " high, critical) nor a verdict (coverage-gap, suspicious, compromised)");
                }
            }
        }
        Focus focus;
        try {
            focus = new Focus(time(args, "since"), time(args, "until"), Set.copyOf(args.values("mailbox")));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--since/--until: " + e.getMessage());
        }
        int sortChunk = args.intValue("sort-chunk", DEFAULT_SORT_CHUNK, 1, 50_000_000);
        Path tempDir = Path.of(args.value("temp-dir", System.getProperty("java.io.tmpdir")));
        if (!Files.isDirectory(tempDir)) {
            throw new UsageException("--temp-dir " + tempDir + " is not a directory");
        }
        List<Path> inputs = new ArrayList<>();
        for (String path : args.positionals()) {
            inputs.add(Path.of(path));
        }
        Path ledgerFile = args.value("ledger") == null ? null : Path.of(args.value("ledger"));
        if (ledgerFile != null && !Files.isRegularFile(ledgerFile)) {
            throw new UsageException("--ledger " + ledgerFile + " is not a file");
        }
        InputFiles.Expanded expanded = InputFiles.scan(inputs);
        if (expanded.files().isEmpty() && expanded.skipped().isEmpty()) {
            throw new UsageException("no log files found in " + args.positionals()
                    + " (looked for *.json, *.ndjson, *.jsonl, *.csv, *.log, optionally .gz)");
        }
        List<HuntOutputs.Named> outputs = new ArrayList<>();
        for (String option : List.of("output", "quarantine", "report")) {
            if (args.value(option) != null) {
                outputs.add(new HuntOutputs.Named(option, Path.of(args.value(option))));
            }
        }
        HuntOutputs.check(outputs, expanded);
        for (InputFiles.Skipped skipped : expanded.skipped()) {
            terminal.err().println("forgewatch hunt: cannot read " + skipped.path() + ": " + skipped.reason() + "; skipped");
        }
        SpillFolder.Cleanup stale = SpillFolder.removeStale(tempDir);
        if (stale.removed() > 0) {
            terminal.err().printf(Locale.ROOT, "forgewatch hunt: removed %d sort spill folder%s (%s) that killed hunts left in %s%n",
                    stale.removed(), stale.removed() == 1 ? "" : "s", ProgressBar.size(stale.bytes()), tempDir);
        }
        for (String folder : stale.left()) {
            terminal.err().println("forgewatch hunt: left " + folder);
        }
        HuntSetup setup = setups.create(terminal, ledgerFile);
        if (args.value("incidents") != null) {
            setup = setup.withPolicy(policy(Path.of(args.value("incidents")), setup, terminal));
        }
        if (args.value("baselines") != null) {
            setup = setup.withBaselines(baselines(Path.of(args.value("baselines")), setup, terminal));
        }
        if (args.value("tuning") != null) {
            setup = setup.withTuning(tuning(Path.of(args.value("tuning")), setup, terminal));
        }

        boolean showProgress = terminal.interactive() && !args.flag("no-progress") && !args.flag("quiet");
        ProgressBar bar = showProgress ? new ProgressBar(terminal.err()) : null;
        // --report: an observer with bounded state sees the stream; the report is written after the run
        ReportObserver report = args.value("report") == null ? null : new ReportObserver();
        // every output goes to a temp file beside it and is renamed into place once the whole run succeeded
        HuntRun.Result result;
        try (OutputFile quarantineFile = open(args.value("quarantine"));
             OutputFile findingsFile = open(args.value("output"));
             OutputFile reportFile = open(args.value("report"))) {
            try (QuarantineSink quarantine = quarantineFile == null ? QuarantineSink.DISCARD
                    : new NdjsonQuarantineWriter(writer(quarantineFile.stream()))) {
                result = new HuntRun(setup, tempDir, sortChunk).run(expanded, quarantine,
                        bar == null ? ProgressListener.NONE : bar, report == null ? HuntObserver.NONE : report);
            } finally {
                if (bar != null) {
                    bar.clear();
                }
            }
            IncidentModel model = setup.incidentModel();
            result = focus.apply(result, model);
            FindingWriter writer = new FindingWriter(new FindingJson(setup.catalog(), model), new IncidentTable(model));
            writer.write(format, show, result, writer(findingsFile == null ? terminal.out() : findingsFile.stream()));
            if (reportFile != null) {
                Writer html = writer(reportFile.stream());
                html.write(new HtmlReport(TriageGuide.of(setup.rules())).render(report, result.summary(), result.findings(),
                        result.incidents(), Instant.now()));
                html.flush();
            }
            for (OutputFile file : new OutputFile[] {findingsFile, quarantineFile, reportFile}) {
                if (file != null) {
                    file.commit();
                }
            }
        }
        // shown even with --quiet: the findings are not the whole answer
        String evicted = Summaries.evictionWarning(result.engine());
        if (evicted != null) {
            terminal.err().println(evicted);
        }
        String learning = Summaries.learningNote(result.engine());
        if (learning != null && !args.flag("quiet")) {
            terminal.err().println(learning);
        }
        if (!args.flag("quiet")) {
            if (format != OutputFormat.TABLE) {
                SuppressedReport.lines(result.suppressed()).forEach(line -> terminal.err().println("forgewatch hunt: " + line.strip()));
            }
            terminal.err().println(Summaries.line(result.summary(), result.findings(), result.incidents(), result.suppressed().size())
                    + (result.summary().quarantined() > 0 && args.value("quarantine") == null
                            ? "; use --quarantine FILE to keep the quarantined records" : ""));
        }
        if (failOn != null) {
            for (Finding finding : result.findings()) {
                if (finding.severity().atLeast(failOn)) {
                    return ExitCodes.FOUND;
                }
            }
        }
        if (failOnVerdict != null) {
            for (Incident incident : result.incidents().incidents()) {
                if (incident.verdict().compareTo(failOnVerdict) >= 0) {
                    return ExitCodes.FOUND;
                }
            }
        }
        return ExitCodes.OK;
    }

    /** A UTC day ({@code 2023-05-24}, its start) or an instant, or null when the option is absent. */
    private static Instant time(Args args, String option) throws UsageException {
        String text = args.value(option);
        if (text == null) {
            return null;
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new UsageException("--" + option + ": '" + text + "' is neither a UTC day (2023-05-24) nor an instant (2023-05-24T06:00:00Z)");
        }
    }

    /** A tenant's tuning, checked against the rules the hunt runs; every problem named with its line. */
    static Tuning tuning(Path file, HuntSetup setup, Terminal terminal) throws UsageException, java.io.IOException {
        return CheckedFile.read("tuning", file, (name, text) -> Tuning.parse(name, text, setup.rules(), setup.catalog(), setup.policy()),
                "hunt", "nothing was run", terminal);
    }

    /** A tenant's baselines, checked against the rules the hunt runs; every problem named with its line. */
    static BaselinePolicy baselines(Path file, HuntSetup setup, Terminal terminal) throws UsageException, java.io.IOException {
        return CheckedFile.read("baselines", file, (name, text) -> BaselinePolicy.parse(name, text, setup.rules()), "hunt",
                "nothing was run", terminal);
    }

    /** A tenant's incident policy, checked against the rules the hunt runs; every problem named with its line. */
    private static IncidentPolicy policy(Path file, HuntSetup setup, Terminal terminal) throws UsageException, java.io.IOException {
        return CheckedFile.read("incidents", file, (name, text) -> {
            IncidentPolicy policy = IncidentPolicy.parse(name, text);
            List<RuleException.Problem> problems = policy.check(setup.rules(), name);
            if (!problems.isEmpty()) {
                throw new RuleException(problems);
            }
            return policy;
        }, "hunt", "nothing was run", terminal);
    }
}
