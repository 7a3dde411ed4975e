package dev.forgewatch.splunk.appinspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.conf.Problem;
import dev.forgewatch.splunk.testing.TestApps;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Splunk Cloud vetting rules pass on the shipped app and each fails on a copy broken its way. */
class CloudVettingCheckTest {
    private static final AppTree APP = TestApps.shipped();
    private static final String SEARCHES = "default/savedsearches.conf";

    private static List<String> rules(AppTree app) {
        return AppInspector.standard().inspect(app).problems().stream().map(Problem::rule).toList();
    }

    private static AppTree editSearches(String regex, String replacement) {
        String text = APP.text(SEARCHES).orElseThrow();
        String edited = text.replaceFirst(regex, replacement);
        assertThat(edited).as("the edit applies").isNotEqualTo(text);
        return APP.with(SEARCHES, edited);
    }

    @Test
    void theShippedAppPasses() {
        assertThat(new CloudVettingCheck().run(APP)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "check_for_real_time_saved_searches_for_cloud|(?m)^dispatch.earliest_time = .*$|dispatch.earliest_time = rt-5m",
        "check_for_sched_saved_searches_earliest_time|(?m)^dispatch.earliest_time = .*\\n|",
        "check_for_sched_saved_searches_latest_time|(?m)^dispatch.latest_time = .*\\n|",
        "check_for_gratuitous_cron_scheduling|(?m)^cron_schedule = .*$|cron_schedule = * * * * *",
        "check_for_gratuitous_cron_scheduling|(?m)^cron_schedule = .*$|cron_schedule = */5 * *",
        "check_for_empty_saved_search_description|(?m)^description = .*$|description = ",
        "check_for_emails_in_saved_search|(?m)^disabled = 1$|disabled = 1\\naction.email.to = soc@example.com"})
    void eachSavedSearchRuleFailsOnABrokenCopy(String rule, String regex, String replacement) {
        assertThat(rules(editSearches(regex, replacement == null ? "" : replacement.replace("\\n", "\n")))).contains(rule);
    }

    @Test
    void simpleXmlDashboardsDeclareVersionOneOne() {
        String path = "default/data/ui/views/forgewatch_overview.xml";
        String view = APP.text(path).orElseThrow();
        assertThat(view).startsWith("<dashboard version=\"1.1\">");
        assertThat(rules(APP.with(path, view.replaceFirst("<dashboard version=\"1.1\">", "<dashboard>"))))
                .contains("check_simplexml_standards_version");
    }

    @Test
    void cronMinuteFieldsCountTheirRunsPerHour() {
        assertThat(CloudVettingCheck.runsPerHour("*/5")).contains(12);
        assertThat(CloudVettingCheck.runsPerHour("5")).contains(1);
        assertThat(CloudVettingCheck.runsPerHour("0,15,30,45")).contains(4);
        assertThat(CloudVettingCheck.runsPerHour("10-20/5")).contains(3);
        assertThat(CloudVettingCheck.runsPerHour("*")).contains(60);
        assertThat(CloudVettingCheck.runsPerHour("61")).isEqualTo(Optional.empty());
        assertThat(CloudVettingCheck.runsPerHour("x")).isEqualTo(Optional.empty());
    }
}
