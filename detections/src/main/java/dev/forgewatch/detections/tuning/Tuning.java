package dev.forgewatch.detections.tuning;

import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.mapping.FieldDefinition;
import dev.forgewatch.common.mapping.FieldType;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.condition.FieldRef;
import dev.forgewatch.detections.condition.IpAddresses;
import dev.forgewatch.detections.condition.IpNetwork;
import dev.forgewatch.detections.incident.IncidentPolicy;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.rule.CorrelationRule;
import dev.forgewatch.detections.rule.DetectionRule;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleException;
import dev.forgewatch.detections.rule.RuleException.Problem;
import dev.forgewatch.detections.rule.RuleSet;
import dev.forgewatch.detections.yaml.YamlException;
import dev.forgewatch.detections.yaml.YamlList;
import dev.forgewatch.detections.yaml.YamlMap;
import dev.forgewatch.detections.yaml.YamlNode;
import dev.forgewatch.detections.yaml.YamlReader;
import dev.forgewatch.detections.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a tenant knows to be benign, read from {@code tuning.yaml}: allow-listed apps, known egress
 * ranges, service accounts and per-rule exclusions, each with its reason. The one source of the
 * hunt's suppression ({@link #suppressing}), the Kibana rule exceptions and the Splunk
 * {@code <rule>_filter} macros ({@link #forRule}).
 *
 * <p>An entry can apply to a rule when the rule's findings carry the entry's field: a detection rule's
 * {@code fields}, a correlation's {@code group-by} (the only fields every target keeps per alert).
 * Without {@code rules} it applies where the rule also judges that field ({@link #judgedFields}: what
 * its detection tests, its first-seen fields, its group-by), so an egress range quiets "new address
 * for the mailbox" but not a forged token seen from that range; and only to rules below critical
 * that are neither a coverage rule
 * nor an indicator-of-compromise rule of the incident policy: a critical finding means an intruder is
 * likely, a published intruder address is one whatever app it used, and a logging gap is not an app's
 * behaviour; silencing those must be asked for by name.
 *
 * @param entries in file order
 * @param applied per rule name, the entries that apply to it and on which of its fields
 */
public record Tuning(List<Entry> entries, Map<String, List<Applied>> applied) {
    /** The file name beside the rules. */
    public static final String FILE = "tuning.yaml";

    /** No tuning at all. */
    public static final Tuning NONE = new Tuning(List.of(), Map.of());

    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** The kinds of entry: their section in the file and the fields they match. */
    public enum Kind {
        APP("apps", "id", List.of("AppId")),
        EGRESS("egress", "cidr", List.of("ClientIPAddress")),
        ACCOUNT("accounts", "upn", List.of("UserId", "MailboxOwnerUPN")),
        EXCLUSION("exclusions", null, List.of());

        private final String section;
        private final String valueKey;
        private final List<String> fields;

        Kind(String section, String valueKey, List<String> fields) {
            this.section = section;
            this.valueKey = valueKey;
            this.fields = fields;
        }

        public String section() {
            return section;
        }

        /** The key an entry's value is written under ({@code id}, {@code cidr}, {@code upn}); null for exclusions. */
        public String valueKey() {
            return valueKey;
        }
    }

    /**
     * One entry of the file.
     *
     * @param label  what it is, for reports: {@code app 1111… (Contoso Backup)}
     * @param fields the fields it matches (one, or an account's two)
     * @param values the values it leaves out (exact, ignoring case), or empty when {@code cidrs} is used
     * @param rules  the rules it was narrowed to, or empty for its default reach
     */
    public record Entry(Kind kind, String label, String reason, int line, List<FieldRef> fields, List<String> values,
            List<IpNetwork> cidrs, Set<String> rules) {
        public Entry {
            fields = List.copyOf(fields);
            values = List.copyOf(values);
            cidrs = List.copyOf(cidrs);
            rules = Set.copyOf(rules);
        }

        /** Whether a value of one of its fields is left out by this entry. */
        public boolean matches(Object value) {
            if (value instanceof Collection<?> many) {
                return many.stream().anyMatch(this::matches);
            }
            if (value == null) {
                return false;
            }
            String text = value.toString();
            if (!cidrs.isEmpty()) {
                byte[] address = IpAddresses.parse(text);
                return address != null && cidrs.stream().anyMatch(cidr -> cidr.contains(address));
            }
            return values.stream().anyMatch(v -> v.equalsIgnoreCase(text));
        }
    }

    /** An entry as it applies to one rule: the rule's fields it tests. */
    public record Applied(Entry entry, List<FieldRef> fields) {
        public Applied {
            fields = List.copyOf(fields);
        }
    }

    public Tuning {
        entries = List.copyOf(entries);
        Map<String, List<Applied>> copy = new LinkedHashMap<>();
        applied.forEach((rule, list) -> copy.put(rule, List.copyOf(list)));
        applied = java.util.Collections.unmodifiableMap(copy);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entries that apply to a rule, in file order; empty when none does. */
    public List<Applied> forRule(Rule rule) {
        return applied.getOrDefault(rule.name(), List.of());
    }

    /** The entry that leaves this finding of {@code rule} out, or null when none does. */
    public Entry suppressing(Rule rule, Finding finding) {
        for (Applied applies : forRule(rule)) {
            for (FieldRef field : applies.fields()) {
                if (applies.entry().matches(finding.evidence().get(field.canonical()))) {
                    return applies.entry();
                }
            }
        }
        return null;
    }

    /**
     * The fields whose values make the rule fire, among those its findings keep: a correlation's
     * group-by, a first-seen rule's new-terms fields, the fields a plain detection tests.
     */
    public static List<FieldRef> judgedFields(Rule rule) {
        List<FieldRef> judged = new ArrayList<>();
        if (rule instanceof CorrelationRule correlation) {
            judged.addAll(correlation.correlation().groupBy());
        } else if (rule instanceof DetectionRule detection) {
            if (detection.newTerms() != null) {
                judged.addAll(detection.newTerms().fields());
            } else {
                collect(detection.expr(), judged);
            }
        }
        List<FieldRef> carried = tunableFields(rule);
        return judged.stream().filter(f -> carried.stream().anyMatch(c -> c.canonical().equals(f.canonical()))).distinct().toList();
    }

    private static void collect(Expr expr, List<FieldRef> out) {
        if (expr instanceof Expr.And and) {
            and.items().forEach(item -> collect(item, out));
        } else if (expr instanceof Expr.Or or) {
            or.items().forEach(item -> collect(item, out));
        } else if (expr instanceof Expr.Not not) {
            collect(not.item(), out);
        } else if (expr instanceof Expr.AnyOf e) {
            out.add(e.field());
        } else if (expr instanceof Expr.Match e) {
            out.add(e.field());
        } else if (expr instanceof Expr.Regex e) {
            out.add(e.field());
        } else if (expr instanceof Expr.Cidr e) {
            out.add(e.field());
        } else if (expr instanceof Expr.Compare e) {
            out.add(e.field());
        } else if (expr instanceof Expr.FieldCompare e) {
            out.add(e.field());
            out.add(e.other());
        } else if (expr instanceof Expr.BoolIs e) {
            out.add(e.field());
        } else if (expr instanceof Expr.Exists e) {
            out.add(e.field());
        }
    }

    /** The fields every target keeps on a rule's alerts, so an entry on them means the same everywhere. */
    public static List<FieldRef> tunableFields(Rule rule) {
        return rule instanceof CorrelationRule correlation ? correlation.correlation().groupBy() : rule.fields();
    }

    /**
     * Reads a tuning file and checks it against the rules it tunes. Every problem is collected and
     * reported together, each with its line; nothing loads while one remains.
     */
    public static Tuning parse(String file, String text, RuleSet rules, FieldCatalog catalog, IncidentPolicy policy)
            throws RuleException {
        YamlNode root;
        try {
            List<YamlNode> documents = YamlReader.readDocuments(text);
            if (documents.size() != 1 || !(documents.get(0) instanceof YamlMap map)) {
                throw new RuleException(file, 0, "expected one YAML mapping (version, apps, egress, accounts, exclusions)");
            }
            root = map;
        } catch (YamlException e) {
            throw new RuleException(file, e.line(), e.getMessage());
        }
        Reader reader = new Reader(file, rules, catalog, policy);
        Tuning tuning = reader.read((YamlMap) root);
        if (!reader.problems.isEmpty()) {
            throw new RuleException(reader.problems);
        }
        return tuning;
    }

    /** Reads the mapping strictly, collecting every problem with its line. */
    private static final class Reader {
        private final String file;
        private final RuleSet rules;
        private final FieldCatalog catalog;
        private final IncidentPolicy policy;
        private final List<Problem> problems = new ArrayList<>();

        Reader(String file, RuleSet rules, FieldCatalog catalog, IncidentPolicy policy) {
            this.file = file;
            this.rules = rules;
            this.catalog = catalog;
            this.policy = policy;
        }

        /** Whether an entry that names no rules reaches this one. */
        private boolean defaultReach(Rule rule) {
            return rule.info().level() != Severity.CRITICAL && !policy.coverage().contains(rule.name())
                    && !policy.iocRules().contains(rule.name());
        }

        private void problem(int line, String reason) {
            problems.add(new Problem(file, line, reason));
        }

        Tuning read(YamlMap root) {
            Set<String> sections = new LinkedHashSet<>(List.of("version"));
            for (Kind kind : Kind.values()) {
                sections.add(kind.section);
            }
            unknownKeys(root, sections);
            if (!(root.get("version") instanceof YamlScalar version) || !version.text().equals("1")) {
                problem(root.has("version") ? root.lineOf("version") : root.line(), "version must be 1");
            }
            List<Entry> entries = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (Kind kind : Kind.values()) {
                YamlNode node = root.get(kind.section);
                if (node == null || node instanceof YamlScalar scalar && scalar.isNull()) {
                    continue;
                }
                if (!(node instanceof YamlList list)) {
                    problem(root.lineOf(kind.section), kind.section + " must be a list of entries");
                    continue;
                }
                for (YamlNode item : list.items()) {
                    if (!(item instanceof YamlMap map)) {
                        problem(item.line(), kind.section + ": each entry must be a mapping");
                        continue;
                    }
                    Entry entry = kind == Kind.EXCLUSION ? exclusion(map) : entry(kind, map);
                    if (entry == null) {
                        continue;
                    }
                    String identity = kind + "|" + entry.fields().stream().map(FieldRef::canonical).toList() + "|"
                            + entry.values().stream().map(v -> v.toLowerCase(Locale.ROOT)).toList() + "|"
                            + entry.cidrs().stream().map(IpNetwork::text).toList() + "|" + entry.rules();
                    if (!seen.add(identity)) {
                        problem(map.line(), kind.section + ": " + entry.label() + " is listed twice");
                        continue;
                    }
                    entries.add(entry);
                }
            }
            Map<String, List<Applied>> applied = new LinkedHashMap<>();
            for (Entry entry : entries) {
                boolean any = false;
                for (Rule rule : rules.alerting()) {
                    boolean byName = !entry.rules().isEmpty();
                    List<FieldRef> fields = carried(rule, entry, byName ? tunableFields(rule) : judgedFields(rule));
                    boolean reaches = byName ? entry.rules().contains(rule.name()) : defaultReach(rule);
                    if (reaches && !fields.isEmpty()) {
                        applied.computeIfAbsent(rule.name(), name -> new ArrayList<>()).add(new Applied(entry, fields));
                        any = true;
                    }
                }
                if (!any && problems.isEmpty()) {
                    problem(entry.line(), entry.label() + " applies to no rule: no rule it reaches by default (below critical, not coverage or IOC) judges "
                            + String.join(" or ", entry.fields().stream().map(FieldRef::sigmaName).toList()));
                }
            }
            return new Tuning(entries, applied);
        }

        /** The entry's fields among the rule's. */
        private static List<FieldRef> carried(Rule rule, Entry entry, List<FieldRef> ruleFields) {
            List<FieldRef> carried = new ArrayList<>();
            for (FieldRef field : entry.fields()) {
                if (ruleFields.stream().anyMatch(f -> f.canonical().equals(field.canonical()))) {
                    carried.add(field);
                }
            }
            return carried;
        }

        private Entry entry(Kind kind, YamlMap map) {
            Set<String> keys = new LinkedHashSet<>(List.of(kind.valueKey, "reason", "rules"));
            if (kind == Kind.APP) {
                keys.add("name");
            }
            unknownKeys(map, keys);
            String value = text(map, kind.valueKey, kind.section);
            String reason = reason(map, kind.section);
            List<FieldRef> fields = new ArrayList<>();
            for (String sigma : kind.fields) {
                fields.add(field(sigma, map.line()));
            }
            Set<String> narrowed = ruleNames(map, kind.section, fields);
            if (value == null) {
                return null;
            }
            // the value is checked even when something else is wrong, so every problem is named at once
            int line = map.lineOf(kind.valueKey);
            String label;
            List<String> values = List.of();
            List<IpNetwork> cidrs = List.of();
            switch (kind) {
                case APP -> {
                    if (!GUID.matcher(value).matches()) {
                        problem(line, "apps: id '" + value + "' is not an application id (a GUID such as 00000002-0000-0ff1-ce00-000000000000)");
                        return null;
                    }
                    String name = map.get("name") instanceof YamlScalar s && !s.isNull() ? s.text() : null;
                    label = "app " + value + (name == null ? "" : " (" + name + ")");
                    values = List.of(value);
                }
                case EGRESS -> {
                    try {
                        cidrs = List.of(IpNetwork.parse(value));
                    } catch (IllegalArgumentException e) {
                        problem(line, "egress: " + e.getMessage() + " (write a single address as address/32)");
                        return null;
                    }
                    label = "egress " + value;
                }
                case ACCOUNT -> {
                    if (value.indexOf('@') <= 0) {
                        problem(line, "accounts: upn '" + value + "' is not a user principal name (name@domain)");
                        return null;
                    }
                    label = "account " + value;
                    values = List.of(value);
                }
                default -> throw new IllegalStateException(kind.toString());
            }
            if (reason == null || narrowed == null || fields.contains(null)) {
                return null;
            }
            return new Entry(kind, label, reason, map.line(), fields, values, cidrs, narrowed);
        }

        private Entry exclusion(YamlMap map) {
            unknownKeys(map, Set.of("rule", "field", "values", "cidr", "reason"));
            String ruleName = text(map, "rule", "exclusions");
            String fieldName = text(map, "field", "exclusions");
            String reason = reason(map, "exclusions");
            if (ruleName == null || fieldName == null || reason == null) {
                return null;
            }
            Rule rule = rules.rule(ruleName);
            if (rule == null || !rules.isAlerting(rule)) {
                problem(map.lineOf("rule"), "exclusions: rule '" + ruleName + "' is not an alerting rule of the pack");
                return null;
            }
            FieldRef field = field(fieldName, map.lineOf("field"));
            if (field == null) {
                return null;
            }
            if (tunableFields(rule).stream().noneMatch(f -> f.canonical().equals(field.canonical()))) {
                problem(map.lineOf("field"), "exclusions: rule '" + ruleName + "' does not keep " + fieldName + " on its findings (it keeps "
                        + String.join(", ", tunableFields(rule).stream().map(FieldRef::sigmaName).toList()) + ")");
                return null;
            }
            boolean hasValues = map.has("values");
            boolean hasCidr = map.has("cidr");
            if (hasValues == hasCidr) {
                problem(map.line(), "exclusions: give either values or cidr");
                return null;
            }
            String label = "exclusion " + ruleName + " " + fieldName;
            if (hasCidr) {
                if (field.type() != FieldType.IP) {
                    problem(map.lineOf("cidr"), "exclusions: cidr needs an ip field, and " + fieldName + " is not one");
                    return null;
                }
                String cidr = text(map, "cidr", "exclusions");
                try {
                    return new Entry(Kind.EXCLUSION, label + " " + cidr, reason, map.line(), List.of(field), List.of(),
                            List.of(IpNetwork.parse(cidr)), Set.of(rule.name()));
                } catch (IllegalArgumentException e) {
                    problem(map.lineOf("cidr"), "exclusions: " + e.getMessage());
                    return null;
                }
            }
            List<String> values = new ArrayList<>();
            if (!(map.get("values") instanceof YamlList list) || list.items().isEmpty()) {
                problem(map.lineOf("values"), "exclusions: values must be a non-empty list");
                return null;
            }
            for (YamlNode item : list.items()) {
                if (!(item instanceof YamlScalar scalar) || scalar.isNull() || scalar.text().isEmpty()) {
                    problem(item.line(), "exclusions: each value must be a non-empty value");
                    return null;
                }
                if (!checkValue(scalar.text(), item.line())) {
                    return null;
                }
                values.add(scalar.text());
            }
            return new Entry(Kind.EXCLUSION, label + " " + String.join(", ", values), reason, map.line(), List.of(field), values,
                    List.of(), Set.of(rule.name()));
        }

        /** Values are matched exactly: a wildcard would mean one thing in SPL and another in Kibana. */
        private boolean checkValue(String value, int line) {
            if (value.contains("*") || value.contains("?")) {
                problem(line, "'" + value + "': tuning values are exact, wildcards (* ?) are not supported");
                return false;
            }
            for (int i = 0; i < value.length(); i++) {
                if (Character.isISOControl(value.charAt(i))) {
                    problem(line, "a tuning value cannot hold control characters");
                    return false;
                }
            }
            return true;
        }

        private Set<String> ruleNames(YamlMap map, String section, List<FieldRef> fields) {
            if (!map.has("rules")) {
                return Set.of();
            }
            if (!(map.get("rules") instanceof YamlList list) || list.items().isEmpty()) {
                problem(map.lineOf("rules"), section + ": rules must be a non-empty list of rule names");
                return null;
            }
            Set<String> names = new LinkedHashSet<>();
            boolean ok = true;
            for (YamlNode item : list.items()) {
                Rule rule = item instanceof YamlScalar s && !s.isNull() ? rules.rule(s.text()) : null;
                if (rule == null || !rules.isAlerting(rule)) {
                    problem(item.line(), section + ": rules names '" + (item instanceof YamlScalar s ? s.text() : item.describe())
                            + "', which is not an alerting rule of the pack");
                    ok = false;
                    continue;
                }
                if (fields.stream().filter(java.util.Objects::nonNull).noneMatch(f -> tunableFields(rule).stream()
                        .anyMatch(t -> t.canonical().equals(f.canonical())))) {
                    problem(item.line(), section + ": rule '" + rule.name() + "' does not keep "
                            + String.join(" or ", fields.stream().filter(java.util.Objects::nonNull).map(FieldRef::sigmaName).toList())
                            + " on its findings, so this entry cannot apply to it");
                    ok = false;
                    continue;
                }
                names.add(rule.name());
            }
            return ok ? names : null;
        }

        private FieldRef field(String sigmaName, int line) {
            FieldDefinition definition = catalog.bySigmaName(sigmaName);
            if (definition == null) {
                problem(line, "unknown field '" + sigmaName + "' (fields are the Sigma or canonical names of fields.yaml)");
                return null;
            }
            return new FieldRef(sigmaName, definition);
        }

        private String text(YamlMap map, String key, String section) {
            YamlNode node = map.get(key);
            if (node == null) {
                problem(map.line(), section + ": missing key '" + key + "'");
                return null;
            }
            if (!(node instanceof YamlScalar scalar) || scalar.isNull() || scalar.text().isBlank()) {
                problem(map.lineOf(key), section + ": " + key + " must be a value");
                return null;
            }
            return checkValue(scalar.text(), scalar.line()) ? scalar.text().trim() : null;
        }

        private String reason(YamlMap map, String section) {
            YamlNode node = map.get("reason");
            if (node == null) {
                problem(map.line(), section + ": every entry needs a reason (why it is benign, shown with what it suppresses)");
                return null;
            }
            if (!(node instanceof YamlScalar scalar) || scalar.isNull() || scalar.text().isBlank()) {
                problem(map.lineOf("reason"), section + ": reason must be a sentence");
                return null;
            }
            return scalar.text().trim();
        }

        private void unknownKeys(YamlMap map, Set<String> allowed) {
            for (YamlMap.Entry entry : map.entries().values()) {
                if (!allowed.contains(entry.key())) {
                    problem(entry.keyLine(), "unknown key '" + entry.key() + "' (expected " + String.join(", ", allowed) + ")");
                }
            }
        }
    }
}
