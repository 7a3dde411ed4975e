package dev.forgewatch.samples.sim;

import java.util.List;

/**
 * The intruder as Exchange sees it: an application id no mailbox of the tenant has used (a
 * seeded-random, fictional id: forged tokens can claim any app), OWA and REST client strings with
 * user agents Microsoft published for Storm-0558's tooling, and the published proxy IPs.
 */
public record Actor(String appId, String owaClientInfo, String restClientInfo, List<IocAddress> addresses) {
    /** A user agent Microsoft observed on Storm-0558's OWA requests (14 July 2023 blog). */
    public static final String PUBLISHED_USER_AGENT =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/92.0.4515.159 Safari/537.36";
    /** The REST client string of the actor's scripts, also from that blog. */
    public static final String PUBLISHED_REST_CLIENT = "Client=REST;Client=RESTSystem;;";

    public Actor {
        addresses = List.copyOf(addresses);
    }

    public static Actor storm0558(String appId) {
        return new Actor(appId, "Client=OWA;" + PUBLISHED_USER_AGENT + ";", PUBLISHED_REST_CLIENT, IocAddress.SOFTETHER_PROXIES);
    }
}
