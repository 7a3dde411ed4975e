package dev.forgewatch.cli.rules;

import dev.forgewatch.cli.Args;
import dev.forgewatch.cli.Command;
import dev.forgewatch.cli.CheckedFile;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.cli.Terminal;
import dev.forgewatch.cli.UsageException;
import dev.forgewatch.common.io.OutputFile;
import dev.forgewatch.detections.compile.CompileException;
import dev.forgewatch.detections.compile.elastic.ElasticQueries;
import dev.forgewatch.detections.compile.elastic.KibanaRuleExport;
import dev.forgewatch.detections.compile.elastic.KibanaRules;
import dev.forgewatch.detections.compile.elastic.StackLines;
import dev.forgewatch.detections.compile.splunk.SavedSearches;
import dev.forgewatch.detections.compile.splunk.SplunkExport;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.pack.RuleTestCase;
import dev.forgewatch.detections.pack.RuleTestResult;
import dev.forgewatch.detections.pack.RuleTests;
import dev.forgewatch.detections.rule.CorrelationRule;
import dev.forgewatch.detections.rule.DetectionRule;
import dev.forgewatch.detections.rule.Lookup;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleException;
import dev.forgewatch.detections.rule.RuleSet;
import dev.forgewatch.detections.tuning.Tuning;
import dev.forgewatch.detections.tuning.TuningAdvisor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code forgewatch rules list|test|export|tune}: shows the detection rules, runs their test fixtures
 * and compiles them, writes them out for Elastic (Kibana rule NDJSON) or Splunk (app
 * {@code default/} .conf files and lookups), with a tenant's tuning, and suggests tuning entries from
 * a hunt's findings. Works on the shipped pack or a folder of rules.
 */
public final class RulesCommand implements Command {
    @Override
    public String name() {
        return "rules";
    }

    @Override
    public String summary() {
        return "list, test or export the detection rules (Sigma) for Elastic or Splunk";
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of("target", "output", "rules", "stack-version", "tuning");
    }

    @Override
    public Set<String> flags() {
        return Set.of();
    }

    @Override
    public String help() {
        return """
                Usage: forgewatch rules list [--rules DIR]
                       forgewatch rules test [--rules DIR]
                       forgewatch rules export --target elastic [--stack-version X.Y] [--tuning FILE] [--output FILE] [--rules DIR]
                       forgewatch rules export --target splunk [--tuning FILE] [--output DIR] [--rules DIR]
                       forgewatch rules tune [--rules DIR] FINDINGS.ndjson

                list    one line per alerting rule: name, level, kind, title.
                test    loads every rule (reporting file:line: reason for bad ones), runs every rule's
                        positive and negative test events through the engine, and compiles every rule
                        for Elastic and Splunk. Exit 0 when all pass, 1 when anything fails.
                export  elastic: Kibana detection rules as NDJSON (Security > Rules > Import), to
                        stdout or --output FILE, built for one stack line (--stack-version, default
                        the newest supported). A rule type the line lacks is left out and a feature it
                        lacks taken off, each listed on stderr with the reason; the file names the line.
                        splunk: with --output DIR, a Splunk app's default/savedsearches.conf,
                        default/macros.conf, default/transforms.conf and lookups/*.csv; without it,
                        savedsearches.conf on stdout. With --tuning, the tenant's tuning file becomes
                        Kibana rule exceptions (one exception list per tuned rule, in the same file,
                        imported with the rules) and the Splunk <rule>_filter macros.
                tune    reads the findings a hunt wrote ('hunt --format ndjson') and prints, as a tuning
                        file fragment, suggested entries with their evidence: an app or an address
                        whose findings recur on many days at the same hour over many mailboxes and
                        never in a critical or IOC finding (a backup or archiving service), and an
                        account that does the same from one address and never reaches high (a service
                        account). The thresholds are the 'suggestions' of baselines.yaml beside the
                        rules (--rules DIR for your own). Suggestions only: nothing is applied; review
                        them and copy what you accept (docs/tuning.md).

                Options:
                  --target elastic|splunk   what to export for
                  --output FILE|DIR         where to write the export (default: stdout)
                  --stack-version X.Y       elastic: the Kibana version to build for (8.19, 9.3.2, ...)
                  --tuning FILE             export: a tenant's tuning file (detections/rules/tuning.yaml
                                            shape); default: the pack's own (the shipped one is empty)
                  --rules DIR               a folder of rules laid out like the shipped pack
                                            (<area>/<name>.yml, <name>.tests.json, lookups/*.csv)
                                            instead of the rules ForgeWatch ships

                Examples:
                  forgewatch rules test
                  forgewatch rules export --target elastic --stack-version 8.19 --output forgewatch-rules.ndjson
                  forgewatch rules export --target splunk --output splunk/ForgeWatch
                  forgewatch rules export --target elastic --tuning tuning.yaml --output forgewatch-rules.ndjson
                  forgewatch hunt --format ndjson --output findings.ndjson exports/ && forgewatch rules tune findings.ndjson
                """;
    }

    @Override
    public int run(Args args, Terminal terminal) throws Exception {
        if (args.positionals().isEmpty()) {
            throw new UsageException("say what to do: 'rules list', 'rules test', 'rules export' or 'rules tune'");
        }
        String action = args.positionals().get(0);
        if (action.equals("tune")) {
            if (args.positionals().size() != 2) {
                throw new UsageException("'rules tune' reads one findings file: forgewatch rules tune FINDINGS.ndjson");
            }
            Path findings = Path.of(args.positionals().get(1));
            if (!Files.isRegularFile(findings)) {
                throw new UsageException(findings + " is not a file");
            }
            return withPack(args, terminal, pack -> tune(pack, findings, terminal));
        }
        if (args.positionals().size() != 1) {
            throw new UsageException("'rules " + action + "' takes no file; only 'rules tune' does");
        }
        if (!action.equals("export") && (args.value("target") != null || args.value("output") != null
                || args.value("stack-version") != null || args.value("tuning") != null)) {
            throw new UsageException("--target, --output, --stack-version and --tuning belong to 'rules export'");
        }
        switch (action) {
            case "list":
                return withPack(args, terminal, pack -> list(pack.rules(), terminal.out()));
            case "test":
                return withPack(args, terminal, pack -> test(pack, terminal.out()));
            case "export":
                String target = args.value("target");
                if (target == null || !(target.equals("elastic") || target.equals("splunk"))) {
                    throw new UsageException("--target must be elastic or splunk");
                }
                String output = args.value("output");
                StackLines.Choice line = stackLine(target, args.value("stack-version"));
                String tuningFile = args.value("tuning");
                return withPack(args, terminal, pack -> export(pack.rules(),
                        CheckedFile.tuning(tuningFile, pack, "rules", "nothing was exported", terminal), target, line,
                        output == null ? null : Path.of(output), terminal));
            default:
                throw new UsageException("unknown rules action '" + action + "' (expected list, test, export or tune)");
        }
    }

    /** The line an Elastic export is for: the one asked for, or the newest supported. */
    private static StackLines.Choice stackLine(String target, String version) throws UsageException {
        if (!target.equals("elastic")) {
            if (version != null) {
                throw new UsageException("--stack-version is for --target elastic");
            }
            return null;
        }
        StackLines lines = StackLines.standard();
        try {
            return lines.choose(version != null ? version : lines.supported().get(lines.supported().size() - 1).toString());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private interface PackAction {
        int run(RulePack pack) throws IOException, UsageException;
    }

    /** Loads the pack; a pack that does not load is reported problem by problem, exit 1. */
    private static int withPack(Args args, Terminal terminal, PackAction action) throws IOException, UsageException {
        RulePack pack;
        String dir = args.value("rules");
        try {
            pack = dir == null ? RulePack.standard() : RulePack.load(Path.of(dir));
        } catch (RuleException e) {
            e.problems().forEach(problem -> terminal.err().println(problem));
            terminal.err().println("forgewatch rules: " + e.problems().size() + " problem(s); no rules loaded");
            return ExitCodes.FOUND;
        }
        return action.run(pack);
    }

    private static int list(RuleSet rules, PrintStream out) {
        out.printf(Locale.ROOT, "%-45s %-13s %-17s %s%n", "NAME", "LEVEL", "KIND", "TITLE");
        for (Rule rule : rules.alerting()) {
            out.printf(Locale.ROOT, "%-45s %-13s %-17s %s%n", rule.name(), rule.info().level().label(), kind(rule), rule.info().title());
        }
        out.printf(Locale.ROOT, "%d rules%n", rules.alerting().size());
        return ExitCodes.OK;
    }

    private static String kind(Rule rule) {
        if (rule instanceof CorrelationRule correlation) {
            return correlation.correlation().type().sigmaName();
        }
        return ((DetectionRule) rule).newTerms() != null ? "new_terms" : "query";
    }

    private static int test(RulePack pack, PrintStream out) {
        RuleSet rules = pack.rules();
        Map<Rule, List<String>> failures = new LinkedHashMap<>();
        Map<Rule, Integer> cases = new LinkedHashMap<>();
        rules.alerting().forEach(rule -> {
            failures.put(rule, new ArrayList<>());
            cases.put(rule, 0);
        });
        for (RuleTestCase testCase : pack.tests()) {
            RuleTestResult result = RuleTests.run(rules, testCase);
            cases.merge(testCase.rule(), 1, Integer::sum);
            if (!result.passed()) {
                failures.get(testCase.rule()).add("case '" + testCase.name() + "': expected " + testCase.expectedFindings()
                        + " finding(s), got " + result.findings().size());
            }
        }
        SavedSearches splunk = new SavedSearches(rules.lookups());
        for (Rule rule : rules.alerting()) {
            try {
                KibanaRules.rule(rule);
                ElasticQueries.searchRequest(rule);
                splunk.stanza(rule);
            } catch (CompileException e) {
                failures.get(rule).add("does not compile: " + e.getMessage());
            }
        }
        pack.coverageProblems().forEach(problem -> out.println("FAIL  " + problem));
        int failed = 0;
        int caseCount = 0;
        for (Map.Entry<Rule, List<String>> entry : failures.entrySet()) {
            caseCount += cases.get(entry.getKey());
            if (entry.getValue().isEmpty()) {
                out.printf(Locale.ROOT, "PASS  %s (%d cases)%n", entry.getKey().name(), cases.get(entry.getKey()));
            } else {
                failed++;
                for (String failure : entry.getValue()) {
                    out.printf(Locale.ROOT, "FAIL  %s %s%n", entry.getKey().name(), failure);
                }
            }
        }
        out.printf(Locale.ROOT, "%d rules, %d test cases: %d rule(s) failed, %d coverage problem(s)%n", failures.size(), caseCount, failed,
                pack.coverageProblems().size());
        return failed == 0 && pack.coverageProblems().isEmpty() ? ExitCodes.OK : ExitCodes.FOUND;
    }

    private static int export(RuleSet rules, Tuning tuning, String target, StackLines.Choice line, Path output, Terminal terminal)
            throws IOException {
        if (target.equals("elastic")) {
            if (!line.exact()) {
                terminal.err().println("forgewatch rules: " + line.note());
            }
            if (!StackLines.standard().supports(line.line())) {
                terminal.err().println("forgewatch rules: Elastic no longer supports " + line.line()
                        + "; ForgeWatch builds for it, but tests its output only against the supported lines");
            }
            KibanaRuleExport export = KibanaRuleExport.forLine(rules, line.line(), StackLines.standard(), tuning);
            export.notes().forEach(note -> terminal.err().println("forgewatch rules: " + note));
            if (output == null) {
                terminal.out().print(export.ndjson());
            } else {
                write(output, export.ndjson());
                terminal.err().printf(Locale.ROOT, "forgewatch rules: wrote %d Kibana rules for %s%s to %s%n", export.rules().size(), line.line(),
                        export.exceptionLists().isEmpty() ? "" : String.format(Locale.ROOT, " with %d exception lists (%d items) from the tuning",
                                export.exceptionLists().size(), export.exceptionItems().size()), output);
            }
            return ExitCodes.OK;
        }
        if (output == null) {
            terminal.out().print(SplunkExport.savedSearches(rules));
            terminal.err().println("forgewatch rules: the searches need the macros and lookups too; use --output DIR to write them all");
            return ExitCodes.OK;
        }
        write(output.resolve("default").resolve("savedsearches.conf"), SplunkExport.savedSearches(rules));
        write(output.resolve("default").resolve("macros.conf"), SplunkExport.macros(rules, tuning));
        write(output.resolve("default").resolve("transforms.conf"), SplunkExport.transforms(rules));
        for (Lookup lookup : rules.lookups().values()) {
            write(output.resolve("lookups").resolve(lookup.name() + ".csv"), SplunkExport.lookupCsv(lookup));
        }
        terminal.err().printf(Locale.ROOT, "forgewatch rules: wrote %d saved searches, their macros and %d lookup(s) to %s%n",
                rules.alerting().size(), rules.lookups().size(), output);
        return ExitCodes.OK;
    }

    /** Suggestions from a findings file, as a tuning fragment on stdout; unreadable lines counted on stderr. */
    private static int tune(RulePack pack, Path findings, Terminal terminal) throws IOException {
        TuningAdvisor advisor = new TuningAdvisor(pack.rules(), pack.policy(), FieldCatalog.standard(),
                TuningAdvisor.Thresholds.of(pack.suggestions()));
        try (BufferedReader lines = Files.newBufferedReader(findings, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode doc;
                try {
                    doc = Json.MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    advisor.unreadable();
                    continue;
                }
                advisor.accept(doc);
            }
        }
        TuningAdvisor.Advice advice = advisor.advice();
        terminal.out().print(TuningAdvisor.fragment(advice, findings.getFileName().toString()));
        terminal.err().printf(Locale.ROOT, "forgewatch rules: %d findings and %d incidents read%s; %d suggestion(s), nothing applied%n",
                advice.findings(), advice.incidents(), advice.unreadable() == 0 ? ""
                        : String.format(Locale.ROOT, ", %d line(s) that are not findings of this rule pack skipped", advice.unreadable()),
                advice.suggestions().size());
        return ExitCodes.OK;
    }

    /** Every exported file is written whole (temp file, forced, renamed into place), or a device written directly. */
    private static void write(Path file, String text) throws IOException {
        OutputFile.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
