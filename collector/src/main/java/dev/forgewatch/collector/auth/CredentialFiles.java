package dev.forgewatch.collector.auth;

import com.nimbusds.jose.JWSAlgorithm;
import dev.forgewatch.common.secret.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a certificate credential: a PEM file (certificate and unencrypted PKCS#8 private key, in one
 * file or two) or a PKCS#12 file as the Azure portal and Key Vault export it. Error messages name
 * the file, never its content.
 */
public final class CredentialFiles {
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private CredentialFiles() {
    }

    public static ClientCredential.ClientCertificate pem(Path certificateFile, Path keyFile, JWSAlgorithm algorithm)
            throws IOException, GeneralSecurityException {
        X509Certificate certificate = null;
        for (Block block : blocks(certificateFile)) {
            if (block.type().equals("CERTIFICATE") && certificate == null) {
                certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(block.der()));
            }
        }
        if (certificate == null) {
            throw new GeneralSecurityException("no PEM CERTIFICATE block in " + certificateFile);
        }
        PrivateKey key = null;
        for (Block block : blocks(keyFile)) {
            switch (block.type()) {
                case "PRIVATE KEY" -> key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(block.der()));
                case "RSA PRIVATE KEY" -> throw new GeneralSecurityException(keyFile + " holds a PKCS#1 key; convert it once with "
                        + "'openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW'");
                case "ENCRYPTED PRIVATE KEY" -> throw new GeneralSecurityException(keyFile + " holds an encrypted PEM key; "
                        + "use a PKCS#12 file with FORGEWATCH_CERT_PASSWORD, or an unencrypted PKCS#8 key readable only by the collector");
                default -> {
                }
            }
        }
        if (key == null) {
            throw new GeneralSecurityException("no PEM PRIVATE KEY block in " + keyFile);
        }
        return new ClientCredential.ClientCertificate(key, certificate, algorithm);
    }

    public static ClientCredential.ClientCertificate pkcs12(Path file, Secret password, JWSAlgorithm algorithm)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        char[] chars = password == null ? new char[0] : password.chars();
        try {
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, chars);
            } catch (IOException e) {
                throw new GeneralSecurityException("cannot open PKCS#12 file " + file + " (wrong password?)");
            }
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Key key = store.getKey(alias, chars);
                    Certificate certificate = store.getCertificate(alias);
                    if (key instanceof PrivateKey privateKey && certificate instanceof X509Certificate x509) {
                        return new ClientCredential.ClientCertificate(privateKey, x509, algorithm);
                    }
                }
            }
            throw new GeneralSecurityException("no private key with a certificate in " + file);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private record Block(String type, byte[] der) {
    }

    private static java.util.List<Block> blocks(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        java.util.List<Block> blocks = new java.util.ArrayList<>();
        Matcher matcher = PEM.matcher(text);
        while (matcher.find()) {
            try {
                blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException("damaged PEM block in " + file);
            }
        }
        return blocks;
    }
}
