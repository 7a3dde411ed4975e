package dev.forgewatch.elastic.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The ForgeWatch version this module was built as (Maven writes it into a resource). */
public final class ProductVersion {
    private ProductVersion() {
    }

    public static String current() {
        try (InputStream in = ProductVersion.class.getResourceAsStream("/dev/forgewatch/elastic/forgewatch-version.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("the build did not write forgewatch-version.properties", e));
        }
    }
}
