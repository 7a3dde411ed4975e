package dev.forgewatch.detections.rule;

import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.condition.ConditionParser;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.condition.FieldRef;
import dev.forgewatch.detections.rule.AttackCatalog.Tactic;
import dev.forgewatch.detections.rule.AttackCatalog.Technique;
import dev.forgewatch.detections.rule.RuleException.Problem;
import dev.forgewatch.detections.yaml.YamlException;
import dev.forgewatch.detections.yaml.YamlMap;
import dev.forgewatch.detections.yaml.YamlNode;
import dev.forgewatch.detections.yaml.YamlReader;
import dev.forgewatch.detections.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Sigma rule files into a linked {@link RuleSet}, collecting every problem (with file and
 * line) before failing, so one run of {@code forgewatch rules test} shows all of them. See
 * {@code docs/rule-format.md} for what is accepted.
 */
public final class RuleLoader {
    /** A rule file: its path relative to the pack root, and its text. */
    public record Source(String path, String text) {
    }

    private static final Set<String> COMMON_KEYS = Set.of("title", "id", "name", "status", "description", "references",
            "author", "date", "modified", "tags", "fields", "falsepositives", "level", "related", "license", "forgewatch");
    private static final Set<String> DETECTION_KEYS = union(COMMON_KEYS, Set.of("logsource", "detection"));
    private static final Set<String> CORRELATION_KEYS = union(COMMON_KEYS, Set.of("correlation", "generate"));
    private static final Set<String> STATUSES = Set.of("stable", "test", "experimental", "deprecated", "unsupported");
    private static final Set<String> LOGSOURCE_KEYS = Set.of("product", "service", "category", "definition");
    private static final Set<String> CORRELATION_BLOCK_KEYS = Set.of("type", "rules", "group-by", "timespan", "condition");
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final FieldCatalog catalog;
    private final AttackCatalog attack;
    private final Map<String, Lookup> lookups;
    private final SelectionCompiler selections;

    public RuleLoader(FieldCatalog catalog, AttackCatalog attack, Map<String, Lookup> lookups) {
        this.catalog = catalog;
        this.attack = attack;
        this.lookups = Map.copyOf(lookups);
        this.selections = new SelectionCompiler(catalog, lookups);
    }

    /** A correlation whose base rules are not resolved yet. */
    private record Pending(String file, int line, RuleInfo info, YamlMap block, List<FieldRef> fields,
                           MessageTemplate message, boolean generate, YamlScalar extensionType, YamlMap coverage) {
    }

    private record Parsed(String file, int documents, List<DetectionRule> detections, List<Pending> correlations) {
    }

    public RuleSet load(List<Source> sources) throws RuleException {
        List<Problem> problems = new ArrayList<>();
        List<Parsed> files = new ArrayList<>();
        for (Source source : sources) {
            Parsed parsed = parseFile(source, problems);
            if (parsed != null) {
                files.add(parsed);
            }
        }
        Map<String, DetectionRule> byKey = new HashMap<>();
        Map<String, String> seenNames = new HashMap<>();
        Map<String, String> seenIds = new HashMap<>();
        for (Parsed file : files) {
            for (DetectionRule rule : file.detections()) {
                unique(rule.info(), rule.file(), rule.line(), seenNames, seenIds, problems);
                byKey.put(rule.name(), rule);
                byKey.put(rule.info().id(), rule);
            }
            for (Pending pending : file.correlations()) {
                unique(pending.info(), pending.file(), pending.line(), seenNames, seenIds, problems);
            }
        }
        List<Rule> rules = new ArrayList<>();
        for (Parsed file : files) {
            rules.addAll(file.detections());
            for (Pending pending : file.correlations()) {
                try {
                    CorrelationRule correlation = link(pending, byKey, seenNames);
                    checkSameFileBases(file, correlation);
                    rules.add(correlation);
                } catch (InvalidRule e) {
                    problems.add(new Problem(pending.file(), e.line(), e.getMessage()));
                }
            }
        }
        RuleSet set = new RuleSet(rules, lookups);
        for (Rule rule : set.alerting()) {
            checkAlertingMetadata(rule, problems);
        }
        if (!problems.isEmpty()) {
            throw new RuleException(problems);
        }
        return set;
    }

    private Parsed parseFile(Source source, List<Problem> problems) {
        List<YamlNode> documents;
        try {
            documents = YamlReader.readDocuments(source.text());
        } catch (YamlException e) {
            problems.add(new Problem(source.path(), e.line(), e.getMessage()));
            return null;
        }
        if (documents.isEmpty()) {
            problems.add(new Problem(source.path(), 0, "the file holds no rule"));
            return null;
        }
        List<DetectionRule> detections = new ArrayList<>();
        List<Pending> correlations = new ArrayList<>();
        for (YamlNode document : documents) {
            try {
                if (!(document instanceof YamlMap map)) {
                    throw new InvalidRule(document.line(), "a rule must be a YAML mapping, not " + document.describe());
                }
                if (map.has("correlation")) {
                    correlations.add(parseCorrelation(source.path(), map));
                } else {
                    detections.add(parseDetection(source.path(), map));
                }
            } catch (InvalidRule e) {
                problems.add(new Problem(source.path(), e.line(), e.getMessage()));
            }
        }
        if (documents.size() > 1 && correlations.size() != 1) {
            problems.add(new Problem(source.path(), 0, "a file holds one rule; several YAML documents are only allowed for"
                    + " one correlation together with its base rules"));
            return null;
        }
        return new Parsed(source.path(), documents.size(), detections, correlations);
    }

    private DetectionRule parseDetection(String file, YamlMap map) {
        checkKeys(map, DETECTION_KEYS, "a detection rule");
        RuleInfo info = info(map);
        Logsource logsource = logsource(RuleYaml.map(map, "logsource"));
        YamlMap detection = RuleYaml.map(map, "detection");
        if (detection.has("timeframe")) {
            throw new InvalidRule(detection.lineOf("timeframe"), "'timeframe' is obsolete Sigma; write a correlation rule");
        }
        YamlNode conditionNode = detection.get("condition");
        if (conditionNode == null) {
            throw new InvalidRule(map.lineOf("detection"), "detection has no 'condition'");
        }
        Map<String, Expr> named = new LinkedHashMap<>();
        for (YamlMap.Entry entry : detection.entries().values()) {
            if (!entry.key().equals("condition")) {
                named.put(entry.key(), selections.selection(entry.key(), entry.value()));
            }
        }
        if (named.isEmpty()) {
            throw new InvalidRule(map.lineOf("detection"), "detection has no selections");
        }
        List<String> conditions = RuleYaml.texts(conditionNode, "condition");
        Expr expr;
        try {
            List<Expr> alternatives = new ArrayList<>();
            for (String condition : conditions) {
                alternatives.add(ConditionParser.parse(condition, named));
            }
            expr = alternatives.size() == 1 ? alternatives.get(0) : new Expr.Or(alternatives);
        } catch (IllegalArgumentException e) {
            throw new InvalidRule(conditionNode.line(), e.getMessage());
        }
        YamlMap extension = RuleYaml.optionalMap(map, "forgewatch");
        NewTerms newTerms = null;
        Suppression suppression = null;
        if (extension != null) {
            checkKeys(extension, Set.of("triage", "message", "new_terms", "suppress", "compare"), "the forgewatch block");
            newTerms = newTerms(RuleYaml.optionalMap(extension, "new_terms"));
            suppression = suppression(RuleYaml.optionalMap(extension, "suppress"));
            if (newTerms != null && suppression != null) {
                throw new InvalidRule(extension.lineOf("suppress"), "a new_terms rule alerts once per new value; it takes no suppress");
            }
            if (extension.has("compare")) {
                if (newTerms != null) {
                    throw new InvalidRule(extension.lineOf("compare"), "a new_terms rule takes no compare");
                }
                expr = new Expr.And(List.of(expr, Expr.or(comparisons(extension.get("compare")))));
            }
        }
        MessageTemplate message = message(map, info, false);
        return new DetectionRule(file, map.line(), info, logsource, String.join(" or ", conditions), expr,
                fields(map), message, newTerms, suppression);
    }

    private Pending parseCorrelation(String file, YamlMap map) {
        checkKeys(map, CORRELATION_KEYS, "a correlation rule");
        RuleInfo info = info(map);
        YamlMap block = RuleYaml.map(map, "correlation");
        if (block.has("aliases")) {
            throw new InvalidRule(block.lineOf("aliases"), "correlation 'aliases' are not supported: canonical fields already"
                    + " share names across sources");
        }
        if (block.has("generate")) {
            throw new InvalidRule(block.lineOf("generate"), "'generate' belongs at the top level of the correlation rule");
        }
        checkKeys(block, CORRELATION_BLOCK_KEYS, "the correlation block");
        YamlScalar generate = RuleYaml.optionalValue(map, "generate", "true or false");
        if (generate != null && generate.type() != YamlScalar.Type.BOOLEAN) {
            throw new InvalidRule(generate.line(), "'generate' must be true or false");
        }
        YamlMap extension = RuleYaml.optionalMap(map, "forgewatch");
        YamlScalar extensionType = null;
        YamlMap coverage = null;
        if (extension != null) {
            checkKeys(extension, Set.of("triage", "message", "correlation", "coverage"), "the forgewatch block of a correlation");
            extensionType = RuleYaml.optionalValue(extension, "correlation", "a correlation type");
            coverage = RuleYaml.optionalMap(extension, "coverage", "a mapping: issued, window, tolerance, log");
        }
        return new Pending(file, map.line(), info, block, fields(map), message(map, info, true),
                generate != null && Boolean.parseBoolean(generate.text()), extensionType, coverage);
    }

    /**
     * ForgeWatch's correlation extension ({@code forgewatch: {correlation: absence}}, docs/rule-format.md)
     * turns a Sigma temporal correlation over the same rules, group and timespan into an absence.
     */
    private static Correlation.Type extended(Correlation.Type sigmaType, YamlScalar extensionType) {
        if (extensionType == null) {
            return sigmaType;
        }
        if (!extensionType.text().equals(Correlation.Type.ABSENCE.sigmaName())) {
            throw new InvalidRule(extensionType.line(), "unknown forgewatch correlation '" + extensionType.text()
                    + "' (the extension defines absence)");
        }
        if (sigmaType != Correlation.Type.TEMPORAL) {
            throw new InvalidRule(extensionType.line(), "forgewatch correlation 'absence' extends a temporal correlation, not "
                    + sigmaType.sigmaName());
        }
        return Correlation.Type.ABSENCE;
    }

    private CorrelationRule link(Pending pending, Map<String, DetectionRule> byKey, Map<String, String> names) {
        YamlMap block = pending.block();
        Correlation.Type type;
        YamlScalar typeNode = RuleYaml.value(block, "type", "a correlation type");
        try {
            type = Correlation.Type.parseSigma(typeNode.text());
        } catch (IllegalArgumentException e) {
            throw new InvalidRule(typeNode.line(), e.getMessage());
        }
        type = extended(type, pending.extensionType());
        YamlNode rulesNode = block.get("rules");
        if (rulesNode == null) {
            throw new InvalidRule(block.line(), "correlation has no 'rules'");
        }
        List<DetectionRule> bases = new ArrayList<>();
        for (String reference : RuleYaml.texts(rulesNode, "rules")) {
            DetectionRule base = byKey.get(reference);
            if (base == null) {
                throw new InvalidRule(rulesNode.line(), names.containsKey(reference)
                        ? "'" + reference + "' is a correlation; correlations of correlations are not supported"
                        : "correlation refers to '" + reference + "', which is no rule's name or id");
            }
            if (base.newTerms() != null) {
                throw new InvalidRule(rulesNode.line(), "'" + reference + "' is a new_terms rule and cannot feed a correlation");
            }
            if (bases.contains(base)) {
                throw new InvalidRule(rulesNode.line(), "correlation names '" + reference + "' twice");
            }
            bases.add(base);
        }
        int needed = type == Correlation.Type.TEMPORAL || type == Correlation.Type.TEMPORAL_ORDERED ? 2 : 1;
        if (type == Correlation.Type.ABSENCE && bases.size() != 2) {
            throw new InvalidRule(rulesNode.line(), "an absence correlation names two rules: the events, then what should accompany them");
        }
        if (bases.size() < needed) {
            throw new InvalidRule(rulesNode.line(), type.sigmaName() + " needs at least " + needed + " rules");
        }
        YamlNode groupNode = block.get("group-by");
        if (groupNode == null) {
            throw new InvalidRule(block.line(), "correlation has no 'group-by'");
        }
        List<FieldRef> groupBy = singleValued(fieldList(groupNode, "group-by"), groupNode);
        YamlScalar timespanNode = RuleYaml.value(block, "timespan", "a timespan such as 1h");
        Timespan timespan = timespan(timespanNode);
        FieldRef field = null;
        long threshold = 0;
        YamlMap condition = RuleYaml.optionalMap(block, "condition", "a mapping such as {gte: 10}");
        if (type.counts() && condition == null) {
            throw new InvalidRule(block.line(), type.sigmaName() + " needs a 'condition' such as {gte: 10}");
        }
        if (!type.counts() && condition != null) {
            throw new InvalidRule(condition.line(), type.sigmaName() + " takes no condition: every rule must match");
        }
        if (condition != null) {
            for (YamlMap.Entry entry : condition.entries().values()) {
                if (entry.key().equals("field")) {
                    field = selections.field(RuleYaml.value(entry.value(), "field").text(), entry.keyLine());
                    if (field.multi()) {
                        throw new InvalidRule(entry.keyLine(), "value_count cannot count a multi-valued field");
                    }
                } else if (entry.key().equals("gte") || entry.key().equals("gt")) {
                    if (threshold > 0) {
                        throw new InvalidRule(entry.keyLine(), "give one lower bound, gte or gt");
                    }
                    YamlScalar value = RuleYaml.value(entry.value(), entry.key());
                    if (value.type() != YamlScalar.Type.INTEGER || Long.parseLong(value.text()) < 1) {
                        throw new InvalidRule(value.line(), "'" + entry.key() + "' needs a whole number of at least 1");
                    }
                    threshold = Long.parseLong(value.text()) + (entry.key().equals("gt") ? 1 : 0);
                } else if (Set.of("lt", "lte", "eq").contains(entry.key())) {
                    throw new InvalidRule(entry.keyLine(), "'" + entry.key() + "' is not supported: a streaming engine and"
                            + " Elastic threshold rules can only alert when a count reaches a lower bound (gte, gt)");
                } else {
                    throw new InvalidRule(entry.keyLine(), "unknown condition '" + entry.key() + "' (expected gte, gt, field)");
                }
            }
            if (threshold == 0) {
                throw new InvalidRule(condition.line(), "condition has no lower bound such as gte: 10");
            }
            if ((type == Correlation.Type.VALUE_COUNT) != (field != null)) {
                throw new InvalidRule(condition.line(), type == Correlation.Type.VALUE_COUNT
                        ? "value_count needs 'field' in its condition" : "only value_count takes a 'field'");
            }
        }
        Coverage coverage = null;
        if (pending.coverage() != null) {
            YamlMap node = pending.coverage();
            if (type != Correlation.Type.ABSENCE) {
                throw new InvalidRule(node.line(), "forgewatch coverage applies to absence correlations only");
            }
            checkKeys(node, Set.of("issued", "lead", "window", "tolerance", "log"), "the coverage block");
            YamlScalar issuedName = RuleYaml.optionalValue(node, "issued", "a date field");
            FieldRef issued = issuedName == null ? null : selections.field(issuedName.text(), node.line());
            if (issued != null && issued.type() != dev.forgewatch.common.mapping.FieldType.DATE) {
                throw new InvalidRule(issuedName.line(), "coverage issued must be a date field, not " + issued.sigmaName());
            }
            YamlScalar lead = RuleYaml.optionalValue(node, "lead", "a timespan such as 2h");
            coverage = new Coverage(issued, lead == null ? null : timespan(lead), timespan(RuleYaml.value(node, "window", "a timespan such as 1h")),
                    timespan(RuleYaml.value(node, "tolerance", "a timespan such as 10m")),
                    RuleYaml.value(node, "log", "the companion log's name").text());
        }
        Correlation correlation = new Correlation(type, bases, groupBy, timespan, field, threshold, pending.generate(), coverage);
        return new CorrelationRule(pending.file(), pending.line(), pending.info(), correlation, pending.fields(), pending.message());
    }

    private static void checkSameFileBases(Parsed file, CorrelationRule correlation) {
        if (file.documents() < 2) {
            return;
        }
        for (DetectionRule base : file.detections()) {
            if (!correlation.correlation().rules().contains(base)) {
                throw new InvalidRule(base.line(), "'" + base.name() + "' shares a file with a correlation that does not use it");
            }
        }
    }

    private void checkAlertingMetadata(Rule rule, List<Problem> problems) {
        RuleInfo info = rule.info();
        List<String> missing = new ArrayList<>();
        if (info.status() == null) {
            missing.add("status");
        }
        if (info.level() == null) {
            missing.add("level");
        }
        if (info.description().isEmpty()) {
            missing.add("description");
        }
        if (info.author().isEmpty()) {
            missing.add("author");
        }
        if (info.date() == null) {
            missing.add("date");
        }
        if (info.techniques().isEmpty()) {
            missing.add("an attack.tXXXX tag");
        }
        if (info.falsePositives().isEmpty()) {
            missing.add("falsepositives");
        }
        if (info.triage().isEmpty()) {
            missing.add("forgewatch.triage");
        }
        if (!missing.isEmpty()) {
            problems.add(new Problem(rule.file(), rule.line(), "rule '" + rule.name() + "' alerts but has no "
                    + String.join(", ", missing)));
        }
    }

    private static void unique(RuleInfo info, String file, int line, Map<String, String> names, Map<String, String> ids,
                               List<Problem> problems) {
        String previous = names.putIfAbsent(info.name(), file);
        if (previous != null) {
            problems.add(new Problem(file, line, "duplicate rule name '" + info.name() + "' (also in " + previous + ")"));
        }
        previous = ids.putIfAbsent(info.id(), file);
        if (previous != null) {
            problems.add(new Problem(file, line, "duplicate rule id " + info.id() + " (also in " + previous + ")"));
        }
    }

    private RuleInfo info(YamlMap map) {
        String title = RuleYaml.text(map, "title");
        YamlScalar idNode = RuleYaml.value(map, "id", "a UUID");
        if (!idNode.text().matches(UUID)) {
            throw new InvalidRule(idNode.line(), "id '" + idNode.text() + "' is not a lowercase UUID");
        }
        YamlScalar nameNode = RuleYaml.value(map, "name", "a snake_case name");
        if (!nameNode.text().matches("[a-z][a-z0-9_]{2,63}")) {
            throw new InvalidRule(nameNode.line(), "name '" + nameNode.text() + "' must be snake_case (a-z, 0-9, _), 3 to 64 characters");
        }
        String status = RuleYaml.optionalText(map, "status");
        if (status != null && !STATUSES.contains(status)) {
            throw new InvalidRule(map.lineOf("status"), "status '" + status + "' is not one of " + STATUSES);
        }
        Severity level = null;
        String levelText = RuleYaml.optionalText(map, "level");
        if (levelText != null) {
            try {
                level = Severity.parse(levelText);
            } catch (IllegalArgumentException e) {
                throw new InvalidRule(map.lineOf("level"), e.getMessage());
            }
        }
        String date = RuleYaml.optionalText(map, "date");
        String modified = RuleYaml.optionalText(map, "modified");
        for (String key : List.of("date", "modified")) {
            String value = key.equals("date") ? date : modified;
            if (value != null && !value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new InvalidRule(map.lineOf(key), key + " '" + value + "' must be YYYY-MM-DD");
            }
        }
        List<String> tags = RuleYaml.optionalTexts(map, "tags");
        List<Technique> techniques = new ArrayList<>();
        List<Tactic> tactics = new ArrayList<>();
        for (String tag : tags) {
            if (!tag.matches("[a-z0-9_-]+\\.[a-z0-9_.-]+")) {
                throw new InvalidRule(map.lineOf("tags"), "tag '" + tag + "' must be lowercase namespace.value");
            }
            if (!tag.startsWith("attack.") || tag.matches("attack\\.[gs]\\d{4}")) {
                continue;
            }
            if (tag.matches("attack\\.t\\d{4}(\\.\\d{3})?")) {
                Technique technique = attack.techniqueOfTag(tag);
                if (technique == null) {
                    throw new InvalidRule(map.lineOf("tags"), "tag '" + tag + "' is not in attack.yaml; add the technique with its"
                            + " ATT&CK name and tactics");
                }
                techniques.add(technique);
            } else {
                Tactic tactic = attack.tacticOfTag(tag);
                if (tactic == null) {
                    throw new InvalidRule(map.lineOf("tags"), "tag '" + tag + "' is neither an ATT&CK technique nor a tactic");
                }
                tactics.add(tactic);
            }
        }
        YamlMap extension = RuleYaml.optionalMap(map, "forgewatch");
        List<String> triage = extension == null ? List.of() : RuleYaml.optionalTexts(extension, "triage");
        return new RuleInfo(idNode.text(), nameNode.text(), title, status, nullToEmpty(RuleYaml.optionalText(map, "description")),
                RuleYaml.optionalTexts(map, "references"),
                nullToEmpty(RuleYaml.optionalText(map, "author")), date, modified, tags, level,
                RuleYaml.optionalTexts(map, "falsepositives"),
                techniques, tactics, triage);
    }

    private static Logsource logsource(YamlMap map) {
        checkKeys(map, LOGSOURCE_KEYS, "logsource");
        String product = RuleYaml.optionalText(map, "product");
        if (!Logsource.PRODUCT.equals(product)) {
            throw new InvalidRule(map.lineOf("product"), "logsource product must be '" + Logsource.PRODUCT + "'");
        }
        String service = RuleYaml.optionalText(map, "service");
        if (service != null) {
            try {
                SourceKind.fromShortName(service);
            } catch (IllegalArgumentException e) {
                throw new InvalidRule(map.lineOf("service"), "logsource service '" + service
                        + "' is not an event kind (audit, signin, token, app or graph_activity)");
            }
        }
        return new Logsource(product, service, RuleYaml.optionalText(map, "category"));
    }

    private NewTerms newTerms(YamlMap map) {
        if (map == null) {
            return null;
        }
        checkKeys(map, Set.of("fields", "history", "baseline"), "new_terms");
        YamlNode fieldsNode = map.get("fields");
        if (fieldsNode == null) {
            throw new InvalidRule(map.line(), "new_terms needs 'fields'");
        }
        List<FieldRef> fields = singleValued(fieldList(fieldsNode, "new_terms fields"), fieldsNode);
        if (fields.size() > 3) {
            throw new InvalidRule(fieldsNode.line(), "new_terms takes at most 3 fields (Elastic's limit)");
        }
        Timespan history = timespan(RuleYaml.value(map, "history", "a timespan such as 30d"));
        Timespan baseline = timespan(RuleYaml.value(map, "baseline", "a timespan such as 7d"));
        if (baseline.isLongerThan(history)) {
            throw new InvalidRule(map.lineOf("baseline"), "baseline must not be longer than history");
        }
        return new NewTerms(fields, history, baseline);
    }

    private Suppression suppression(YamlMap map) {
        if (map == null) {
            return null;
        }
        checkKeys(map, Set.of("group-by", "window"), "suppress");
        YamlNode groupBy = map.get("group-by");
        if (groupBy == null) {
            throw new InvalidRule(map.line(), "suppress needs 'group-by'");
        }
        return new Suppression(singleValued(fieldList(groupBy, "suppress group-by"), groupBy),
                timespan(RuleYaml.value(map, "window", "a timespan such as 1h")));
    }

    private MessageTemplate message(YamlMap map, RuleInfo info, boolean correlation) {
        YamlMap extension = RuleYaml.optionalMap(map, "forgewatch");
        YamlScalar node = extension == null ? null : RuleYaml.optionalValue(extension, "message", "text");
        String text = node == null ? info.title() : node.text();
        try {
            MessageTemplate template = MessageTemplate.parse(text, catalog);
            if (!correlation && template.usesExtras()) {
                throw new IllegalArgumentException("{count} and {values} only apply to correlation rules");
            }
            return template;
        } catch (IllegalArgumentException e) {
            throw new InvalidRule(node == null ? map.line() : node.line(), e.getMessage());
        }
    }

    private List<FieldRef> fields(YamlMap map) {
        return map.has("fields") ? fieldList(map.get("fields"), "fields") : List.of();
    }

    private List<FieldRef> fieldList(YamlNode node, String what) {
        List<FieldRef> out = new ArrayList<>();
        for (String name : RuleYaml.texts(node, what)) {
            out.add(selections.field(name, node.line()));
        }
        if (out.isEmpty()) {
            throw new InvalidRule(node.line(), what + " is empty");
        }
        return out;
    }

    /** Grouping by a list field has no single meaning across Elastic, Splunk and the engine. */
    private static List<FieldRef> singleValued(List<FieldRef> fields, YamlNode node) {
        for (FieldRef field : fields) {
            if (field.multi()) {
                throw new InvalidRule(node.line(), field.sigmaName() + " holds a list of values and cannot be grouped by");
            }
        }
        return fields;
    }

    private static final java.util.regex.Pattern COMPARISON = java.util.regex.Pattern.compile(
            "\\s*([A-Za-z_@][A-Za-z0-9_.@]*)\\s*(>=|<=|>|<)\\s*([A-Za-z_@][A-Za-z0-9_.@]*)\\s*(?:([+-])\\s*([0-9]+[smhd]))?\\s*");

    /**
     * {@code forgewatch: compare:} (docs/rule-format.md): one comparison or a list of them, any of which
     * must hold, each {@code DateField op OtherDateField [+|- timespan]}, e.g. {@code TokenIssuedAt > CreationTime + 5m}.
     */
    private List<Expr> comparisons(YamlNode node) {
        List<Expr> out = new ArrayList<>();
        for (String text : RuleYaml.texts(node, "compare")) {
            java.util.regex.Matcher m = COMPARISON.matcher(text);
            if (!m.matches()) {
                throw new InvalidRule(node.line(), "compare '" + text + "' is not 'Field op OtherField [+|- timespan]'"
                        + " (op one of >, >=, <, <=; timespan such as 5m or 28h)");
            }
            FieldRef field = selections.field(m.group(1), node.line());
            FieldRef other = selections.field(m.group(3), node.line());
            for (FieldRef ref : List.of(field, other)) {
                if (ref.type() != dev.forgewatch.common.mapping.FieldType.DATE || ref.multi()) {
                    throw new InvalidRule(node.line(), "compare needs single-valued date fields; " + ref.sigmaName() + " is "
                            + ref.type().name().toLowerCase(java.util.Locale.ROOT));
                }
            }
            if (field.canonical().equals(other.canonical())) {
                throw new InvalidRule(node.line(), "compare '" + text + "' compares " + field.sigmaName() + " with itself");
            }
            long offset = 0;
            if (m.group(4) != null) {
                Timespan span;
                try {
                    span = Timespan.parse(m.group(5));
                } catch (IllegalArgumentException e) {
                    throw new InvalidRule(node.line(), e.getMessage());
                }
                offset = span.duration().getSeconds() * (m.group(4).equals("-") ? -1 : 1);
            }
            Expr.Compare.Op op = switch (m.group(2)) {
                case ">" -> Expr.Compare.Op.GT;
                case ">=" -> Expr.Compare.Op.GTE;
                case "<" -> Expr.Compare.Op.LT;
                default -> Expr.Compare.Op.LTE;
            };
            out.add(new Expr.FieldCompare(field, op, other, offset));
        }
        if (out.isEmpty()) {
            throw new InvalidRule(node.line(), "compare lists no comparison");
        }
        return out;
    }

    private static Timespan timespan(YamlScalar node) {
        try {
            return Timespan.parse(node.text());
        } catch (IllegalArgumentException e) {
            throw new InvalidRule(node.line(), e.getMessage());
        }
    }

    private static void checkKeys(YamlMap map, Set<String> allowed, String what) {
        for (YamlMap.Entry entry : map.entries().values()) {
            if (!allowed.contains(entry.key())) {
                throw new InvalidRule(entry.keyLine(), "unknown key '" + entry.key() + "' in " + what + " (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }
}
