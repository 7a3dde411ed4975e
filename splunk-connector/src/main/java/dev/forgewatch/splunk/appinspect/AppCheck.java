package dev.forgewatch.splunk.appinspect;

import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.conf.Problem;
import java.util.List;

/**
 * One packaging check. Each problem names the file, line when known, and the rule it broke; rule
 * names follow Splunk AppInspect's check names where a matching check exists.
 */
public interface AppCheck {
    /** A short name for reports. */
    String name();

    List<Problem> run(AppTree app);
}
