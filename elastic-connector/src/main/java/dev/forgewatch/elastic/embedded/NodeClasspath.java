package dev.forgewatch.elastic.embedded;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The classpath of the embedded node's JVM: the launcher (the {@code forgewatch-es-test-node} jar, or its
 * classes folder in an IDE) followed by the node's dependencies, which Maven lists in the launcher's
 * {@code es-test-node.classpath} resource. Nothing of the node is on the caller's classpath.
 */
public record NodeClasspath(Path launcher, String dependencies) {
    public static final String RESOURCE = "es-test-node.classpath";
    public static final String MAIN_CLASS = "dev.forgewatch.esnode.EsTestNode";

    /** Reads the dependency list from inside the launcher jar or folder. */
    public static NodeClasspath ofLauncher(Path launcher) throws IOException {
        String dependencies;
        if (Files.isDirectory(launcher)) {
            Path list = launcher.resolve(RESOURCE);
            if (!Files.isRegularFile(list)) {
                throw new IOException(launcher + " has no " + RESOURCE + "; rebuild with 'mvn -B package -DskipTests'");
            }
            dependencies = Files.readString(list, StandardCharsets.UTF_8);
        } else {
            try (JarFile jar = new JarFile(launcher.toFile())) {
                ZipEntry entry = jar.getEntry(RESOURCE);
                if (entry == null) {
                    throw new IOException(launcher + " has no " + RESOURCE);
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        return new NodeClasspath(launcher, dependencies.trim());
    }

    /** The launcher as found through a class loader that has it (the tests' classpath). */
    public static NodeClasspath fromClassLoader(ClassLoader loader) throws IOException {
        URL list = loader.getResource(RESOURCE);
        if (list == null) {
            throw new IOException(RESOURCE + " is not on the classpath: is forgewatch-es-test-node a test dependency?");
        }
        try {
            String url = list.toExternalForm();
            // jar:file:/…/forgewatch-es-test-node.jar!/es-test-node.classpath in a reactor build, file:/… in an IDE
            Path launcher = url.startsWith("jar:")
                    ? Path.of(new URI(url.substring("jar:".length(), url.indexOf("!/"))))
                    : Path.of(list.toURI()).getParent();
            return ofLauncher(launcher);
        } catch (URISyntaxException e) {
            throw new IOException("unexpected resource location " + list, e);
        }
    }

    /**
     * The launcher named in a file Maven wrote ({@code elastic-connector/target/es-node-classpath.txt}),
     * for {@code forgewatch elastic demo}.
     */
    public static NodeClasspath fromListFile(Path listFile) throws IOException {
        if (!Files.isRegularFile(listFile)) {
            throw new IOException("the embedded node's classpath list " + listFile + " is missing; it is written by"
                    + " 'mvn -B package -DskipTests' in a ForgeWatch source checkout (the demo needs the node's jars"
                    + " from Maven, which the forgewatch jar does not bundle)");
        }
        String text = Files.readString(listFile, StandardCharsets.UTF_8).trim();
        for (String entry : text.split(File.pathSeparator)) {
            if (entry.contains("es-test-node")) {
                return ofLauncher(Path.of(entry));
            }
        }
        throw new IOException(listFile + " does not name the forgewatch-es-test-node launcher");
    }

    public String asArgument() {
        return launcher + File.pathSeparator + dependencies;
    }
}
