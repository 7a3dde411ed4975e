package dev.forgewatch.splunk.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who the app is: its id (the top folder of the package), label, and version. The version comes
 * from the Maven project version, reduced to the {@code Major.Minor.Revision} form app.conf requires
 * (a qualifier such as {@code -SNAPSHOT} is dropped).
 */
public record AppInfo(String id, String label, String version, String author, String description) {
    public static final String ID = "forgewatch_app";
    private static final Pattern MAVEN_VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:[-.].*)?");

    /** The app of this ForgeWatch build (its Maven version is recorded in the jar at build time). */
    public static AppInfo bundled() {
        try (InputStream in = AppInfo.class.getResourceAsStream("/dev/forgewatch/splunk/app/version.properties")) {
            Properties properties = new Properties();
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the classpath");
            }
            properties.load(in);
            return forMavenVersion(properties.getProperty("version", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AppInfo forMavenVersion(String mavenVersion) {
        return new AppInfo(ID, "ForgeWatch", appVersion(mavenVersion), "ForgeWatch",
                "Detects Storm-0558-style forged-token mailbox access in Microsoft 365 and Entra ID data: CIM-mapped "
                        + "sourcetypes, saved searches, dashboards and IOC lookups.");
    }

    static String appVersion(String mavenVersion) {
        Matcher matcher = MAVEN_VERSION.matcher(mavenVersion.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("version '" + mavenVersion + "' is not Major.Minor[.Revision][-qualifier]");
        }
        String revision = matcher.group(3) == null ? "0" : matcher.group(3);
        return Integer.parseInt(matcher.group(1)) + "." + Integer.parseInt(matcher.group(2)) + "." + Integer.parseInt(revision);
    }

    /** app.conf's build number: grows with the version, so Splunk Web reloads the app's static files. */
    public long build() {
        String[] parts = version.split("\\.");
        return Long.parseLong(parts[0]) * 1_000_000 + Long.parseLong(parts[1]) * 1_000 + Long.parseLong(parts[2]);
    }
}
