package dev.forgewatch.token.ledger;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a JWKS URL publishes, read from its path the way the Microsoft identity platform lays them
 * out: {@code /{tenant}/discovery/keys} (v1) and {@code /{tenant}/discovery/v2.0/keys} (v2.0), where
 * the tenant is {@code common}, {@code organizations}, {@code consumers} or a tenant id. The host is
 * not checked, so a mirror (or a test server) with the same paths is read the same way.
 *
 * @param serves   the account scopes whose tokens this document's keys validate
 * @param tenant   the tenant path segment, or null when the path is not a Microsoft one
 * @param version  {@code v1}, {@code v2.0}, {@code msa} (login.live.com's own document) or null
 */
public record JwksEndpoint(String url, Set<KeyScope> serves, String tenant, String version) {
    public static final String V1_ISSUER_TEMPLATE = "https://sts.windows.net/{tenantid}/";
    public static final String V2_ISSUER_TEMPLATE = "https://login.microsoftonline.com/{tenantid}/v2.0";
    public static final String CONSUMER_ISSUER = "https://login.microsoftonline.com/" + KeyScope.CONSUMER_TENANT_ID + "/v2.0";

    public JwksEndpoint {
        serves = serves.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(serves));
    }

    public static JwksEndpoint of(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return new JwksEndpoint(url, Set.of(), null, null);
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("nexus.passport.com")) {
            return new JwksEndpoint(url, Set.of(KeyScope.CONSUMERS), null, "msa");
        }
        String[] path = (uri.getPath() == null ? "" : uri.getPath()).split("/");
        // ["", tenant, "discovery", ("v2.0",) "keys"]
        if (path.length < 4 || !path[2].equals("discovery") || !path[path.length - 1].equals("keys")) {
            return new JwksEndpoint(url, Set.of(), null, null);
        }
        String tenant = path[1].toLowerCase(Locale.ROOT);
        boolean v2 = path.length == 5 && path[3].equals("v2.0");
        if (!v2 && path.length != 4) {
            return new JwksEndpoint(url, Set.of(), null, null);
        }
        Set<KeyScope> serves;
        switch (tenant) {
            case "common":
                // v1 has no consumer accounts; v2.0 common is the mixed-audience list.
                serves = v2 ? EnumSet.allOf(KeyScope.class) : EnumSet.of(KeyScope.ORGANIZATIONS);
                break;
            case "consumers":
                serves = EnumSet.of(KeyScope.CONSUMERS);
                break;
            default:
                serves = EnumSet.of(KeyScope.ofTenant(tenant));
        }
        return new JwksEndpoint(url, serves, tenant, v2 ? "v2.0" : "v1");
    }

    /** Whether this document's keys are the ones tokens of the given scope are validated with. */
    public boolean serves(KeyScope scope) {
        return serves.contains(scope);
    }

    /**
     * The scopes for which this document lists every signing key, so that a key id missing from it
     * is unknown. The common v2.0 list carries only some consumer keys (in July 2023 Wiz counted 8
     * keys behind consumer-only apps and 7, organizational ones included, behind common), so it is
     * complete for organizations only.
     */
    public Set<KeyScope> completeFor() {
        return "common".equals(tenant) && "v2.0".equals(version) ? Set.of(KeyScope.ORGANIZATIONS) : serves;
    }

    /** A short name for tables: {@code common v2.0}, {@code consumers v2.0}, {@code common v1}. */
    public String label() {
        if (version == null) {
            return url;
        }
        return "msa".equals(version) ? "msa (nexus.passport.com)" : tenant + " " + version;
    }

    /**
     * The issuers a key listed here without an {@code issuer} member may sign for: v1 documents
     * carry none, and their tokens say {@code https://sts.windows.net/{tid}/}.
     */
    public List<String> impliedIssuers() {
        if (!"v1".equals(version)) {
            return List.of();
        }
        boolean shared = tenant.equals("common") || tenant.equals("organizations");
        return List.of(shared ? V1_ISSUER_TEMPLATE : "https://sts.windows.net/" + tenant + "/");
    }
}
