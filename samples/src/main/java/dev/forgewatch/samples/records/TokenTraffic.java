package dev.forgewatch.samples.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.samples.tenant.Tenant;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;

/**
 * The two logs of the sample that carry bearer tokens:
 * <ul>
 *   <li>the tenant's mail edge proxy ({@code mail.<domain>}, its hybrid front door to Outlook on the
 *       web and MAPI over HTTP), which exports NDJSON with each request's token reduced to
 *       fingerprint + header + claims, never the token itself;</li>
 *   <li>the access log of the tenant's own web portal ({@code portal.<domain>}), which accepts
 *       Microsoft Entra access tokens for its API and, carelessly, logs the Authorization header.</li>
 * </ul>
 */
public final class TokenTraffic {
    /** A Microsoft organizations-scope signing key in the ledger, valid through 2023 (certificate 2022-10-02 to 2027-10-02). */
    public static final String ORGANIZATIONS_KID = "-KI3Q9nNR7bRofxmeZoXqbHZGew";
    /** The Storm-0558 key: kid of the acquired MSA signing key, as public research published it. */
    public static final String STORM_0558_KID = "1LTMzakihiRla_8z2BEJVXeWMqo";
    public static final String OUTLOOK_AUDIENCE = "https://outlook.office.com";
    public static final String PORTAL_KID = "portal-session-2023";

    private static final DateTimeFormatter ACCESS_LOG_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Tenant tenant;

    public TokenTraffic(Tenant tenant) {
        this.tenant = tenant;
    }

    public String edgeHost() {
        return "mail." + tenant.domain();
    }

    public String portalHost() {
        return "portal." + tenant.domain();
    }

    /** The App ID URI under which the portal's API is registered in Entra. */
    public String portalAudience() {
        return "api://" + portalHost();
    }

    public String issuer() {
        return "https://sts.windows.net/" + tenant.tenantId() + "/";
    }

    /** One request as the edge proxy exports it. {@code user} is the token's upn, as the proxy logs it. */
    public ObjectNode edgeRequest(Instant at, String requestId, String clientIp, String userAgent, String user, String method,
                                  String path, int status, int bytes, ObjectNode token) {
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("@timestamp", DateTimeFormatter.ISO_INSTANT.format(at));
        record.put("request_id", requestId);
        record.put("host", edgeHost());
        record.put("client_ip", clientIp);
        record.put("method", method);
        record.put("path", path);
        record.put("status", status);
        record.put("bytes", bytes);
        record.put("user_agent", userAgent);
        record.put("user", user);
        record.set("token", token);
        return record;
    }

    /** A token as the proxy reduces it: its SHA-256, its header and its claims; no signature. */
    public ObjectNode reducedToken(String fingerprint, String kid, JWTClaimsSet claims) {
        ObjectNode token = Json.MAPPER.createObjectNode();
        token.put("fingerprint", fingerprint);
        ObjectNode header = token.putObject("header");
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        header.put("x5t", kid);
        header.put("kid", kid);
        token.set("claims", Json.MAPPER.valueToTree(claims.toJSONObject()));
        return token;
    }

    /** Claims of a v1.0 access token Entra issues for {@code audience} to {@code appId} on behalf of a user. */
    public JWTClaimsSet accessToken(String audience, String appId, String upn, String objectId, Instant issuedAt, long lifetimeSeconds,
                                    String scope) {
        return new JWTClaimsSet.Builder()
                .audience(audience)
                .issuer(issuer())
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plusSeconds(lifetimeSeconds)))
                .claim("appid", appId)
                .claim("oid", objectId)
                .claim("scp", scope)
                .claim("tid", tenant.tenantId())
                .claim("upn", upn)
                .claim("ver", "1.0")
                .build();
    }

    /** Claims of a portal session token: the portal's own issuer, not Microsoft's. */
    public JWTClaimsSet portalSession(String objectId, String upn, Instant issuedAt) {
        return new JWTClaimsSet.Builder()
                .issuer("https://" + portalHost())
                .audience("https://" + portalHost())
                .subject(objectId)
                .claim("preferred_username", upn)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plusSeconds(8 * 3600)))
                .build();
    }

    /**
     * One line of the portal's access log: Combined Log Format, then the Authorization header the
     * portal was configured to log.
     */
    public String portalLine(Instant at, String clientIp, String method, String path, int status, int bytes, String userAgent,
                             String bearerToken) {
        return clientIp + " - - [" + ACCESS_LOG_TIME.format(at) + "] \"" + method + " " + path + " HTTP/1.1\" " + status + " "
                + bytes + " \"-\" \"" + userAgent + "\" \"Bearer " + bearerToken + "\"";
    }
}
