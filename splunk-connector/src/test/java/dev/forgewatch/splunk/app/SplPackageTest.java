package dev.forgewatch.splunk.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class SplPackageTest {
    @Test
    void roundTripsFilesFoldersModesAndLongPaths() throws IOException {
        String deep = "default/data/ui/views/" + "a".repeat(60) + "/" + "b".repeat(60) + ".xml";
        AppTree tree = AppTree.builder("app").file("default/app.conf", "[ui]\n").file(deep, "<dashboard/>").build();
        tree = tree.with("bin/run.sh", "#!/bin/sh\n".getBytes(), 0755);

        AppTree read = SplPackage.read(new ByteArrayInputStream(SplPackage.toBytes(tree)));

        assertThat(read.entries()).extracting(AppTree.Entry::path, AppTree.Entry::kind, AppTree.Entry::mode)
                .containsExactlyElementsOf(tree.entries().stream().map(e -> org.assertj.core.groups.Tuple.tuple(
                        e.path(), e.kind(), e.mode())).toList());
        assertThat(read.text(deep)).hasValue("<dashboard/>");
        assertThat(read.file("bin/run.sh").orElseThrow().executable()).isTrue();
    }

    @Test
    void writesFixedTimesAndRootOwnerSoBuildsAreReproducible() throws IOException {
        AppTree tree = AppTree.builder("app").file("README.md", "x").build();
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(SplPackage.toBytes(tree))).readAllBytes();

        assertThat(new String(tar, 0, 4)).isEqualTo("app/");
        assertThat(Long.parseLong(new String(tar, 136, 11), 8)).isEqualTo(SplPackage.MTIME.getEpochSecond());
        assertThat(new String(tar, 265, 4)).isEqualTo("root");
        assertThat(SplPackage.toBytes(tree)).isEqualTo(SplPackage.toBytes(tree));
    }

    @Test
    void rejectsCorruptArchivesAndKeepsLinksVisible() throws IOException {
        byte[] good = SplPackage.toBytes(AppTree.builder("app").file("a.txt", "x").build());
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(good)).readAllBytes();
        tar[600] ^= 1; // a byte of the second header's name
        assertThatThrownBy(() -> SplPackage.read(new ByteArrayInputStream(gzip(tar)))).hasMessageContaining("checksum");

        byte[] linked = tar.clone();
        linked[600] ^= 1;
        linked[512 + 156] = '2'; // make the file entry a symbolic link
        fixChecksum(linked, 512);
        AppTree read = SplPackage.read(new ByteArrayInputStream(gzip(linked)));
        assertThat(read.entries()).extracting(AppTree.Entry::kind).contains(AppTree.Kind.OTHER);
    }

    private static void fixChecksum(byte[] tar, int offset) {
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += i >= 148 && i < 156 ? ' ' : tar[offset + i] & 0xff;
        }
        byte[] digits = String.format("%06o", sum).getBytes();
        System.arraycopy(digits, 0, tar, offset + 148, 6);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }
}
