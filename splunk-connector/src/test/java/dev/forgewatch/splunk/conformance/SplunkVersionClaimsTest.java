package dev.forgewatch.splunk.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.splunk.app.AppMetadataGenerator;
import dev.forgewatch.splunk.testing.TestApps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the READMEs claim about Splunk versions is what the app declares and the conformance test checks:
 * the declared minimum is app.manifest's, the versions whose {@code .conf.spec} the settings are checked
 * against are exactly the pinned spec facts ({@code SplunkConfSpecConformanceTest} runs one case per
 * pinned file), and every release line inside the claimed range that has no pinned spec is named as such.
 * A version added or dropped on one side only fails here.
 */
class SplunkVersionClaimsTest {
    private static final Path ROOT_README = Path.of("..", "README.md");
    private static final Path SPLUNK_README = Path.of("README.md");
    /** Splunk Enterprise's release lines from 8.2 on, as Splunk's release notes list them. */
    private static final List<String> RELEASE_LINES = List.of("8.2", "9.0", "9.1", "9.2", "9.3", "9.4", "10.0", "10.1", "10.2");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+");
    private static final Pattern ROOT_CLAIM = Pattern.compile("Splunk: Enterprise (\\d+\\.\\d+) \\(the app's declared minimum\\)"
            + " through (\\d+\\.\\d+), every `\\.conf` setting checked against the pinned `\\.conf\\.spec` of ([^(]+) \\(the lines"
            + " whose spec files are public; there are none for ([^)]+)\\)");
    private static final Pattern SPLUNK_CLAIM = Pattern.compile("from the app's declared minimum \\((\\d+\\.\\d+)\\) through ([^:]+):"
            + " every line whose spec files are public \\(the copies have none for ([^)]+)\\)");

    private static List<String> versions(String text) {
        List<String> versions = new ArrayList<>();
        Matcher matcher = VERSION.matcher(text);
        while (matcher.find()) {
            versions.add(matcher.group());
        }
        return versions;
    }

    /** A README's text with line breaks and list indentation folded to single spaces, as it reads. */
    private static String prose(String readme) {
        return readme.replaceAll("\\s+", " ");
    }

    /** Everything the two READMEs claim that the app's manifest and the pinned spec facts do not bear out. */
    static List<String> problems(String rootReadme, String splunkReadme, String declaredMinimum, List<String> pinned) {
        List<String> problems = new ArrayList<>();
        String newest = pinned.get(pinned.size() - 1);
        List<String> unpinned = RELEASE_LINES.stream().filter(line -> ConfSpecFacts.versionKey(line) >= ConfSpecFacts.versionKey(declaredMinimum)
                && ConfSpecFacts.versionKey(line) <= ConfSpecFacts.versionKey(newest) && !pinned.contains(line)).toList();
        if (!pinned.get(0).equals(declaredMinimum)) {
            problems.add("the oldest pinned spec is " + pinned.get(0) + " but app.manifest declares Enterprise >=" + declaredMinimum);
        }
        Matcher root = ROOT_CLAIM.matcher(prose(rootReadme));
        if (!root.find()) {
            problems.add("README.md: no 'Splunk: Enterprise X (the app's declared minimum) through Y ...' claim");
        } else {
            check("README.md", root.group(1), versions(root.group(3)), versions(root.group(4)), declaredMinimum, pinned, unpinned, problems);
            if (!root.group(2).equals(newest)) {
                problems.add("README.md claims up to " + root.group(2) + ", the newest pinned spec is " + newest);
            }
        }
        Matcher splunk = SPLUNK_CLAIM.matcher(prose(splunkReadme));
        if (!splunk.find()) {
            problems.add("splunk-connector/README.md: no 'from the app's declared minimum (X) through ...' claim");
        } else {
            List<String> checked = new ArrayList<>(List.of(splunk.group(1)));
            checked.addAll(versions(splunk.group(2)));
            check("splunk-connector/README.md", splunk.group(1), checked, versions(splunk.group(3)), declaredMinimum, pinned, unpinned,
                    problems);
        }
        return problems;
    }

    private static void check(String readme, String minimum, List<String> checked, List<String> none, String declaredMinimum,
            List<String> pinned, List<String> unpinned, List<String> problems) {
        if (!minimum.equals(declaredMinimum)) {
            problems.add(readme + " calls " + minimum + " the declared minimum, app.manifest declares " + declaredMinimum);
        }
        if (!checked.equals(pinned)) {
            problems.add(readme + " says the settings are checked against " + checked + ", the pinned specs are " + pinned);
        }
        if (!none.equals(unpinned)) {
            problems.add(readme + " names " + none + " as lines without public specs, the range's unpinned lines are " + unpinned);
        }
    }

    private static String declaredMinimum() throws IOException {
        JsonNode manifest = Json.MAPPER.readTree(TestApps.shipped().text(AppMetadataGenerator.MANIFEST_PATH).orElseThrow());
        String enterprise = manifest.path("platformRequirements").path("splunk").path("Enterprise").asText();
        assertThat(enterprise).as("app.manifest platformRequirements.splunk.Enterprise").startsWith(">=");
        return enterprise.substring(2);
    }

    @Test
    void theReadmesClaimExactlyTheVersionsTheAppDeclaresAndIsCheckedAgainst() throws IOException {
        assertThat(problems(Files.readString(ROOT_README), Files.readString(SPLUNK_README), declaredMinimum(), ConfSpecFacts.pinnedVersions()))
                .isEmpty();
    }

    @Test
    void aVersionAddedOrDroppedOnOneSideOnlyFails() throws IOException {
        String root = Files.readString(ROOT_README);
        String splunk = Files.readString(SPLUNK_README);
        String minimum = declaredMinimum();
        List<String> pinned = ConfSpecFacts.pinnedVersions();

        List<String> oneMorePinned = new ArrayList<>(pinned);
        oneMorePinned.add(oneMorePinned.indexOf("10.2"), "10.1");
        assertThat(problems(root, splunk, minimum, oneMorePinned))
                .anyMatch(problem -> problem.startsWith("README.md says the settings are checked against") && problem.contains("10.1"))
                .anyMatch(problem -> problem.startsWith("splunk-connector/README.md names [10.1] as lines without public specs"));
        assertThat(problems(root, splunk, "9.0", pinned))
                .anyMatch(problem -> problem.startsWith("the oldest pinned spec is 8.2"))
                .anyMatch(problem -> problem.startsWith("README.md calls 8.2 the declared minimum"));
        assertThat(problems(root.replace("9.3, 9.4, 10.0 and 10.2 (the lines", "9.3, 10.0 and 10.2 (the lines"), splunk, minimum, pinned))
                .singleElement().asString().startsWith("README.md says the settings are checked against [8.2, 9.0, 9.1, 9.2, 9.3, 10.0, 10.2]");
        assertThat(problems(root, splunk, minimum, pinned.subList(0, pinned.size() - 1)))
                .anyMatch(problem -> problem.startsWith("README.md claims up to 10.2, the newest pinned spec is 10.0"));
        assertThat(problems(root, splunk.replace("declared minimum (8.2)", "declared minimum (8.1)"), minimum, pinned))
                .anyMatch(problem -> problem.startsWith("splunk-connector/README.md calls 8.1 the declared minimum"));
    }
}
