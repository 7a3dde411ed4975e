package dev.forgewatch.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import dev.forgewatch.collector.auth.ClientCredential;
import dev.forgewatch.collector.auth.CredentialFiles;
import dev.forgewatch.collector.graph.SignInCategory;
import dev.forgewatch.common.http.HttpPolicy;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Secret;
import dev.forgewatch.common.text.WholeNumber;
import dev.forgewatch.common.tls.TlsOptions;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Reads the collector's settings: a config file ({@code .properties}, or flat {@code .yaml}/{@code .yml}),
 * then the environment, then command-line overrides, later ones winning. Secrets come only from the
 * environment or from files named in the config: a secret value inside the config file itself is
 * refused, so config files can be shared and versioned.
 */
public final class ConfigLoader {
    /** Every setting a config file may hold. */
    public static final Set<String> KEYS = Set.of("tenant_id", "client_id", "client_secret_file", "certificate_file",
            "private_key_file", "certificate_p12_file", "certificate_password_file", "assertion_algorithm", "authority",
            "manage_api", "graph_api", "manage_resource", "graph_resource", "publisher_id", "content_types", "signins", "signin_categories", "output_dir", "state_dir", "lookback_hours",
            "graph_window_minutes", "settle_minutes", "max_file_mb", "max_file_records", "start_subscriptions", "tls_ca_file",
            "tls_insecure", "allow_http", "request_timeout_seconds", "max_attempts");

    /** Environment variables and the setting each one fills. */
    static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("FORGEWATCH_TENANT_ID", "tenant_id"),
            Map.entry("FORGEWATCH_CLIENT_ID", "client_id"),
            Map.entry("FORGEWATCH_CLIENT_SECRET_FILE", "client_secret_file"),
            Map.entry("FORGEWATCH_CERT_FILE", "certificate_file"),
            Map.entry("FORGEWATCH_KEY_FILE", "private_key_file"),
            Map.entry("FORGEWATCH_CERT_P12_FILE", "certificate_p12_file"),
            Map.entry("FORGEWATCH_CERT_PASSWORD_FILE", "certificate_password_file"));
    public static final String SECRET_ENV = "FORGEWATCH_CLIENT_SECRET";
    public static final String CERT_PASSWORD_ENV = "FORGEWATCH_CERT_PASSWORD";

    private ConfigLoader() {
    }

    /**
     * What was loaded, whether certificate checking was switched off, and warnings (plain http
     * allowed for an endpoint): the caller must show both.
     */
    public record Loaded(CollectorConfig config, boolean insecure, List<String> warnings) {
        public Loaded {
            warnings = List.copyOf(warnings);
        }
    }

    public static Loaded load(Path file, Map<String, String> env, Map<String, String> overrides)
            throws IOException, GeneralSecurityException {
        Map<String, String> values = new LinkedHashMap<>();
        if (file != null) {
            values.putAll(readFile(file));
        }
        ENV.forEach((variable, key) -> {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                values.put(key, value);
            }
        });
        overrides.forEach((key, value) -> {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown setting " + key);
            }
            if (value != null) {
                values.put(key, value);
            }
        });
        Path base = file == null || file.toAbsolutePath().getParent() == null ? Path.of("") : file.toAbsolutePath().getParent();
        boolean insecure = bool(values, "tls_insecure", false);
        TlsOptions tls = insecure ? TlsOptions.insecureForLabs()
                : values.containsKey("tls_ca_file") ? TlsOptions.trusting(path(base, values.get("tls_ca_file"))) : TlsOptions.VERIFY;
        boolean allowHttp = bool(values, "allow_http", false);
        List<String> warnings = new ArrayList<>();
        CollectorConfig.Builder builder = CollectorConfig.builder()
                .tenantId(values.get("tenant_id"))
                .clientId(values.get("client_id"))
                .credential(credential(values, env, base))
                .authority(uri(values, "authority", CollectorConfig.AUTHORITY, "client credential", allowHttp, warnings))
                .manageApi(uri(values, "manage_api", CollectorConfig.MANAGE_API, "access token", allowHttp, warnings))
                .graphApi(uri(values, "graph_api", CollectorConfig.GRAPH_API, "access token", allowHttp, warnings))
                .manageResource(values.get("manage_resource"))
                .graphResource(values.get("graph_resource"))
                .publisherId(values.get("publisher_id"))
                .signIns(bool(values, "signins", true))
                .outputDir(path(base, values.getOrDefault("output_dir", "forgewatch-logs")))
                .stateDir(values.containsKey("state_dir") ? path(base, values.get("state_dir")) : null)
                .lookback(Duration.ofHours(number(values, "lookback_hours", 24, 1, 30 * 24)))
                .graphWindow(Duration.ofMinutes(number(values, "graph_window_minutes", 60, 1, 24 * 60)))
                .settle(Duration.ofMinutes(number(values, "settle_minutes", 30, 0, 24 * 60)))
                .maxFileBytes(number(values, "max_file_mb", 64, 1, 4096) * 1024 * 1024)
                .maxFileRecords(number(values, "max_file_records", 100_000, 1, 100_000_000))
                .startSubscriptions(bool(values, "start_subscriptions", false))
                .tls(tls)
                .requestTimeout(Duration.ofSeconds(number(values, "request_timeout_seconds", 120, 1, 3600)))
                .maxAttempts((int) number(values, "max_attempts", 6, 1, 20));
        if (values.containsKey("signin_categories")) {
            List<SignInCategory> categories = new ArrayList<>();
            for (String name : values.get("signin_categories").split(",")) {
                if (!name.isBlank()) {
                    categories.add(SignInCategory.parse(name));
                }
            }
            builder.signInCategories(categories);
        }
        if (values.containsKey("content_types")) {
            builder.contentTypes(Arrays.stream(values.get("content_types").split(",")).map(String::trim)
                    .filter(s -> !s.isEmpty()).toList());
        }
        return new Loaded(builder.build(), insecure, warnings);
    }

    static Map<String, String> readFile(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            JsonNode root = Json.YAML.readTree(file.toFile());
            if (root != null && !root.isObject()) {
                throw new IOException(file + ": expected 'key: value' lines");
            }
            if (root != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    JsonNode value = entry.getValue();
                    values.put(entry.getKey(), value.isArray() ? join(value) : value.asText());
                }
            }
        } else {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).trim()));
        }
        for (String key : values.keySet()) {
            if (key.equals("client_secret") || key.equals("certificate_password")) {
                throw new IllegalArgumentException(file + " holds " + key + " in clear: put the secret in its own file (" + key
                        + "_file) readable only by the collector, or in the environment (" + (key.equals("client_secret")
                        ? SECRET_ENV : CERT_PASSWORD_ENV) + ")");
            }
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(file + ": unknown setting '" + key + "'");
            }
        }
        return values;
    }

    private static String join(JsonNode array) {
        StringBuilder text = new StringBuilder();
        array.forEach(item -> text.append(text.length() == 0 ? "" : ",").append(item.asText()));
        return text.toString();
    }

    private static ClientCredential credential(Map<String, String> values, Map<String, String> env, Path base)
            throws IOException, GeneralSecurityException {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(values.getOrDefault("assertion_algorithm", "PS256").toUpperCase(Locale.ROOT));
        if (values.containsKey("certificate_p12_file")) {
            Secret password = null;
            if (env.get(CERT_PASSWORD_ENV) != null) {
                password = Secret.of(env.get(CERT_PASSWORD_ENV));
            } else if (values.containsKey("certificate_password_file")) {
                password = secretFile(path(base, values.get("certificate_password_file")));
            }
            try {
                return CredentialFiles.pkcs12(path(base, values.get("certificate_p12_file")), password, algorithm);
            } finally {
                if (password != null) {
                    password.close(); // the key is read: the password is not needed any more
                }
            }
        }
        if (values.containsKey("certificate_file")) {
            Path certificate = path(base, values.get("certificate_file"));
            Path key = values.containsKey("private_key_file") ? path(base, values.get("private_key_file")) : certificate;
            return CredentialFiles.pem(certificate, key, algorithm);
        }
        String secret = env.get(SECRET_ENV);
        if (secret != null && !secret.isBlank()) {
            return new ClientCredential.ClientSecret(Secret.of(secret));
        }
        if (values.containsKey("client_secret_file")) {
            return new ClientCredential.ClientSecret(secretFile(path(base, values.get("client_secret_file"))));
        }
        throw new IllegalArgumentException("no credential: set " + SECRET_ENV + " or client_secret_file, or certificate_file"
                + " (+ private_key_file) or certificate_p12_file");
    }

    private static Secret secretFile(Path file) throws IOException {
        return Secret.fromFile(file, "secret");
    }

    private static Path path(Path base, String value) {
        Path path = Path.of(value.trim());
        return path.isAbsolute() ? path : base.resolve(path).normalize();
    }

    /** An endpoint under the one HTTP policy: plain http (it carries {@code credential}) only when allowed, with a warning. */
    private static URI uri(Map<String, String> values, String key, URI fallback, String credential, boolean allowHttp,
                           List<String> warnings) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            URI uri = HttpPolicy.serviceUrl(key, value);
            HttpPolicy.requireTls(uri, credential, allowHttp).ifPresent(warnings::add);
            return uri;
        } catch (HttpPolicy.Refused e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static boolean bool(Map<String, String> values, String key, boolean fallback) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, got " + value);
        };
    }

    private static long number(Map<String, String> values, String key, long fallback, long min, long max) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        return WholeNumber.parse(key, value, min, max);
    }

}
