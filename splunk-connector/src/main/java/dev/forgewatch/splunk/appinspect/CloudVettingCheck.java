package dev.forgewatch.splunk.appinspect;

import dev.forgewatch.detections.compile.splunk.Setting;
import dev.forgewatch.detections.compile.splunk.Stanza;
import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.conf.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Splunk Cloud vetting rules for saved searches (AppInspect checks tagged {@code cloud} in its
 * savedsearches standards): no real-time searches; scheduled searches say both ends of their time
 * range (unless they start with a generating command); cron schedules are valid and run at most 12
 * times an hour; no empty descriptions; no email recipients shipped in the app. Where AppInspect only
 * warns (latest time, frequent crons) the build fails too: Cloud vetting asks a reason for every warning.
 */
final class CloudVettingCheck implements AppCheck {
    private static final String SAVEDSEARCHES = "default/savedsearches.conf";
    private static final int MAX_RUNS_PER_HOUR = 12;
    private static final Pattern STEP = Pattern.compile("(\\*|\\d+(?:-\\d+)?)(?:/(\\d+))?");
    private static final Pattern CRON_FIELD = Pattern.compile("[0-9*/,\\-A-Za-z]+");

    @Override
    public String name() {
        return "Splunk Cloud vetting";
    }

    @Override
    public List<Problem> run(AppTree app) {
        List<Problem> problems = new ArrayList<>();
        for (Stanza stanza : AppFiles.stanzas(app, SAVEDSEARCHES)) {
            if (stanza.name().equals(Stanza.GLOBAL) || stanza.name().equals("default")) {
                continue;
            }
            String name = "[" + stanza.name() + "] ";
            for (String key : List.of("dispatch.earliest_time", "dispatch.latest_time")) {
                stanza.setting(key).filter(setting -> setting.value().trim().startsWith("rt")).ifPresent(setting ->
                        problems.add(new Problem(SAVEDSEARCHES, setting.line(), "check_for_real_time_saved_searches_for_cloud",
                                name + "is a real-time search (" + key + " = " + setting.value() + "), refused in Splunk Cloud")));
            }
            boolean scheduled = stanza.value("enableSched").map(v -> v.equals("1") || v.equalsIgnoreCase("true")).orElse(false);
            boolean generating = stanza.value("search").map(search -> search.trim().startsWith("|")).orElse(false);
            if (scheduled && !generating) {
                if (stanza.value("dispatch.earliest_time").isEmpty()) {
                    problems.add(new Problem(SAVEDSEARCHES, stanza.line(), "check_for_sched_saved_searches_earliest_time",
                            name + "is scheduled without dispatch.earliest_time"));
                }
                if (stanza.value("dispatch.latest_time").isEmpty()) {
                    problems.add(new Problem(SAVEDSEARCHES, stanza.line(), "check_for_sched_saved_searches_latest_time",
                            name + "is scheduled without dispatch.latest_time"));
                }
            }
            stanza.setting("cron_schedule").ifPresent(cron -> cron(cron, name, problems));
            stanza.setting("description").filter(description -> description.value().isBlank()).ifPresent(description ->
                    problems.add(new Problem(SAVEDSEARCHES, description.line(), "check_for_empty_saved_search_description",
                            name + "has an empty description")));
            stanza.setting("action.email.to").filter(to -> !to.value().isBlank()).ifPresent(to ->
                    problems.add(new Problem(SAVEDSEARCHES, to.line(), "check_for_emails_in_saved_search",
                            name + "ships an email recipient; leave action.email.to to the installing SOC")));
        }
        return problems;
    }

    private static void cron(Setting cron, String name, List<Problem> problems) {
        String[] fields = cron.value().trim().split("\\s+");
        boolean valid = fields.length == 5;
        for (String field : fields) {
            valid &= CRON_FIELD.matcher(field).matches();
        }
        Optional<Integer> runs = valid ? runsPerHour(fields[0]) : Optional.empty();
        if (runs.isEmpty()) {
            problems.add(new Problem(SAVEDSEARCHES, cron.line(), "check_for_gratuitous_cron_scheduling",
                    name + "cron_schedule '" + cron.value() + "' is not a valid cron expression"));
        } else if (runs.get() > MAX_RUNS_PER_HOUR) {
            problems.add(new Problem(SAVEDSEARCHES, cron.line(), "check_for_gratuitous_cron_scheduling",
                    name + "cron_schedule '" + cron.value() + "' runs " + runs.get() + " times an hour (at most "
                            + MAX_RUNS_PER_HOUR + ")"));
        }
    }

    /** How many minutes of an hour a cron minute field matches; empty when it is not a minute field. */
    static Optional<Integer> runsPerHour(String minutes) {
        boolean[] hit = new boolean[60];
        for (String part : minutes.split(",")) {
            Matcher matcher = STEP.matcher(part);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            int from = 0;
            int to = 59;
            if (!matcher.group(1).equals("*")) {
                String[] range = matcher.group(1).split("-");
                from = Integer.parseInt(range[0]);
                to = range.length > 1 ? Integer.parseInt(range[1]) : matcher.group(2) != null ? 59 : from;
            }
            int step = matcher.group(2) == null ? 1 : Integer.parseInt(matcher.group(2));
            if (from > to || to > 59 || step == 0) {
                return Optional.empty();
            }
            for (int minute = from; minute <= to; minute += step) {
                hit[minute] = true;
            }
        }
        int count = 0;
        for (boolean minute : hit) {
            count += minute ? 1 : 0;
        }
        return Optional.of(count);
    }
}
