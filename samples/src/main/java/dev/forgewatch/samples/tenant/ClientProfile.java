package dev.forgewatch.samples.tenant;

/**
 * The kinds of mail client a user of the tenant runs, with the application ids and client strings
 * each one leaves in sign-ins and Exchange audit records.
 */
public enum ClientProfile {
    /** Outlook for Windows in cached mode (MAPI over HTTP): syncs folders, modern auth via Microsoft Office. */
    OUTLOOK_DESKTOP(MicrosoftApps.MICROSOFT_OFFICE, "Microsoft Office", "Mobile Apps and Desktop clients",
            MicrosoftApps.MICROSOFT_OFFICE, "", true, false),
    /** Outlook on the web in a browser. */
    OWA(MicrosoftApps.ONE_OUTLOOK_WEB, "One Outlook Web", "Browser",
            MicrosoftApps.EXCHANGE_ONLINE, MicrosoftApps.ONE_OUTLOOK_WEB, false, false),
    /** Outlook for iOS through the Outlook service. */
    OUTLOOK_IOS(MicrosoftApps.OUTLOOK_MOBILE, "Outlook Mobile", "Mobile Apps and Desktop clients",
            MicrosoftApps.OUTLOOK_MOBILE, MicrosoftApps.OUTLOOK_MOBILE, false, true),
    /** Outlook for Android through the Outlook service. */
    OUTLOOK_ANDROID(MicrosoftApps.OUTLOOK_MOBILE, "Outlook Mobile", "Mobile Apps and Desktop clients",
            MicrosoftApps.OUTLOOK_MOBILE, MicrosoftApps.OUTLOOK_MOBILE, false, true);

    private final String signInAppId;
    private final String signInAppName;
    private final String clientAppUsed;
    private final String auditAppId;
    private final String auditClientAppId;
    private final boolean cachedMode;
    private final boolean mobile;

    ClientProfile(String signInAppId, String signInAppName, String clientAppUsed, String auditAppId,
                  String auditClientAppId, boolean cachedMode, boolean mobile) {
        this.signInAppId = signInAppId;
        this.signInAppName = signInAppName;
        this.clientAppUsed = clientAppUsed;
        this.auditAppId = auditAppId;
        this.auditClientAppId = auditClientAppId;
        this.cachedMode = cachedMode;
        this.mobile = mobile;
    }

    public String signInAppId() {
        return signInAppId;
    }

    public String signInAppName() {
        return signInAppName;
    }

    public String clientAppUsed() {
        return clientAppUsed;
    }

    /** AppId on the client's Exchange audit records. */
    public String auditAppId() {
        return auditAppId;
    }

    /** ClientAppId on the client's Exchange audit records; empty where Exchange writes it empty. */
    public String auditClientAppId() {
        return auditClientAppId;
    }

    /** Cached-mode clients open the day with a MailboxLogin and a folder Sync. */
    public boolean cachedMode() {
        return cachedMode;
    }

    public boolean mobile() {
        return mobile;
    }
}
