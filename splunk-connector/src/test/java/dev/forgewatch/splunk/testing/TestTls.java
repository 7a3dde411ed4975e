package dev.forgewatch.splunk.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed server certificate for the local HTTPS test servers, made with the JDK's keytool
 * (so no key material is checked in): the server's SSL context and the certificate as a PEM file
 * a client can be told to trust.
 */
public record TestTls(SSLContext serverContext, Path certificatePem) {
    private static final String PASSWORD = "test-only";

    /** A certificate for {@code subjectAltName}, e.g. {@code ip:127.0.0.1} or {@code dns:other.example}. */
    public static TestTls create(Path dir, String subjectAltName) throws IOException, InterruptedException, GeneralSecurityException {
        Path keystore = dir.resolve("server.p12");
        Path pem = dir.resolve("server.pem");
        keytool(List.of("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=forgewatch-test",
                "-ext", "SAN=" + subjectAltName, "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        keytool(List.of("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", pem.toString()));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return new TestTls(context, pem);
    }

    private static void keytool(List<String> args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }
}
