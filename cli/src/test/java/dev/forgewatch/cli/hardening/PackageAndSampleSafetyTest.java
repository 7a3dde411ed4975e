package dev.forgewatch.cli.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.cli.Main;
import dev.forgewatch.cli.sample.SampleCommand;
import dev.forgewatch.cli.splunk.SplunkCommand;
import dev.forgewatch.common.testing.ChildJvm;
import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.app.SplPackage;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 7, the parts about local files, reproduced as written: {@code splunk check} on a
 * package with a 1 GiB entry died with OutOfMemoryError; {@code sample generate --out DIR} deleted
 * user files in DIR/proxy and DIR/portal. (The item's network parts are in NetworkFailuresTest.)
 */
class PackageAndSampleSafetyTest {
    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    /** The shipped app unpacked, with a 1 GiB file beside its own (sparse: it costs no disk). */
    private Path appWithHugeEntry() throws IOException {
        CliRunner.Run built = CliRunner.run(List.of(new SplunkCommand()), "splunk", "package", "--out",
                dir.resolve("built").toString());
        assertThat(built.exitCode()).as(built.err()).isEqualTo(ExitCodes.OK);
        try (InputStream in = Files.newInputStream(Path.of(built.out().strip()))) {
            SplPackage.read(in).writeDirectory(dir.resolve("unpacked"));
        }
        Path app = dir.resolve("unpacked/forgewatch_app");
        try (RandomAccessFile huge = new RandomAccessFile(app.resolve("static/huge.dat").toFile(), "rw")) {
            huge.setLength(GIB);
        }
        return app;
    }

    /** {@code splunk check} in a JVM of its own with a 256 MB heap, as a small CI runner has. */
    private String checkInSmallHeap(Path target) throws Exception {
        Path log = dir.resolve("check-" + target.getFileName() + ".log");
        Process child = ChildJvm.start(Main.class, List.of("splunk", "check", target.toString()), Map.of(), log);
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String output = Files.readString(log);
        assertThat(child.exitValue()).as(output).isEqualTo(ExitCodes.FOUND);
        assertThat(output).doesNotContain("OutOfMemoryError")
                .contains("forgewatch_entry_too_large_to_check")
                .contains("forgewatch_app/static/huge.dat")
                .contains("1,073,741,824 bytes");
        return output;
    }

    @Test
    void aPackageWithAOneGibEntryIsCheckedInBoundedMemory() throws Exception {
        Path app = appWithHugeEntry();
        Path spl = dir.resolve("huge.spl");
        // tar and gzip stream the gibibyte of zeros; the package itself is about a megabyte
        Process tar = new ProcessBuilder("sh", "-c", "tar --format=ustar -cf - -C \"$0\" forgewatch_app | gzip -1 > \"$1\"",
                app.getParent().toString(), spl.toString()).inheritIO().start();
        assertThat(tar.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(tar.exitValue()).isZero();

        String output = checkInSmallHeap(spl);

        assertThat(output).contains("10 checks, 1 problems in " + spl);
    }

    @Test
    void anAppFolderWithAOneGibFileIsCheckedInBoundedMemory() throws Exception {
        Path app = appWithHugeEntry();

        String output = checkInSmallHeap(app);

        assertThat(output).contains("10 checks, 1 problems in " + app);
    }

    private static Map<String, String> files(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(root.relativize(file).toString(), Long.toString(Files.size(file)) + ":" + Files.getLastModifiedTime(file));
            }
        }
        return files;
    }

    private CliRunner.Run generate(Path out, String seed) {
        return CliRunner.run(List.of(new SampleCommand()), "sample", "generate", "--out", out.toString(), "--seed", seed,
                "--mailboxes", "50", "--days", "7");
    }

    @Test
    void sampleGenerateNeverDeletesFilesItDidNotWrite() throws IOException {
        Path out = dir.resolve("sample");
        Files.createDirectories(out.resolve("proxy"));
        Files.createDirectories(out.resolve("portal"));
        Files.writeString(out.resolve("proxy/my-proxy-export.log"), "the analyst's own proxy log\n");
        Files.writeString(out.resolve("portal/notes.txt"), "the analyst's notes\n");

        CliRunner.Run refused = generate(out, "7");

        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(ExitCodes.ERROR);
        assertThat(refused.err()).contains("portal/notes.txt", "proxy/my-proxy-export.log", "nothing was changed");
        assertThat(out.resolve("proxy/my-proxy-export.log")).hasContent("the analyst's own proxy log");
        assertThat(out.resolve("portal/notes.txt")).hasContent("the analyst's notes");
        try (Stream<Path> entries = Files.list(out)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("proxy", "portal");
        }
    }

    @Test
    void sampleGenerateReplacesItsOwnFilesAndRefusesOnceAUserFileJoinsThem() throws IOException {
        Path out = dir.resolve("sample");
        assertThat(generate(out, "7").exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(out.resolve("proxy")).isDirectory();
        assertThat(out.resolve("portal")).isDirectory();
        CliRunner.Run again = generate(out, "8");
        assertThat(again.exitCode()).as(again.err()).isEqualTo(ExitCodes.OK);
        Files.writeString(out.resolve("proxy/my-proxy-export.log"), "the analyst's own proxy log\n");
        Map<String, String> before = files(out);

        CliRunner.Run refused = generate(out, "9");

        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(ExitCodes.ERROR);
        assertThat(refused.err()).contains("proxy/my-proxy-export.log");
        assertThat(files(out)).isEqualTo(before);
    }
}
