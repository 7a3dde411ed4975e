package dev.forgewatch.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.cli.CliRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report in headless Chromium (Debian's package): it must load with no console error and
 * its script must have run. Without Chromium the test is skipped with a message, except under CI
 * (CI=true), where .ci/run installs it and a missing browser is a failure.
 */
class ChromiumRenderTest {
    @TempDir
    Path dir;

    record Page(String dom, String log) {
        boolean consoleErrors() {
            return log.lines().anyMatch(line -> line.contains("CONSOLE") && (line.contains("Uncaught") || line.contains("Error")));
        }
    }

    static Path chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("Chromium is not installed; .ci/run should install Debian's chromium package");
        }
        Assumptions.abort("Chromium not installed (apt-get install -y chromium): the report render test did not run");
        return null;
    }

    static Page open(Path browser, Path html, Path profile, String... extra) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
        command.addAll(List.of(extra));
        command.add(html.toUri().toString());
        Path out = Files.createTempFile(profile.getParent(), "dom", ".html");
        Path err = Files.createTempFile(profile.getParent(), "chromium", ".log");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Chromium did not finish");
        }
        return new Page(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theReportRendersWithoutConsoleErrorsAndItsScriptRuns() throws Exception {
        Path browser = chromium();
        // the check itself must be able to fail: a page with a script error is caught
        Path broken = dir.resolve("broken.html");
        Files.writeString(broken, "<!DOCTYPE html><html><body><script>notAFunction();</script></body></html>");
        Page bad = open(browser, broken, Files.createDirectories(dir.resolve("profile-a")), "--dump-dom");
        assertThat(bad.consoleErrors()).as(bad.log()).isTrue();

        Path report = dir.resolve("report.html");
        CliRunner.Run run = CliRunner.run(ReportFixtures.hunt(new ReportFixtures.ActorDetector()), "hunt", "--quiet", "--output",
                dir.resolve("f.txt").toString(), "--report", report.toString(), ReportFixtures.SAMPLE.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        Page page = open(browser, report, Files.createDirectories(dir.resolve("profile-b")), "--dump-dom");
        assertThat(page.consoleErrors()).as(page.log()).isFalse();
        assertThat(page.dom()).contains("id=\"timeline\"", "<svg").containsPattern("\\d+ of \\d+ shown");
    }
}
