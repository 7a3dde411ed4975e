package dev.forgewatch.splunk.appinspect;

import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.conf.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The packaging checks the build runs on every app it produces, modelled on the Splunk AppInspect
 * checks that apply to a configuration-only app. Splunk's own AppInspect (and Splunk itself) cannot
 * run here; see the module README for what is and is not covered.
 */
public final class AppInspector {
    private final List<AppCheck> checks;

    public AppInspector(List<AppCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    public static AppInspector standard() {
        return new AppInspector(List.of(new LayoutCheck(), new AppConfCheck(), new ConfFilesCheck(), new SearchesCheck(),
                new DashboardsCheck(), new LookupsCheck(), new BinariesCheck(), new CredentialsCheck(), new IconsCheck(),
                new CloudVettingCheck()));
    }

    /** The problems of all checks, ordered by file and line. */
    public Report inspect(AppTree app) {
        List<Problem> problems = new ArrayList<>();
        for (AppCheck check : checks) {
            problems.addAll(check.run(app));
        }
        problems.sort(Comparator.comparing(Problem::file).thenComparingInt(Problem::line).thenComparing(Problem::rule));
        return new Report(checks.stream().map(AppCheck::name).toList(), problems);
    }

    /** What ran and what failed. */
    public record Report(List<String> checks, List<Problem> problems) {
        public Report {
            checks = List.copyOf(checks);
            problems = List.copyOf(problems);
        }

        public boolean passed() {
            return problems.isEmpty();
        }

        /** One line per problem: {@code [rule] file:line: message}. */
        public String describe() {
            StringBuilder text = new StringBuilder();
            problems.forEach(problem -> text.append(problem).append('\n'));
            return text.toString();
        }
    }
}
