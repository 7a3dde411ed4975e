package dev.forgewatch.detections.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule and correlation of the shipped pack ({@code detections/rules}) is valid against the Sigma
 * rule and correlation specification 2.1.0 (facts in {@code spec/sigma-specification-2.1.0.yaml}), with
 * ForgeWatch's own keys only in the documented {@code forgewatch} block; each check fails on a broken copy.
 */
class SigmaSpecConformanceTest {
    private static final Path RULES = Path.of("rules");
    private static final SigmaSpecChecks CHECKS = SigmaSpecChecks.standard();
    private static final String ABSENCE_RULE = "mail_access/mail_access_without_interactive_signin.yml";
    private static final String PLAIN_RULE = "persistence/mailbox_forwarding_set.yml";
    private static final String COUNT_RULE = "mail_access/bind_volume_spike.yml";

    private static Map<String, String> pack() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(RULES)) {
            for (Path file : walk.filter(path -> path.toString().endsWith(".yml")).toList()) {
                files.put(RULES.relativize(file).toString().replace('\\', '/'), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    @Test
    void everyRuleAndCorrelationOfThePackIsSigmaValid() throws IOException {
        Map<String, String> pack = pack();
        assertThat(pack).hasSizeGreaterThan(30).containsKeys(ABSENCE_RULE, PLAIN_RULE, COUNT_RULE);
        assertThat(CHECKS.check(pack)).isEmpty();
    }

    static Stream<Arguments> brokenCopies() {
        return Stream.of(
                broken("correlation.type", ABSENCE_RULE, "the old ForgeWatch type in the Sigma field",
                        text -> text.replace("  type: temporal", "  type: absence")),
                broken("extension.status", ABSENCE_RULE, "the extension without status unsupported",
                        text -> text.replace("status: unsupported", "status: experimental")),
                broken("rule.custom_field", PLAIN_RULE, "an extension key outside the forgewatch block",
                        text -> text + "x_forgewatch_suppress: 1h\n"),
                broken("rule.modifier", PLAIN_RULE, "a modifier Sigma does not define",
                        text -> text.replaceFirst("(\\n    [A-Za-z]+)(\\|[a-z]+)?:", "$1|beginswith:")),
                broken("rule.status", PLAIN_RULE, "an unknown status", text -> text.replaceFirst("status: \\w+", "status: production")),
                broken("rule.level", PLAIN_RULE, "an unknown level", text -> text.replaceFirst("level: \\w+", "level: severe")),
                broken("rule.date", PLAIN_RULE, "a date not in YYYY-MM-DD", text -> text.replaceFirst("date: \\S+", "date: 2026/11/23")),
                broken("rule.tags", PLAIN_RULE, "a tag with capitals", text -> text.replaceFirst("  - attack\\.", "  - ATTACK.")),
                broken("rule.id", PLAIN_RULE, "an id that is no UUID", text -> text.replaceFirst("id: \\S+", "id: forwarding-1")),
                broken("rule.condition", PLAIN_RULE, "an 'N of' quantifier", text -> text.replaceFirst("condition: .*", "condition: 2 of them")),
                broken("rule.condition", PLAIN_RULE, "an unknown search identifier",
                        text -> text.replaceFirst("condition: .*", "condition: selection and missing_one")),
                broken("rule.required", PLAIN_RULE, "no logsource", text -> text.replaceFirst("(?s)logsource:\\n(  .*?\\n)+", "")),
                broken("correlation.timespan", COUNT_RULE, "a timespan in weeks", text -> text.replaceFirst("timespan: \\S+", "timespan: 1w")),
                broken("correlation.type_requires", COUNT_RULE, "an event count without a condition",
                        text -> text.replaceFirst("(?s)  condition:\\n(    .*?\\n)+", "")),
                broken("correlation.condition", COUNT_RULE, "an unknown condition operator",
                        text -> text.replaceFirst("    gte:", "    atleast:")),
                broken("correlation.rules", ABSENCE_RULE, "a rule that does not exist",
                        text -> text.replace("    - interactive_signin_success", "    - interactive_signin_succes")));
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @MethodSource("brokenCopies")
    void eachCheckFailsOnABrokenCopy(String check, String file, String what, UnaryOperator<String> breakIt) throws IOException {
        Map<String, String> pack = pack();
        String broken = breakIt.apply(pack.get(file));
        assertThat(broken).as("the edit applies").isNotEqualTo(pack.get(file));
        pack.put(file, broken);
        List<String> problems = CHECKS.check(pack);
        assertThat(problems).as(what).anyMatch(problem -> problem.startsWith("[" + check + "]"));
    }

    private static Arguments broken(String check, String file, String what, UnaryOperator<String> breakIt) {
        return Arguments.of(check, file, what, breakIt);
    }
}
