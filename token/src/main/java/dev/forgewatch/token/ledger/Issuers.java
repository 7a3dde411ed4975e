package dev.forgewatch.token.ledger;

import java.util.Locale;
import java.util.Set;

/** Reading Microsoft issuer URLs: {@code https://sts.windows.net/{tid}/}, {@code https://login.microsoftonline.com/{tid}/v2.0}. */
public final class Issuers {
    /** The literal placeholder Microsoft's multi-tenant documents use instead of a tenant id. */
    public static final String TENANT_TEMPLATE = "{tenantid}";

    /** Hosts that issue Microsoft identity platform tokens (public, US Government and China clouds). */
    private static final Set<String> MICROSOFT_HOSTS = Set.of(
            "sts.windows.net", "login.microsoftonline.com", "login.windows.net", "login.microsoft.com",
            "login.live.com", "login.microsoftonline.us", "login.chinacloudapi.cn", "sts.chinacloudapi.cn",
            "login.partner.microsoftonline.cn");

    private Issuers() {
    }

    /**
     * Whether the text is a GUID in its 8-4-4-4-12 hex form (either case). Checked char by char: a
     * regular expression allocated on every call, and the hunt asks this of every token's tenant.
     */
    public static boolean isGuid(String text) {
        if (text == null || text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    /** The host of an https URL, lower-cased, or null. */
    static String host(String issuer) {
        if (issuer == null || !issuer.regionMatches(true, 0, "https://", 0, 8)) {
            return null;
        }
        int end = issuer.indexOf('/', 8);
        return issuer.substring(8, end < 0 ? issuer.length() : end).toLowerCase(Locale.ROOT);
    }

    public static boolean isMicrosoft(String issuer) {
        String host = host(issuer);
        return host != null && MICROSOFT_HOSTS.contains(host);
    }

    /** The consumer account issuer of login.live.com carries no tenant; it is consumer by definition. */
    public static boolean isLiveIssuer(String issuer) {
        return "login.live.com".equals(host(issuer));
    }

    /**
     * The first path segment of the issuer (a tenant id, or {@code {tenantid}} in a template), or null
     * when there is none.
     */
    public static String tenantOf(String issuer) {
        String host = host(issuer);
        if (host == null) {
            return null;
        }
        int start = 8 + host.length() + 1;
        if (start >= issuer.length()) {
            return null;
        }
        int end = issuer.indexOf('/', start);
        String segment = issuer.substring(start, end < 0 ? issuer.length() : end);
        return segment.isEmpty() ? null : segment;
    }
}
