package dev.forgewatch.elastic.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.compile.elastic.KibanaRuleExport;
import dev.forgewatch.detections.compile.elastic.StackLines;
import dev.forgewatch.detections.compile.elastic.StackLines.Line;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.RuleSet;
import dev.forgewatch.elastic.kibana.Dashboards;
import dev.forgewatch.elastic.kibana.KibanaFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the READMEs claim about Elastic stack versions is what the build makes and the conformance tests
 * check: the version tables in README.md and elastic-connector/README.md list exactly the known lines
 * (the lines whose rule schema {@code KibanaRuleSchemaConformanceTest} checks every rule against), call
 * exactly the supported ones supported (the lines the build writes {@code kibana/<line>/} for, and the
 * integration package's range), and give each line's rule count as the export for it has. A line added
 * or removed on one side only fails here. And the saved objects imported into every listed line carry
 * migration versions that line accepts ({@code spec/kibana-saved-objects.yaml}).
 */
class StackVersionClaimsTest {
    private static final Path ROOT_README = Path.of("..", "README.md");
    private static final Path ELASTIC_README = Path.of("README.md");
    private static final StackLines LINES = StackLines.standard();
    private static final RuleSet PACK = RulePack.standard().rules();
    private static final Pattern LINE = Pattern.compile("(\\d+)\\.(\\d+)");

    /** One row of a README's version table: the lines it names and its cells after the first. */
    record Row(List<Line> lines, List<String> cells) {
    }

    /** The rows of the markdown table whose header row starts with {@code header}; "newer than" rows are left out. */
    static List<Row> table(String readme, String header, List<String> problems) {
        List<String> text = readme.lines().toList();
        int start = -1;
        for (int i = 0; i < text.size(); i++) {
            if (text.get(i).startsWith(header)) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            problems.add("no version table starting with '" + header + "'");
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        for (int i = start + 2; i < text.size() && text.get(i).startsWith("|"); i++) {
            // a cell may hold an escaped pipe (ES\|QL)
            List<String> cells = Arrays.stream(text.get(i).split("(?<!\\\\)\\|", -1)).map(String::strip).toList();
            cells = cells.subList(1, cells.size() - 1);
            if (cells.get(0).startsWith("newer than")) {
                continue;
            }
            rows.add(new Row(expand(cells.get(0), problems), cells.subList(1, cells.size())));
        }
        return rows;
    }

    /** "8.14 – 8.18, 9.0 – 9.2" as the known lines it covers; a line ForgeWatch does not know is a problem. */
    private static List<Line> expand(String spec, List<String> problems) {
        List<Line> lines = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] ends = part.split("[–-]");
            Line from = line(ends[0], problems);
            Line to = ends.length > 1 ? line(ends[1], problems) : from;
            if (from == null || to == null) {
                continue;
            }
            if (!LINES.known().contains(from) || !LINES.known().contains(to)) {
                problems.add("the README lists " + part.strip() + ", which is not a known stack line " + LINES.known());
                continue;
            }
            LINES.known().stream().filter(line -> line.atLeast(from) && to.atLeast(line)).forEach(lines::add);
        }
        return lines;
    }

    private static Line line(String text, List<String> problems) {
        Matcher matcher = LINE.matcher(text);
        if (!matcher.find()) {
            problems.add("not a stack line: '" + text.strip() + "'");
            return null;
        }
        return Line.parse(matcher.group());
    }

    /** The number of rules a cell claims: "all 39 ...", "37: ..."; "+ the incident rule" counts one more. */
    private static int claimedRules(String cell) {
        Matcher number = Pattern.compile("\\d+").matcher(cell);
        if (!number.find()) {
            return -1;
        }
        return Integer.parseInt(number.group()) + (cell.contains("+ the incident rule") ? 1 : 0);
    }

    /**
     * Everything wrong with the two READMEs' version tables against the build's facts: which lines are known
     * (rule schema checked), supported (artefacts built), packaged, and how many rules each gets.
     */
    static List<String> problems(String rootReadme, String elasticReadme, Set<Line> built, Set<Line> schemaChecked) {
        List<String> problems = new ArrayList<>();
        Set<Line> known = new TreeSet<>(LINES.known());
        Set<Line> supported = new TreeSet<>(LINES.supported());
        if (!built.equals(supported)) {
            problems.add("the build writes artefacts for " + built + " but the supported lines are " + supported);
        }
        if (!schemaChecked.equals(known)) {
            problems.add("the rule schema facts cover " + schemaChecked + " but the known lines are " + known);
        }
        Map<String, List<Row>> tables = new LinkedHashMap<>();
        tables.put("README.md", table(rootReadme, "| Elastic stack line |", problems));
        tables.put("elastic-connector/README.md", table(elasticReadme, "| stack line |", problems));
        for (Map.Entry<String, List<Row>> table : tables.entrySet()) {
            String readme = table.getKey();
            List<Row> rows = table.getValue();
            List<Line> listed = rows.stream().flatMap(row -> row.lines().stream()).toList();
            if (listed.size() != new TreeSet<>(listed).size()) {
                problems.add(readme + " lists a line twice: " + listed);
            }
            if (!new TreeSet<>(listed).equals(known)) {
                problems.add(readme + " lists " + new TreeSet<>(listed) + ", the known (built and schema-checked) lines are " + known);
            }
            Set<Line> claimedSupported = rows.stream().filter(row -> row.cells().get(0).equals("yes")
                    || row.cells().get(0).equals("supported")).flatMap(row -> row.lines().stream())
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!claimedSupported.equals(supported)) {
                problems.add(readme + " calls " + claimedSupported + " supported, the build's supported lines are " + supported);
            }
            Set<Line> claimedPackage = rows.stream().filter(row -> row.cells().get(row.cells().size() - 1).startsWith("yes"))
                    .flatMap(row -> row.lines().stream()).collect(Collectors.toCollection(TreeSet::new));
            Set<Line> packaged = known.stream().filter(LINES::withinSupportedRange).collect(Collectors.toCollection(TreeSet::new));
            if (!claimedPackage.equals(packaged)) {
                problems.add(readme + " offers the integration package for " + claimedPackage + ", its range ("
                        + LINES.kibanaCondition() + ") covers " + packaged);
            }
            for (Row row : rows) {
                int claimed = claimedRules(row.cells().get(1));
                for (Line line : row.lines()) {
                    int exported = KibanaRuleExport.forLine(PACK, line, LINES).rules().size();
                    if (claimed != exported) {
                        problems.add(readme + " claims " + claimed + " rules for " + line + ", its export has " + exported);
                    }
                }
            }
        }
        return problems;
    }

    private static Set<Line> builtLines() {
        return KibanaFiles.files(FieldCatalog.standard(), PACK, LINES).keySet().stream()
                .map(path -> Line.parse(path.substring(0, path.indexOf('/')))).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<Line> schemaCheckedLines() throws IOException {
        try (InputStream in = StackVersionClaimsTest.class.getResourceAsStream("/spec/kibana-rule-schema.yaml")) {
            Set<Line> lines = new TreeSet<>();
            Json.YAML.readTree(in).path("lines").fieldNames().forEachRemaining(name -> lines.add(Line.parse(name)));
            return lines;
        }
    }

    @Test
    void theReadmesClaimExactlyTheLinesThatAreBuiltAndChecked() throws IOException {
        Set<Line> committed;
        try (Stream<Path> folders = Files.list(Path.of("kibana"))) {
            committed = folders.map(folder -> Line.parse(folder.getFileName().toString())).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(committed).as("the committed kibana/<line> folders").isEqualTo(builtLines());
        assertThat(problems(Files.readString(ROOT_README), Files.readString(ELASTIC_README), builtLines(), schemaCheckedLines()))
                .isEmpty();
    }

    @Test
    void aLineAddedOrRemovedOnOneSideOnlyFails() throws IOException {
        String root = Files.readString(ROOT_README);
        String elastic = Files.readString(ELASTIC_README);
        Set<Line> built = builtLines();
        Set<Line> checked = schemaCheckedLines();

        assertThat(problems(root.replace("| 9.3, 9.4, 9.5 |", "| 9.3, 9.5 |"), elastic, built, checked))
                .anyMatch(problem -> problem.startsWith("README.md lists") && problem.contains("9.4"));
        assertThat(problems(root, elastic.replace("| 9.5 | supported |", "| 9.5 | ended |"), built, checked))
                .anyMatch(problem -> problem.startsWith("elastic-connector/README.md calls [8.19, 9.3, 9.4] supported"));
        assertThat(problems(root, elastic.replace("| 8.12, 8.13 | ended |", "| 8.11, 8.12, 8.13 | ended |"), built, checked))
                .anyMatch(problem -> problem.contains("8.11, which is not a known stack line"));
        Set<Line> oneMoreBuilt = new TreeSet<>(built);
        oneMoreBuilt.add(Line.parse("9.2"));
        assertThat(problems(root, elastic, oneMoreBuilt, checked)).anyMatch(problem -> problem.startsWith("the build writes artefacts"));
        Set<Line> oneLessChecked = new TreeSet<>(checked);
        oneLessChecked.remove(Line.parse("8.12"));
        assertThat(problems(root, elastic, built, oneLessChecked)).anyMatch(problem -> problem.startsWith("the rule schema facts"));
        int exported = KibanaRuleExport.forLine(PACK, Line.parse("8.19"), LINES).rules().size();
        assertThat(problems(root.replace("| 8.19 | yes | all ", "| 8.19 | yes | all 1"), elastic, built, checked))
                .anyMatch(problem -> problem.startsWith("README.md claims 1") && problem.endsWith(" rules for 8.19, its export has "
                        + exported));
    }

    // ---- saved object migration versions -------------------------------------------------------------

    private static JsonNode savedObjectFacts() throws IOException {
        try (InputStream in = StackVersionClaimsTest.class.getResourceAsStream("/spec/kibana-saved-objects.yaml")) {
            return Json.YAML.readTree(in);
        }
    }

    private static int[] version(String text) {
        String[] parts = text.split("\\.");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), parts.length > 2 ? Integer.parseInt(parts[2]) : 0};
    }

    private static int compare(int[] a, int[] b) {
        return Arrays.compare(a, b);
    }

    /** Why Kibana of {@code line} would not import {@code object}, or nothing. */
    static List<String> savedObjectProblems(ObjectNode object, Line line, JsonNode facts) {
        List<String> problems = new ArrayList<>();
        String name = object.path("type").asText() + ":" + object.path("id").asText();
        facts.path("required").forEach(key -> {
            if (!object.hasNonNull(key.asText())) {
                problems.add(name + " has no " + key.asText());
            }
        });
        if (!problems.isEmpty()) {
            return problems;
        }
        String core = object.path("coreMigrationVersion").asText();
        String type = object.path("typeMigrationVersion").asText();
        Set<String> coreMigrations = new TreeSet<>();
        facts.path("core_migrations").forEach(version -> coreMigrations.add(version.asText()));
        if (!coreMigrations.contains(core)) {
            problems.add(name + ": coreMigrationVersion " + core + " is no core migration of Kibana " + coreMigrations);
        }
        if (compare(version(type), version(facts.path("model_versions_from").asText())) >= 0) {
            problems.add(name + ": typeMigrationVersion " + type + " is a model version, not a Kibana version every line knows");
            return problems;
        }
        int[] made = compare(version(core), version(type)) >= 0 ? version(core) : version(type);
        int[] target = {line.major(), line.minor(), Integer.MAX_VALUE};
        boolean sameMajorNotOlder = made[0] == line.major() && compare(made, target) <= 0;
        boolean nextMajor = line.major() == made[0] + 1;
        if (!sameMajorNotOlder && !nextMajor) {
            problems.add(name + " is from Kibana " + made[0] + "." + made[1] + "." + made[2] + ", which Kibana " + line
                    + " does not import (same major and not newer, or the next major)");
        }
        return problems;
    }

    /** Every saved object ForgeWatch hands Kibana: the import file's and the integration package's. */
    private static List<ObjectNode> savedObjects() throws IOException {
        List<ObjectNode> objects = new ArrayList<>(new Dashboards(FieldCatalog.standard()).savedObjects());
        try (Stream<Path> files = Files.walk(Path.of("package", "forgewatch", "kibana", "dashboard"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                objects.add((ObjectNode) Json.MAPPER.readTree(file.toFile()));
            }
        }
        return objects;
    }

    @Test
    void savedObjectsCarryMigrationVersionsEveryListedLineImports() throws IOException {
        JsonNode facts = savedObjectFacts();
        List<ObjectNode> objects = savedObjects();
        assertThat(objects).hasSizeGreaterThan(5);
        List<String> problems = new ArrayList<>();
        for (Line line : LINES.known()) {
            for (ObjectNode object : objects) {
                problems.addAll(savedObjectProblems(object, line, facts));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void anObjectTooNewOrTooOldForALineFails() throws IOException {
        JsonNode facts = savedObjectFacts();
        ObjectNode dashboard = new Dashboards(FieldCatalog.standard()).savedObjects().stream()
                .filter(object -> object.path("type").asText().equals("dashboard")).findFirst().orElseThrow();

        ObjectNode tooNew = dashboard.deepCopy().put("typeMigrationVersion", "9.1.0");
        assertThat(savedObjectProblems(tooNew, Line.parse("8.19"), facts)).singleElement().asString()
                .contains("is from Kibana 9.1.0, which Kibana 8.19 does not import");
        assertThat(savedObjectProblems(tooNew, Line.parse("9.3"), facts)).isEmpty();
        ObjectNode modelVersion = dashboard.deepCopy().put("typeMigrationVersion", "10.2.0");
        assertThat(savedObjectProblems(modelVersion, Line.parse("9.5"), facts)).singleElement().asString().contains("model version");
        ObjectNode legacy = dashboard.deepCopy();
        legacy.remove("typeMigrationVersion");
        assertThat(savedObjectProblems(legacy, Line.parse("8.19"), facts)).containsExactly(
                "dashboard:" + dashboard.path("id").asText() + " has no typeMigrationVersion");
        ObjectNode sevenX = dashboard.deepCopy().put("coreMigrationVersion", "7.17.0").put("typeMigrationVersion", "7.17.3");
        assertThat(savedObjectProblems(sevenX, Line.parse("9.3"), facts)).anyMatch(problem -> problem.contains("no core migration"))
                .anyMatch(problem -> problem.contains("which Kibana 9.3 does not import"));
    }
}
