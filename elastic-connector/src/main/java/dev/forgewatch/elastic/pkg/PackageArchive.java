package dev.forgewatch.elastic.pkg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The integration package as the zip Fleet's package upload ({@code POST /api/fleet/epm/packages},
 * {@code Content-Type: application/zip}) and elastic-package read: every file under one top folder
 * {@code <name>-<version>/}. Entries are in path order with a fixed time, so the same package gives
 * the same bytes.
 */
public final class PackageArchive {
    /** 2020-01-01T00:00:00Z: a fixed entry time, so builds are reproducible. */
    private static final FileTime ENTRY_TIME = FileTime.fromMillis(1_577_836_800_000L);

    private PackageArchive() {
    }

    public static String folder(String version) {
        return IntegrationPackage.NAME + "-" + version;
    }

    public static byte[] zip(Map<String, String> files, String version) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : new java.util.TreeMap<>(files).entrySet()) {
                ZipEntry entry = new ZipEntry(folder(version) + "/" + file.getKey());
                entry.setLastModifiedTime(ENTRY_TIME);
                zip.putNextEntry(entry);
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
