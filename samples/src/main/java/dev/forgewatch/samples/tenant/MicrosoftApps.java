package dev.forgewatch.samples.tenant;

/**
 * First-party Microsoft application ids as they appear in Entra sign-ins and Exchange audit
 * records (public, well-known values; see Microsoft's "Verify first-party Microsoft applications
 * in sign-in reports" and the Office add-in SSO docs).
 */
public final class MicrosoftApps {
    public static final String MICROSOFT_OFFICE = "d3590ed6-52b3-4102-aeff-aad2292ab01c";
    public static final String OUTLOOK_MOBILE = "27922004-5251-4030-b22d-91ecd9a37ea4";
    public static final String ONE_OUTLOOK_WEB = "9199bf20-a13f-4107-85dc-02114787ef48";
    public static final String EXCHANGE_ONLINE = "00000002-0000-0ff1-ce00-000000000000";
    public static final String EXCHANGE_ONLINE_NAME = "Office 365 Exchange Online";
    public static final String MICROSOFT_GRAPH = "00000003-0000-0000-c000-000000000000";
    public static final String MICROSOFT_GRAPH_NAME = "Microsoft Graph";

    private MicrosoftApps() {
    }
}
