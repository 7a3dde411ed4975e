package dev.forgewatch.token.testing;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A local HTTP or HTTPS server answering JWKS requests from a map of canned responses, for fetch
 * and refresh tests. The HTTPS variant uses a self-signed certificate made by {@code keytool} for
 * this run; {@link #clientTls()} is a client context that trusts exactly that certificate.
 */
public final class JwksServer implements AutoCloseable {
    private static final char[] PASSWORD = "test-only".toCharArray();

    private final HttpServer server;
    private final Map<String, Response> responses = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final KeyStore keyStore;

    /** A canned answer; {@code hang} makes the server never answer (until closed). */
    public record Response(int status, String body, boolean hang) {
    }

    private JwksServer(HttpServer server, KeyStore keyStore) {
        this.server = server;
        this.keyStore = keyStore;
        server.createContext("/", exchange -> {
            try (exchange) {
                Response response = responses.get(exchange.getRequestURI().getPath());
                if (response == null) {
                    response = new Response(404, "not found", false);
                }
                if (response.hang()) {
                    release.await(30, TimeUnit.SECONDS);
                    return;
                }
                byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(response.status(), body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    public static JwksServer http() throws IOException {
        return new JwksServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), null);
    }

    /** An HTTPS server with a fresh self-signed certificate for 127.0.0.1 and localhost, made in {@code dir}. */
    public static JwksServer https(Path dir) throws IOException, GeneralSecurityException, InterruptedException {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (keytool.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new JwksServer(server, keys);
    }

    /** A client TLS context trusting this server's certificate and nothing else. */
    public SSLContext clientTls() throws GeneralSecurityException, IOException {
        Certificate certificate = keyStore.getCertificate("server");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        managers.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, managers.getTrustManagers(), null);
        return tls;
    }

    public JwksServer respond(String path, int status, String body) {
        responses.put(path, new Response(status, body, false));
        return this;
    }

    public JwksServer hang(String path) {
        responses.put(path, new Response(0, "", true));
        return this;
    }

    /** The URL of a path on this server, with 127.0.0.1 as host. */
    public String url(String path) {
        return (keyStore == null ? "http" : "https") + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
