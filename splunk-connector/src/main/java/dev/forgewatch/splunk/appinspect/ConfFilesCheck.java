package dev.forgewatch.splunk.appinspect;

import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.conf.ConfParser;
import dev.forgewatch.splunk.conf.ConfSpec;
import dev.forgewatch.splunk.conf.ConfSpecs;
import dev.forgewatch.splunk.conf.ConfValidator;
import dev.forgewatch.splunk.conf.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every .conf and .meta file parses the way Splunk reads it and uses only stanzas and settings its
 * public spec defines. A .conf file without a known spec fails: the app ships only what was checked.
 */
final class ConfFilesCheck implements AppCheck {
    @Override
    public String name() {
        return ".conf and .meta syntax";
    }

    @Override
    public List<Problem> run(AppTree app) {
        List<Problem> problems = new ArrayList<>();
        app.files().forEach(entry -> {
            String path = entry.relativePath();
            boolean meta = path.endsWith(".meta");
            if (!path.endsWith(".conf") && !meta) {
                return;
            }
            String fileName = path.substring(path.lastIndexOf('/') + 1);
            if (fileName.chars().anyMatch(Character::isWhitespace)) {
                problems.add(new Problem(path, 0, "check_filenames_for_spaces", "Splunk ignores .conf files with spaces"));
            }
            ConfParser.Result parsed = ConfParser.parse(path, entry.text());
            for (Problem problem : parsed.problems()) {
                problems.add(meta ? asMetaRule(problem) : problem);
            }
            Optional<ConfSpec> spec = ConfSpecs.forFile(fileName);
            if (spec.isEmpty()) {
                if (!fileName.equals("local.meta")) { // the layout check reports local.meta
                    problems.add(new Problem(path, 0, "check_conf_file_has_known_spec", fileName
                            + " has no spec in ConfSpecs, so its settings cannot be checked; add the spec before shipping it"));
                }
                return;
            }
            problems.addAll(ConfValidator.validate(parsed.file(), spec.get()));
        });
        return problems;
    }

    /** AppInspect's names for the same .meta problems. */
    private static Problem asMetaRule(Problem problem) {
        String rule = problem.rule().equals(ConfParser.RULE_DUPLICATE_STANZA)
                ? "check_validate_no_duplicate_stanzas_in_meta_files" : "check_meta_file_parsing";
        return new Problem(problem.file(), problem.line(), rule, problem.message());
    }
}
