package dev.forgewatch.collector.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Self-signed certificates made for the tests with the JDK's own {@code keytool} (the JDK has no
 * public API to issue a certificate): a server certificate for 127.0.0.1/localhost and a client
 * certificate for the client-assertion flow. Made once per JVM.
 */
public final class TestCertificates {
    public static final char[] PASSWORD = "changeit".toCharArray();

    /** A key pair with its certificate, the PKCS#12 file holding them, and PEM copies. */
    public record Issued(Path p12, Path certificatePem, Path keyPem, PrivateKey key, X509Certificate certificate) {
    }

    private static Issued server;
    private static Issued client;
    private static Issued stranger;
    private static Issued otherHost;

    private TestCertificates() {
    }

    public static synchronized Issued server() {
        if (server == null) {
            server = issue("server", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
        }
        return server;
    }

    public static synchronized Issued client() {
        if (client == null) {
            client = issue("client", "CN=forgewatch-collector-test", null);
        }
        return client;
    }

    /** A second, unrelated self-signed server certificate: trusting it must not trust {@link #server()}. */
    public static synchronized Issued stranger() {
        if (stranger == null) {
            stranger = issue("stranger", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
        }
        return stranger;
    }

    /** A self-signed certificate for another host ({@code elsewhere.example}): trusted, it still does not match 127.0.0.1. */
    public static synchronized Issued otherHost() {
        if (otherHost == null) {
            otherHost = issue("other-host", "CN=elsewhere.example", "SAN=dns:elsewhere.example");
        }
        return otherHost;
    }

    /** A server-side SSL context presenting {@code certificate} (for an {@code HttpsServer} or a server socket). */
    public static SSLContext serverContext(Issued certificate) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(certificate.p12())) {
                store.load(in, PASSWORD);
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Issued issue(String name, String dname, String san) {
        try {
            Path dir = Files.createTempDirectory("forgewatch-certs-" + name);
            dir.toFile().deleteOnExit();
            Path p12 = dir.resolve(name + ".p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            List<String> command = new java.util.ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", name,
                    "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650", "-dname", dname, "-storetype", "PKCS12",
                    "-keystore", p12.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)));
            if (san != null) {
                command.addAll(List.of("-ext", san));
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                store.load(in, PASSWORD);
            }
            PrivateKey key = (PrivateKey) store.getKey(name, PASSWORD);
            X509Certificate certificate = (X509Certificate) store.getCertificate(name);
            Path certificatePem = dir.resolve(name + ".crt.pem");
            Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()));
            Path keyPem = dir.resolve(name + ".key.pem");
            Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
            return new Issued(p12, certificatePem, keyPem, key, certificate);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
