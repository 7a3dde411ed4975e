package dev.forgewatch.splunk.appinspect;

import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.app.SplPackage;
import dev.forgewatch.splunk.conf.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shape of the package: one visible top folder named like an app id, default/app.conf, a README
 * and LICENSE, no hidden or macOS files, no links or special files, nothing in local/, and no entry
 * too large to be read for the checks.
 */
final class LayoutCheck implements AppCheck {
    private static final Pattern APP_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    @Override
    public String name() {
        return "package layout";
    }

    @Override
    public List<Problem> run(AppTree app) {
        List<Problem> problems = new ArrayList<>();
        Set<String> top = app.topLevelNames();
        if (top.size() != 1) {
            problems.add(new Problem("(package)", 0, "check_that_splunk_app_package_has_exactly_one_app_folder",
                    "the package must hold exactly one folder, the app; it holds " + top));
            return problems;
        }
        String id = top.iterator().next();
        if (!APP_ID.matcher(id).matches()) {
            problems.add(new Problem(id, 0, "check_that_splunk_app_package_extracts_to_visible_directory",
                    "the app folder '" + id + "' must start with a letter and hold only letters, digits, '_', '.' and '-'"));
        }
        if (app.file("default/app.conf").isEmpty()) {
            problems.add(new Problem("default/app.conf", 0, "check_that_extracted_splunk_app_contains_default_app_conf_file",
                    "default/app.conf is missing"));
        }
        for (AppTree.Entry entry : app.entries()) {
            String path = entry.relativePath();
            for (String segment : entry.path().split("/")) {
                if (segment.startsWith(".") || segment.equals("__MACOSX")) {
                    problems.add(new Problem(entry.path(), 0,
                            "check_that_extracted_splunk_app_does_not_contain_prohibited_directories_or_files",
                            "hidden and __MACOSX files or folders are not allowed"));
                    break;
                }
            }
            if (!entry.held()) {
                problems.add(new Problem(entry.path(), 0, "forgewatch_entry_too_large_to_check",
                        String.format(Locale.ROOT, "the entry is %,d bytes, too large to read for the checks (over %,d bytes, or past %,d"
                                + " in all); an app has no business shipping it", entry.size(), SplPackage.MAX_ENTRY_BYTES,
                                SplPackage.MAX_HELD_BYTES)));
            }
            if (entry.kind() == AppTree.Kind.OTHER) {
                problems.add(new Problem(entry.path(), 0, "check_for_links_and_special_files",
                        "only regular files and folders are allowed (no links, devices or extended headers)"));
            }
            if (path.equals("local") || path.startsWith("local/")) {
                problems.add(new Problem(entry.path(), 0, "check_that_local_does_not_exist",
                        "nothing may ship in local/: it is the admin's, and the app's settings belong in default/"));
            }
            if (path.equals("metadata/local.meta")) {
                problems.add(new Problem(path, 0, "check_for_local_meta", "put permissions in metadata/default.meta"));
            }
        }
        requireDocument(app, problems, "README", "README.md", "README.txt", "README");
        requireDocument(app, problems, "LICENSE", "LICENSE", "LICENSE.txt", "LICENSE.md");
        return problems;
    }

    private static void requireDocument(AppTree app, List<Problem> problems, String what, String... names) {
        for (String name : names) {
            if (app.file(name).map(e -> e.content().length > 0).orElse(false)) {
                return;
            }
        }
        problems.add(new Problem(names[0], 0, "check_for_" + what.toLowerCase(java.util.Locale.ROOT) + "_file",
                "the app needs a non-empty " + String.join(" or ", names) + " at its top"));
    }
}
