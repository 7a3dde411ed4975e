package dev.forgewatch.splunk.appinspect;

import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.conf.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * No executables outside bin/, and no compiled code at all: the ForgeWatch app ships configuration,
 * views, lookups and images only. Compiled files are recognised by extension and by their magic bytes.
 */
final class BinariesCheck implements AppCheck {
    private static final Set<String> COMPILED_EXTENSIONS = Set.of(".exe", ".dll", ".so", ".dylib", ".class", ".jar",
            ".pyc", ".pyo", ".o", ".a", ".bin", ".msi", ".zip", ".whl", ".egg");

    @Override
    public String name() {
        return "executables and binaries";
    }

    @Override
    public List<Problem> run(AppTree app) {
        List<Problem> problems = new ArrayList<>();
        app.files().forEach(entry -> {
            String path = entry.relativePath();
            if (entry.executable() && !path.startsWith("bin/")) {
                problems.add(new Problem(path, 0, "check_for_bin_files",
                        "executable permission outside bin/ (app files should be 644)"));
            }
            String lower = path.toLowerCase(Locale.ROOT);
            String kind = magic(entry.content());
            if (kind != null || COMPILED_EXTENSIONS.stream().anyMatch(lower::endsWith)) {
                problems.add(new Problem(path, 0, "check_for_compiled_binaries", "compiled or packed code"
                        + (kind == null ? "" : " (" + kind + ")") + " cannot be reviewed; ship source or nothing"));
            }
        });
        return problems;
    }

    /** What the first bytes say the file is, when it is an executable or an archive. */
    private static String magic(byte[] bytes) {
        if (bytes.length < 4) {
            return bytes.length >= 2 && bytes[0] == 'M' && bytes[1] == 'Z' ? "Windows executable" : null;
        }
        int head = (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | bytes[3] & 0xff;
        switch (head) {
            case 0x7F454C46:
                return "ELF executable";
            case 0xCAFEBABE:
                return "Java class or Mach-O universal binary";
            case 0xFEEDFACE:
            case 0xFEEDFACF:
            case 0xCEFAEDFE:
            case 0xCFFAEDFE:
                return "Mach-O executable";
            case 0x504B0304:
                return "zip archive";
            default:
                return bytes[0] == 'M' && bytes[1] == 'Z' ? "Windows executable" : null;
        }
    }
}
