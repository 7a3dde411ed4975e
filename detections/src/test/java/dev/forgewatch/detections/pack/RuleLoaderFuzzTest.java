package dev.forgewatch.detections.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.rule.AttackCatalog;
import dev.forgewatch.detections.rule.Lookup;
import dev.forgewatch.detections.rule.RuleException;
import dev.forgewatch.detections.rule.RuleLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The rule loader on damaged rule files (the shipped rules with lines cut, repeated, swapped,
 * re-indented or spliced with YAML punctuation, and plain junk): each either loads or fails with a
 * {@link RuleException} whose problems name the file and say what is wrong. Any other exception
 * fails the property.
 */
class RuleLoaderFuzzTest {
    private static final FieldCatalog CATALOG = FieldCatalog.standard();
    private static final Map<String, String> PACK = PackFiles.fromClasspath();
    private static final List<String> RULES = PACK.keySet().stream().filter(path -> path.endsWith(".yml")).toList();
    private static final Map<String, Lookup> LOOKUPS = lookups();
    private static final String YAML_BITS = ":-|>[]{}#&*!%@`'\",? \t\n\\~";

    private static Map<String, Lookup> lookups() {
        Map<String, Lookup> lookups = new LinkedHashMap<>();
        for (Map.Entry<String, String> file : PACK.entrySet()) {
            if (file.getKey().startsWith("lookups/")) {
                try {
                    Lookup lookup = LookupReader.read(file.getKey(), file.getValue());
                    lookups.put(lookup.name(), lookup);
                } catch (RuleException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return lookups;
    }

    /** One edit of a rule file's lines. */
    private record Edit(int kind, int at, int other, String text) {
        List<String> apply(List<String> lines) {
            List<String> out = new ArrayList<>(lines);
            if (out.isEmpty()) {
                out.add(text);
                return out;
            }
            int i = Math.floorMod(at, out.size());
            int j = Math.floorMod(other, out.size());
            String line = out.get(i);
            switch (kind) {
                case 0 -> out.remove(i);
                case 1 -> out.add(i, line);
                case 2 -> {
                    out.set(i, out.get(j));
                    out.set(j, line);
                }
                case 3 -> out.set(i, "  " + line);
                case 4 -> out.set(i, line.stripLeading());
                case 5 -> out.set(i, line.substring(0, Math.floorMod(other, line.length() + 1)) + text);
                case 6 -> out.add(i, text);
                default -> out.set(i, line.substring(0, Math.floorMod(other, line.length() + 1)) + text
                        + line.substring(Math.floorMod(other, line.length() + 1)));
            }
            return out;
        }
    }

    @Provide
    Arbitrary<Edit> edits() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().withChars(YAML_BITS).ofMaxLength(6),
                Arbitraries.strings().ofMaxLength(12), Arbitraries.of("null", "~", "[]", "{}", "- ", "key: value", "|", "&a",
                        "*a", "!!binary x", "'", "\"", "0x1F", "1e999", "2023-13-45", "detection:", "condition: selection and",
                        "correlation:", "type: value_count", "timespan: 0s", "timespan: -5m", "level: extreme", "id: not-a-uuid",
                        "Operation|re: '('", "Operation|cidr: 300.1.1.1/99", "    - '*'"));
        return Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.integers(), Arbitraries.integers(), text)
                .as(Edit::new);
    }

    @Property(tries = 300, seed = "202612061")
    void damagedShippedRulesLoadOrFailWithProblems(@ForAll("ruleIndex") int rule,
                                                   @ForAll("editLists") List<Edit> edits) {
        String path = RULES.get(rule);
        List<String> lines = List.of(PACK.get(path).split("\n", -1));
        for (Edit edit : edits) {
            lines = edit.apply(lines);
        }
        loadOrExplain(path, String.join("\n", lines));
    }

    @Property(tries = 200, seed = "202612062")
    void junkLoadsOrFailsWithProblems(@ForAll("junk") String text) {
        loadOrExplain("rules/junk.yml", text);
    }

    @Provide
    Arbitrary<Integer> ruleIndex() {
        return Arbitraries.integers().between(0, RULES.size() - 1);
    }

    @Provide
    Arbitrary<List<Edit>> editLists() {
        return edits().list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars(YAML_BITS + "abcxyz019").ofMaxLength(80), Arbitraries.strings().ofMaxLength(80));
    }

    private static void loadOrExplain(String path, String text) {
        try {
            new RuleLoader(CATALOG, AttackCatalog.standard(), LOOKUPS).load(List.of(new RuleLoader.Source(path, text)));
        } catch (RuleException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(problem -> {
                assertThat(problem.file()).isEqualTo(path);
                assertThat(problem.reason()).isNotBlank();
                assertThat(problem.line()).isBetween(0, text.split("\n", -1).length + 1);
            });
        }
    }
}
