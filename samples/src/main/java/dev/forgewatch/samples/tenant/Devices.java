package dev.forgewatch.samples.tenant;

import java.util.List;
import java.util.SplittableRandom;

/** Builds one user's device for a client profile, with the version strings of spring 2023. */
final class Devices {
    private static final List<String> OUTLOOK_BUILDS = List.of("16.0.16327.20214", "16.0.16327.20248", "16.0.16130.20544");
    private static final List<String> EDGE_BUILDS = List.of("113.0.1774.42", "113.0.1774.50", "113.0.1774.57");
    private static final List<String> IOS_VERSIONS = List.of("16.4.1", "16.5");
    private static final List<String> ANDROID_VERSIONS = List.of("12", "13");

    private Devices() {
    }

    static Device create(ClientProfile profile, SplittableRandom random, String userTag) {
        String deviceId = Randoms.guid(random);
        switch (profile) {
            case OUTLOOK_DESKTOP: {
                String build = Randoms.pick(random, OUTLOOK_BUILDS);
                String major = build.substring(0, build.lastIndexOf('.'));
                String userAgent = "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; "
                        + "Microsoft Outlook " + major + "; ms-office; MSOffice 16)";
                return new Device(profile, deviceId, "FAB-LT-" + userTag, "Windows 10", "Rich Client 4.52.0.0",
                        "Client=MSExchangeRPC", userAgent, build, true);
            }
            case OWA: {
                String edge = Randoms.pick(random, EDGE_BUILDS);
                String userAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                        + "Chrome/113.0.0.0 Safari/537.36 Edg/" + edge;
                return new Device(profile, deviceId, "FAB-PC-" + userTag, "Windows10",
                        "Edge " + edge.substring(0, edge.lastIndexOf('.')), "Client=OWA;" + userAgent + ";", userAgent,
                        "", true);
            }
            case OUTLOOK_IOS:
                return new Device(profile, deviceId, "iPhone", "Ios " + Randoms.pick(random, IOS_VERSIONS), "",
                        "Client=OutlookService;Outlook-iOS/2.0;", "Outlook-iOS/2.0", "", false);
            case OUTLOOK_ANDROID:
                return new Device(profile, deviceId, "Android phone", "Android " + Randoms.pick(random, ANDROID_VERSIONS),
                        "", "Client=OutlookService;Outlook-Android/2.0;", "Outlook-Android/2.0", "", false);
            default:
                throw new IllegalArgumentException("unhandled profile " + profile);
        }
    }
}
