package dev.forgewatch.cli.hunt;

import dev.forgewatch.cli.Args;
import dev.forgewatch.cli.Command;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.cli.Terminal;
import dev.forgewatch.cli.UsageException;
import dev.forgewatch.cli.report.HtmlReport;
import dev.forgewatch.cli.report.ReportObserver;
import dev.forgewatch.cli.report.TriageGuide;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.io.AtomicFiles;
import dev.forgewatch.common.pipeline.InputFiles;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.quarantine.NdjsonQuarantineWriter;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.FindingJson;
import dev.forgewatch.hunt.HuntObserver;
import dev.forgewatch.hunt.HuntRun;
import dev.forgewatch.hunt.HuntSetup;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        return Set.of("format", "output", "quarantine", "fail-on", "temp-dir", "sort-chunk", "ledger", "report");
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
                detection rule in time order across all files, and prints the findings.

                Options:
                  --format table|ndjson|json|csv  output format (default: table)
                  --output FILE                   write findings to FILE instead of stdout
                  --report FILE                   also write a self-contained HTML report (summary, timeline,
                                                  first-seen tables, coverage gaps, evidence and triage)
                  --quarantine FILE               write records that could not be read (NDJSON, with
                                                  file, line and reason) to FILE; they are always counted
                  --fail-on SEVERITY              exit 1 when a finding at or above SEVERITY exists
                                                  (informational, low, medium, high, critical)
                  --ledger FILE                   signing-key ledger to inspect tokens against (default:
                                                  $FORGEWATCH_HOME/keys/ledger.json as 'forgewatch keys
                                                  refresh' writes it, else the snapshot bundled in ForgeWatch)
                  --temp-dir DIR                  where to spill sort chunks of large inputs (default: system temp)
                  --sort-chunk N                  events sorted in memory before spilling (default: 200000)
                  --no-progress                   no progress bar (it only shows on a terminal anyway)
                  --quiet                         no summary line on stderr
                  --debug                         stack traces on errors

                Exit codes: 0 run completed; 1 a finding reached --fail-on; 2 usage or I/O error.

                Examples:
                  forgewatch hunt samples/data
                  forgewatch hunt --format ndjson --output findings.ndjson --quarantine bad.ndjson exports/
                  forgewatch hunt --fail-on high AuditLog_2023-07-01.csv.gz
                  forgewatch hunt --report report.html samples/data
                """;
    }

    @Override
    public int run(Args args, Terminal terminal) throws Exception {
        if (args.positionals().isEmpty()) {
            throw new UsageException("give at least one file or directory to hunt in");
        }
        OutputFormat format = OutputFormat.parse(args.value("format", "table"));
        Severity failOn = null;
        if (args.value("fail-on") != null) {
            try {
                failOn = Severity.parse(args.value("fail-on"));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--fail-on: " + e.getMessage());
            }
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
        List<Path> files = InputFiles.expand(inputs);
        if (files.isEmpty()) {
            throw new UsageException("no log files found in " + args.positionals()
                    + " (looked for *.json, *.ndjson, *.jsonl, *.csv, *.log, optionally .gz)");
        }
        HuntSetup setup = setups.create(terminal, ledgerFile);

        boolean showProgress = terminal.interactive() && !args.flag("no-progress") && !args.flag("quiet");
        ProgressBar bar = showProgress ? new ProgressBar(terminal.err()) : null;
        // --report: an observer with bounded state sees the stream; the report is written after the run
        ReportObserver report = args.value("report") == null ? null : new ReportObserver();
        HuntRun.Result result;
        try (QuarantineSink quarantine = args.value("quarantine") == null ? QuarantineSink.DISCARD
                : NdjsonQuarantineWriter.create(Path.of(args.value("quarantine")))) {
            result = new HuntRun(setup, tempDir, sortChunk).run(files, quarantine, bar == null ? ProgressListener.NONE : bar,
                    report == null ? HuntObserver.NONE : report);
        } finally {
            if (bar != null) {
                bar.clear();
            }
        }

        FindingWriter writer = new FindingWriter(new FindingJson(setup.catalog()));
        if (args.value("output") != null) {
            Path output = Path.of(args.value("output"));
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (Writer out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                writer.write(format, result.findings(), result.summary(), out);
            }
        } else {
            Writer out = new BufferedWriter(new OutputStreamWriter(terminal.out(), StandardCharsets.UTF_8));
            writer.write(format, result.findings(), result.summary(), out);
        }
        if (report != null) {
            AtomicFiles.writeString(Path.of(args.value("report")), new HtmlReport(TriageGuide.of(setup.rules()))
                    .render(report, result.summary(), result.findings(), Instant.now()));
        }
        if (!args.flag("quiet")) {
            terminal.err().println(Summaries.line(result.summary(), result.findings())
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
        return ExitCodes.OK;
    }
}
