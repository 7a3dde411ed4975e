package dev.forgewatch.splunk.hec;

import java.time.Duration;

/** Waiting between retries, injectable so tests run without real delays. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
