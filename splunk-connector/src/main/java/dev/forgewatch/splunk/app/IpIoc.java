package dev.forgewatch.splunk.app;

import java.util.Objects;

/** One published IP indicator, with the dates its source gives and the source itself. */
public record IpIoc(String ip, String description, String firstSeen, String lastSeen, String source) {
    public IpIoc {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(source, "source");
    }
}
