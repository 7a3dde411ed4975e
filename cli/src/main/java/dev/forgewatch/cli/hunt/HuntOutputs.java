package dev.forgewatch.cli.hunt;

import dev.forgewatch.cli.UsageException;
import dev.forgewatch.common.pipeline.InputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Evidence is never overwritten: before a hunt writes anything, each of its outputs is checked
 * against what it reads. An output that is one of the input files (by its real path: symbolic links
 * and {@code ..} resolved), or lies inside an input folder (whose whole tree is read, now or on the
 * next run), or is the same file as another output, is refused.
 */
final class HuntOutputs {
    /** An output and the option that named it. */
    record Named(String option, Path path) {
    }

    private HuntOutputs() {
    }

    static void check(List<Named> outputs, InputFiles.Expanded inputs) throws UsageException, IOException {
        Path[] real = new Path[outputs.size()];
        for (int i = 0; i < outputs.size(); i++) {
            Named output = outputs.get(i);
            Path path = real(output.path());
            if (Files.isDirectory(path)) {
                throw refused(output, "is a directory");
            }
            for (Path input : inputs.real()) {
                if (input.equals(path)) {
                    throw refused(output, "is one of the input files");
                }
            }
            for (Path folder : inputs.folders()) {
                if (path.startsWith(folder)) {
                    throw refused(output, "is inside " + folder + ", a folder this hunt reads");
                }
            }
            for (int j = 0; j < i; j++) {
                if (real[j].equals(path)) {
                    throw refused(output, "is the same file as --" + outputs.get(j).option() + " " + outputs.get(j).path());
                }
            }
            real[i] = path;
        }
    }

    private static UsageException refused(Named output, String why) {
        return new UsageException("--" + output.option() + " " + output.path() + " " + why
                + "; refusing to write over evidence (nothing was written)");
    }

    /** Where a path really leads, for a file that may not exist yet: its deepest existing folder resolved. */
    static Path real(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Deque<Path> missing = new ArrayDeque<>();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            missing.push(existing.getFileName());
            existing = existing.getParent();
        }
        Path real;
        try {
            real = existing == null ? absolute.getRoot() : existing.toRealPath();
        } catch (java.nio.file.NoSuchFileException danglingLink) {
            real = existing; // a link to nothing: writing replaces the link itself
        }
        while (!missing.isEmpty()) {
            real = real.resolve(missing.pop());
        }
        return real;
    }
}
