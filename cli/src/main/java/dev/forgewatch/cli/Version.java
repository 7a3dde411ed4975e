package dev.forgewatch.cli;

/** The version the jar was built as (from the Maven project version). */
final class Version {
    private Version() {
    }

    static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
