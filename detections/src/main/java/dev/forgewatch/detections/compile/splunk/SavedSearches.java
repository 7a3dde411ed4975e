package dev.forgewatch.detections.compile.splunk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.detections.compile.Schedules;
import dev.forgewatch.detections.compile.Targets;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.condition.FieldRef;
import dev.forgewatch.detections.incident.IncidentPolicy;
import dev.forgewatch.detections.rule.AttackCatalog.Technique;
import dev.forgewatch.detections.rule.Correlation;
import dev.forgewatch.detections.rule.CorrelationRule;
import dev.forgewatch.detections.rule.DetectionRule;
import dev.forgewatch.detections.rule.Lookup;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Rules as Splunk Enterprise Security correlation searches (savedsearches.conf stanzas): the SPL,
 * schedule and dispatch window, suppression, notable and risk actions with ATT&CK annotations.
 * Every search reads through the ForgeWatch macros and ends in the rule's {@code <rule>_filter}
 * macro. Stateful rules become stats searches over the rule's window (event_count, value_count,
 * temporal, absence) or over the history window (first-seen).
 */
public final class SavedSearches {
    private final Map<String, Lookup> lookups;

    /** @param lookups the pack's lookups, for enriching results of rules that expand one */
    public SavedSearches(Map<String, Lookup> lookups) {
        this.lookups = Map.copyOf(lookups);
    }

    public static String stanzaName(Rule rule) {
        return "ForgeWatch - " + rule.info().title() + " - Rule";
    }

    public Stanza stanza(Rule rule) {
        RuleInfo info = rule.info();
        Schedules schedule = Schedules.of(rule);
        Output output = output(rule);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("description", oneLine(info.description()));
        settings.put("search", search(rule));
        settings.put("disabled", "1");
        settings.put("enableSched", "1");
        settings.put("cron_schedule", schedule.cron());
        settings.put("schedule_window", "auto");
        boolean newTerms = rule instanceof DetectionRule detection && detection.newTerms() != null;
        settings.put("dispatch.earliest_time", newTerms ? "-" + ((DetectionRule) rule).newTerms().history() + "@d" : schedule.splunkEarliest());
        settings.put("dispatch.latest_time", schedule.splunkLatest());
        settings.put("counttype", "number of events");
        settings.put("relation", "greater than");
        settings.put("quantity", "0");
        // Tracked so that, without Enterprise Security, each firing is listed under Activity > Triggered Alerts.
        settings.put("alert.track", "1");
        settings.put("alert.severity", String.valueOf(alertSeverity(info.level())));
        if (!output.suppressFields().isEmpty()) {
            // Per-result alerting: Splunk applies alert.suppress.fields only when digest mode is off.
            settings.put("alert.digest_mode", "0");
            settings.put("alert.suppress", "1");
            settings.put("alert.suppress.fields", String.join(",", output.suppressFields()));
            settings.put("alert.suppress.period", output.suppressSeconds() + "s");
        }
        settings.put("action.correlationsearch.enabled", "1");
        settings.put("action.correlationsearch.label", "ForgeWatch - " + info.title());
        settings.put("action.correlationsearch.annotations", annotations(info));
        settings.put("action.notable", "1");
        settings.put("action.notable.param.rule_title", info.title());
        settings.put("action.notable.param.rule_description", oneLine(info.description()));
        settings.put("action.notable.param.security_domain", securityDomain(rule));
        settings.put("action.notable.param.severity", info.level() == Severity.INFORMATIONAL ? "informational" : info.level().label());
        settings.put("action.notable.param.nes_fields", String.join(",", output.entityFields()));
        settings.put("action.notable.param.next_steps", nextSteps(info));
        settings.put("action.risk", "1");
        settings.put("action.risk.param._risk", "[{\"risk_object_field\": \"" + output.riskObject() + "\", \"risk_object_type\": \""
                + (output.riskObject().equals("src") ? "system" : output.riskObject().equals("app_id") ? "other" : "user")
                + "\", \"risk_score\": " + IncidentPolicy.standard().score(rule) + "}]");
        settings.put("action.risk.param._risk_message", info.title());
        // Without Enterprise Security: each alerted result also goes to the risk summary index the incident search reads.
        settings.putAll(SplunkIncidents.standard().riskEventSettings(rule));
        return Stanza.of(stanzaName(rule), settings);
    }

    /** The search of the stanza: macros, condition, aggregation for stateful rules, table, filter macro. */
    public String search(Rule rule) {
        List<String> pipeline = new ArrayList<>();
        Output output = output(rule);
        if (rule instanceof DetectionRule detection) {
            pipeline.add(baseSearch(detection));
            List<String> enrichment = lookupEnrichment(detection, pipeline);
            if (detection.newTerms() != null) {
                List<String> by = names(detection.newTerms().fields());
                pipeline.add("stats earliest(_time) AS first_seen latest(_time) AS last_seen count" + values(output.evidence(), by) + " BY " + String.join(" ", by));
                pipeline.add("where first_seen >= relative_time(now(), \"-20m@m\") AND first_seen < relative_time(now(), \"-5m@m\")");
            } else {
                List<String> table = new ArrayList<>(output.table());
                table.addAll(enrichment);
                pipeline.add("table " + String.join(" ", table));
            }
        } else {
            correlation((CorrelationRule) rule, output, pipeline);
        }
        pipeline.add("`" + SplunkMacros.filterMacro(rule) + "`");
        return String.join("\n| ", pipeline);
    }

    private static void correlation(CorrelationRule rule, Output output, List<String> pipeline) {
        Correlation correlation = rule.correlation();
        List<DetectionRule> rules = correlation.rules();
        List<String> by = names(correlation.groupBy());
        String groups = String.join(" ", by);
        switch (correlation.type()) {
            case EVENT_COUNT:
            case VALUE_COUNT: {
                pipeline.add(rules.size() == 1 ? baseSearch(rules.get(0)) : rules.stream().map(r -> "(" + baseSearchInline(r) + ")")
                        .collect(Collectors.joining(" OR ")));
                if (correlation.type() == Correlation.Type.EVENT_COUNT) {
                    pipeline.add("stats count AS event_count min(_time) AS first_time max(_time) AS last_time"
                            + values(output.evidence(), by) + " BY " + groups);
                    pipeline.add("where event_count >= " + correlation.threshold());
                } else {
                    String counted = Targets.splunk(correlation.field());
                    pipeline.add("stats dc(" + Spl.evalName(counted) + ") AS distinct_count min(_time) AS first_time max(_time) AS last_time"
                            + values(output.evidence(), by) + " BY " + groups);
                    pipeline.add("where distinct_count >= " + correlation.threshold());
                }
                break;
            }
            default: {
                pipeline.add(rules.stream().map(r -> "(" + baseSearchInline(r) + ")").collect(Collectors.joining(" OR ")));
                List<String> flags = new ArrayList<>();
                List<String> stats = new ArrayList<>();
                for (int i = 0; i < rules.size(); i++) {
                    String due = "";
                    if (correlation.type() == Correlation.Type.ABSENCE && i == 0) {
                        // only the events due in this run (Schedules.absenceDue), measured from the search's latest time
                        Schedules.AbsenceDue window = Schedules.absenceDue(rule);
                        due = " AND _time>=relative_time(now(), \"-" + (window.startMinutes() + 5) + "m@m\")"
                                + " AND _time<relative_time(now(), \"-" + (window.endMinutes() + 5) + "m@m\")";
                    }
                    flags.add("fw_rule_" + i + "=if(" + scopedWhere(rules.get(i)) + due + ", 1, 0)");
                    stats.add("sum(fw_rule_" + i + ") AS fw_count_" + i);
                    if (correlation.type() == Correlation.Type.TEMPORAL_ORDERED) {
                        stats.add("min(eval(if(fw_rule_" + i + "=1, _time, null()))) AS fw_first_" + i);
                        stats.add("max(eval(if(fw_rule_" + i + "=1, _time, null()))) AS fw_last_" + i);
                    }
                }
                pipeline.add("eval " + String.join(", ", flags));
                pipeline.add("where " + java.util.stream.IntStream.range(0, rules.size()).mapToObj(i -> "fw_rule_" + i + "=1")
                        .collect(Collectors.joining(" OR ")));
                boolean gated = correlation.type() == Correlation.Type.ABSENCE && correlation.coverage() != null;
                if (gated) {
                    coverageGate(rule, pipeline);
                    stats.add("values(fw_gap) AS fw_gap");
                }
                pipeline.add("stats " + String.join(" ", stats) + " min(_time) AS first_time max(_time) AS last_time"
                        + values(output.evidence(), by) + " BY " + groups);
                List<String> keep = new ArrayList<>();
                for (int i = 0; i < rules.size(); i++) {
                    boolean wanted = correlation.type() != Correlation.Type.ABSENCE || i == 0;
                    keep.add("fw_count_" + i + (wanted ? ">0" : "=0"));
                    if (correlation.type() == Correlation.Type.TEMPORAL_ORDERED && i > 0) {
                        keep.add("fw_first_" + (i - 1) + "<=fw_last_" + i);
                    }
                }
                pipeline.add("where " + String.join(" AND ", keep));
                if (gated) {
                    coverageVerdict(rule, pipeline);
                }
            }
        }
    }

    /**
     * An absence's coverage gate (the engine's, docs/rule-format.md) over the search's look-back: each waiting event's
     * companion log must be proven present from {@code issued} to {@code issued + tolerance}. eventstats collects, over
     * every companion in the results, the window buckets that held one, the first one and the categories supplied; each
     * waiting event then gets {@code fw_gap}: {@code category}, {@code before-data}, {@code hour} or {@code none}.
     */
    private static void coverageGate(CorrelationRule rule, List<String> pipeline) {
        dev.forgewatch.detections.rule.Coverage coverage = rule.correlation().coverage();
        long window = coverage.window().duration().getSeconds();
        long tolerance = coverage.tolerance().duration().getSeconds();
        String issued = coverage.issued() == null ? null : Spl.field(Targets.splunk(coverage.issued()));
        String category = Spl.field(Targets.splunk(dev.forgewatch.common.event.Fields.SIGNIN_CATEGORY));
        String userType = Spl.field(Targets.splunk("user_type"));
        // the issue time is UTC without a zone (AppAccessContext.IssuedAtTime): its first 19 characters read as UTC
        pipeline.add("eval fw_issued=if(fw_rule_0=1, " + (issued == null ? "_time"
                : "coalesce(strptime(substr(" + issued + ", 1, 19).\"+0000\", \"%Y-%m-%dT%H:%M:%S%z\"), _time)") + ", null()),"
                + " fw_bucket=if(fw_rule_1=1, floor(_time/" + window + "), null()), fw_app_only=if(fw_rule_0=1 AND " + userType + "=5, 1, 0),"
                + " fw_user_log=if(fw_rule_1=1 AND (" + categoryTest(category, dev.forgewatch.detections.rule.Coverage.USER_CATEGORIES) + "), 1, 0),"
                + " fw_app_log=if(fw_rule_1=1 AND (" + categoryTest(category, dev.forgewatch.detections.rule.Coverage.APP_CATEGORIES) + "), 1, 0),"
                + " fw_any_log=if(fw_rule_1=1 AND isnotnull(" + category + "), 1, 0)");
        pipeline.add("eventstats values(fw_bucket) AS fw_buckets min(eval(if(fw_rule_1=1, _time, null()))) AS fw_first_companion"
                + " max(fw_user_log) AS fw_user_log max(fw_app_log) AS fw_app_log max(fw_any_log) AS fw_any_log");
        pipeline.add("eval fw_gap=if(fw_rule_0=1, case(fw_any_log=1 AND ((fw_app_only=1 AND fw_app_log=0) OR (fw_app_only=0 AND fw_user_log=0)), \"category\","
                + " isnull(fw_first_companion) OR fw_first_companion>fw_issued+" + tolerance + ", \"before-data\","
                + " " + coverage.offsetsMinutes().stream().map(offset -> "isnull(mvfind(fw_buckets, \"^\".floor("
                        + (offset == 0 ? "fw_issued" : "(fw_issued" + (offset > 0 ? "+" : "-") + Math.abs(offset * 60) + ")") + "/" + window + ").\"$\"))")
                        .collect(Collectors.joining(" OR ")) + ", \"hour\", true(), \"none\"), null())");
    }

    private static String categoryTest(String field, List<String> categories) {
        return categories.stream().map(c -> field + "=" + Spl.quote(c)).collect(Collectors.joining(" OR "));
    }

    /**
     * Each surviving group: {@code forgewatch_coverage} {@code proven} (the accusation, with its mailbox and user) or
     * {@code gap} ({@code forgewatch_coverage_gap} the reason, {@code severity} low, dest_user and user moved to
     * {@code forgewatch_coverage_mailboxes}: the result accuses nobody, so the incident search passes it by).
     */
    private static void coverageVerdict(CorrelationRule rule, List<String> pipeline) {
        String level = rule.info().level().label();
        String mailbox = Targets.splunk(dev.forgewatch.common.event.Fields.MAILBOX_OWNER_UPN);
        String user = Targets.splunk(dev.forgewatch.common.event.Fields.USER_ID);
        pipeline.add("eval forgewatch_coverage_gap=mvfilter(fw_gap!=\"none\")");
        pipeline.add("eval forgewatch_coverage=if(isnull(forgewatch_coverage_gap), \"proven\", \"gap\")");
        pipeline.add("eval severity=if(forgewatch_coverage=\"gap\", \"low\", \"" + level + "\"),"
                + " forgewatch_coverage_mailboxes=if(forgewatch_coverage=\"gap\", " + mailbox + ", null()),"
                + " " + mailbox + "=if(forgewatch_coverage=\"gap\", null(), " + mailbox + "), " + user + "=if(forgewatch_coverage=\"gap\", null(), "
                + user + ")");
        pipeline.add("fields - fw_gap");
    }

    /**
     * The base search of a detection rule as the first command: the macro and the conditions the
     * search command can say, then {@code | where} for the top-level conjuncts only eval can say
     * (so the index is still filtered by everything searchable).
     */
    private static String baseSearch(DetectionRule rule) {
        String macro = SplunkMacros.searchMacro(rule);
        Optional<String> whole = SplConditions.search(rule.expr());
        if (whole.isPresent()) {
            return macro + " " + group(rule, whole.get());
        }
        List<Expr> conjuncts = new ArrayList<>();
        flatten(rule.expr(), conjuncts);
        List<String> searchable = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        for (Expr conjunct : conjuncts) {
            Optional<String> search = SplConditions.search(conjunct);
            if (search.isPresent()) {
                searchable.add(conjunct instanceof Expr.Or ? "(" + search.get() + ")" : search.get());
            } else {
                rest.add(conjunct);
            }
        }
        String head = searchable.isEmpty() ? macro : macro + " " + String.join(" AND ", searchable);
        return head + "\n| where " + SplConditions.where(rest.size() == 1 ? rest.get(0) : new Expr.And(rest));
    }

    private static void flatten(Expr expr, List<Expr> out) {
        if (expr instanceof Expr.And and) {
            and.items().forEach(item -> flatten(item, out));
        } else {
            out.add(expr);
        }
    }

    /** The base search as one OR-able clause; conditions only the where form says are checked by the later eval. */
    private static String baseSearchInline(DetectionRule rule) {
        String macro = SplunkMacros.searchMacro(rule);
        return SplConditions.search(rule.expr()).map(condition -> macro + " " + group(rule, condition)).orElse(macro);
    }

    private static String group(DetectionRule rule, String condition) {
        return rule.expr() instanceof Expr.Or ? "(" + condition + ")" : condition;
    }

    private static String scopedWhere(DetectionRule rule) {
        String kind = SplunkMacros.kindTest(rule);
        String condition = SplConditions.where(rule.expr());
        return kind == null ? condition : kind + " AND (" + condition + ")";
    }

    /**
     * Adds {@code | lookup} for values the rule expanded from a lookup, so results carry its context
     * columns (prefixed with the lookup name: a column such as {@code source} would shadow Splunk's
     * own field). Returns the fields it adds.
     */
    private List<String> lookupEnrichment(DetectionRule rule, List<String> pipeline) {
        List<String> added = new ArrayList<>();
        for (Expr.AnyOf anyOf : lookups(rule.expr(), new ArrayList<>())) {
            Lookup lookup = lookups.get(anyOf.lookup());
            List<String> outputs = new ArrayList<>();
            for (String column : lookup.columns().subList(1, lookup.columns().size())) {
                String field = lookup.name() + "_" + column;
                outputs.add(Spl.evalName(column) + " AS " + field);
                added.add(field);
            }
            pipeline.add("lookup " + lookup.name() + " " + Spl.evalName(lookup.keyColumn()) + " AS " + SplConditions.evalField(anyOf.field())
                    + " OUTPUT " + String.join(", ", outputs));
        }
        return added;
    }

    private static List<Expr.AnyOf> lookups(Expr expr, List<Expr.AnyOf> out) {
        if (expr instanceof Expr.AnyOf anyOf && anyOf.lookup() != null) {
            out.add(anyOf);
        } else if (expr instanceof Expr.And and) {
            and.items().forEach(item -> lookups(item, out));
        } else if (expr instanceof Expr.Or or) {
            or.items().forEach(item -> lookups(item, out));
        }
        return out;
    }

    /** What a search outputs: shown fields, notable entity fields, suppression and the risk object. */
    private record Output(List<String> table, List<String> evidence, List<String> entityFields, List<String> suppressFields,
                          long suppressSeconds, String riskObject) {
    }

    private static Output output(Rule rule) {
        Set<String> evidence = new LinkedHashSet<>();
        List<FieldRef> grouping = List.of();
        List<String> suppress = List.of();
        long seconds = 0;
        if (rule instanceof CorrelationRule correlation) {
            grouping = correlation.correlation().groupBy();
            suppress = names(grouping);
            seconds = correlation.correlation().timespan().duration().toSeconds();
        } else {
            DetectionRule detection = (DetectionRule) rule;
            if (detection.newTerms() != null) {
                grouping = detection.newTerms().fields();
                suppress = names(grouping);
                seconds = detection.newTerms().history().duration().toSeconds();
            } else if (detection.suppression() != null) {
                suppress = names(detection.suppression().groupBy());
                seconds = detection.suppression().window().duration().toSeconds();
            }
        }
        rule.fields().forEach(field -> evidence.add(Targets.splunk(field)));
        grouping.forEach(field -> evidence.add(Targets.splunk(field)));
        suppress.forEach(evidence::add);
        List<String> entities = new ArrayList<>();
        for (String candidate : List.of("dest_user", "user", "src")) {
            if (evidence.contains(candidate) || (rule instanceof DetectionRule && !candidate.equals("dest_user"))) {
                entities.add(candidate);
            }
        }
        // an absence not grouped by user speaks for the mailbox of the events that waited (as the engine's finding), not
        // for its group (a token id)
        boolean absence = rule instanceof CorrelationRule correlation && correlation.correlation().type() == Correlation.Type.ABSENCE
                && !entities.isEmpty() && grouping.stream().noneMatch(f -> f.canonical().equals(dev.forgewatch.common.event.Fields.MAILBOX_OWNER_UPN)
                        || f.canonical().equals(dev.forgewatch.common.event.Fields.USER_ID));
        String risk = rule instanceof CorrelationRule && !grouping.isEmpty() && !absence ? Targets.splunk(grouping.get(0)) : entities.get(0);
        List<String> table = new ArrayList<>(List.of("_time"));
        for (String field : entities) {
            if (!table.contains(field)) {
                table.add(field);
            }
        }
        evidence.stream().filter(field -> !table.contains(field)).forEach(table::add);
        return new Output(table, new ArrayList<>(evidence), entities, suppress, seconds, risk);
    }

    private static String values(List<String> evidence, List<String> by) {
        return evidence.stream().filter(field -> !by.contains(field))
                .map(field -> " values(" + Spl.evalName(field) + ") AS " + Spl.evalName(field)).collect(Collectors.joining());
    }

    private static List<String> names(List<FieldRef> fields) {
        return fields.stream().map(Targets::splunk).toList();
    }

    /** Splunk's own alert severity (1 debug, 2 info, 3 warn, 4 error, 5 severe, 6 fatal), for searches run without ES. */
    private static int alertSeverity(Severity level) {
        switch (level) {
            case INFORMATIONAL:
                return 2;
            case LOW:
                return 3;
            case MEDIUM:
                return 4;
            case HIGH:
                return 5;
            default:
                return 6;
        }
    }

    private static String annotations(RuleInfo info) {
        String techniques = info.techniques().stream().map(Technique::id).map(id -> "\"" + id + "\"").collect(Collectors.joining(", "));
        String tactics = info.threatMapping().keySet().stream().map(t -> "\"" + t.id() + "\"").collect(Collectors.joining(", "));
        return "{\"analytic_story\": [\"ForgeWatch: Storm-0558 forged-token mailbox access\"], \"mitre_attack\": [" + techniques
                + "], \"mitre_tactic\": [" + tactics + "], \"forgewatch_rule\": [\"" + info.name() + "\"]}";
    }

    private static String securityDomain(Rule rule) {
        String area = rule.file().contains("/") ? rule.file().substring(0, rule.file().indexOf('/')) : "";
        switch (area) {
            case "coverage":
                return "audit";
            case "infrastructure":
                return "threat";
            case "persistence":
                return "identity";
            default:
                return "access";
        }
    }

    /** Enterprise Security's next-steps JSON ({@code {"version": 1, "data": "..."}}) listing the triage steps. */
    private static String nextSteps(RuleInfo info) {
        StringBuilder steps = new StringBuilder();
        int n = 1;
        for (String step : info.triage()) {
            steps.append(n++).append(". ").append(step).append('\n');
        }
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("version", 1);
        json.put("data", steps.toString().strip());
        return json.toString();
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

}
