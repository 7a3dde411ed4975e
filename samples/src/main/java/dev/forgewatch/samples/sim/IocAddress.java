package dev.forgewatch.samples.sim;

import java.time.LocalDate;
import java.util.List;

/**
 * A Storm-0558 IP address exactly as Microsoft Threat Intelligence published it on 14 July 2023
 * ("Analysis of Storm-0558 techniques for unauthorized email access", Indicators of compromise),
 * with its first/last-seen dates. Only these published addresses stand in for the actor.
 */
public record IocAddress(String ip, LocalDate firstSeen, LocalDate lastSeen, String description) {
    public static final String SOURCE = "https://www.microsoft.com/en-us/security/blog/2023/07/14/"
            + "analysis-of-storm-0558-techniques-for-unauthorized-email-access/";

    /** SoftEther proxies the actor used for mail access; all active throughout late May / early June 2023. */
    public static final List<IocAddress> SOFTETHER_PROXIES = List.of(
            new IocAddress("51.89.156.153", LocalDate.of(2023, 3, 9), LocalDate.of(2023, 7, 10), "SoftEther proxy"),
            new IocAddress("137.74.181.100", LocalDate.of(2023, 3, 31), LocalDate.of(2023, 7, 11), "SoftEther proxy"),
            new IocAddress("185.38.142.229", LocalDate.of(2023, 5, 15), LocalDate.of(2023, 7, 12), "SoftEther proxy"),
            new IocAddress("146.70.157.45", LocalDate.of(2023, 5, 12), LocalDate.of(2023, 6, 8), "SoftEther proxy"));

    public boolean activeOn(LocalDate date) {
        return !date.isBefore(firstSeen) && !date.isAfter(lastSeen);
    }
}
