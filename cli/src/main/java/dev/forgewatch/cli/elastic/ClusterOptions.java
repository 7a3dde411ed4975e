package dev.forgewatch.cli.elastic;

import dev.forgewatch.cli.Args;
import dev.forgewatch.cli.Terminal;
import dev.forgewatch.cli.UsageException;
import dev.forgewatch.common.http.HttpPolicy;
import dev.forgewatch.common.secret.Secret;
import dev.forgewatch.common.tls.TlsOptions;
import dev.forgewatch.elastic.client.ClusterTarget;
import dev.forgewatch.elastic.client.Credentials;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;

/**
 * The cluster options every {@code forgewatch elastic} subcommand that talks to a cluster shares.
 * Secrets come from files or the environment, never from the command line (where {@code ps} and
 * shell history would show them), and are never printed.
 */
final class ClusterOptions {
    static final String ENV_URL = "FORGEWATCH_ES_URL";
    static final String ENV_KIBANA_URL = "FORGEWATCH_KIBANA_URL";
    static final String ENV_API_KEY = "FORGEWATCH_ES_API_KEY";
    static final String ENV_USERNAME = "FORGEWATCH_ES_USERNAME";
    static final String ENV_PASSWORD = "FORGEWATCH_ES_PASSWORD";
    static final Set<String> VALUE_OPTIONS = Set.of("url", "kibana-url", "api-key-file", "username", "password-file", "ca-cert");
    static final String HELP = """
              --url URL            the cluster, https://host:9200 (or $FORGEWATCH_ES_URL)
              --kibana-url URL     install: Kibana, https://host:5601 (or $FORGEWATCH_KIBANA_URL); the same
                                   credentials and CA apply (an API key works for both)
              --api-key-file FILE  a file holding an encoded API key (or $FORGEWATCH_ES_API_KEY)
              --username NAME      basic authentication user (or $FORGEWATCH_ES_USERNAME), with
              --password-file FILE a file holding the password (or $FORGEWATCH_ES_PASSWORD)
              --ca-cert FILE       trust this PEM CA instead of the JVM's trust store
              --insecure           do not verify the TLS certificate (throwaway test clusters only)
            """ + HttpPolicy.help(23);

    private ClusterOptions() {
    }

    static ClusterTarget target(Args args, Terminal terminal) throws UsageException, IOException {
        String url = args.value("url", terminal.env(ENV_URL));
        if (url == null || url.isBlank()) {
            throw new UsageException("--url is required (or set " + ENV_URL + ")");
        }
        return target("--url", url, args, terminal);
    }

    /** The Elasticsearch URL given ({@code --url} or the environment), or null. */
    static String elasticsearchUrl(Args args, Terminal terminal) {
        return blankToNull(args.value("url", terminal.env(ENV_URL)));
    }

    /** The Kibana URL given ({@code --kibana-url} or the environment), or null. */
    static String kibanaUrl(Args args, Terminal terminal) {
        return blankToNull(args.value("kibana-url", terminal.env(ENV_KIBANA_URL)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * A target at {@code url}, given as {@code option}, with the shared credentials and TLS options
     * (Elasticsearch and Kibana take the same), under the one HTTP policy.
     */
    static ClusterTarget target(String option, String url, Args args, Terminal terminal) throws UsageException, IOException {
        String ca = args.value("ca-cert");
        boolean insecure = args.flag("insecure");
        URI uri;
        TlsOptions trust;
        try {
            uri = HttpPolicy.serviceUrl(option, url);
            trust = new TlsOptions(insecure, ca == null ? null : Path.of(ca));
        } catch (HttpPolicy.Refused | IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Credentials credentials = credentials(args, terminal);
        String credential = credentials instanceof Credentials.ApiKey ? "API key"
                : credentials instanceof Credentials.Basic ? "password" : null;
        if (credential != null) {
            try {
                HttpPolicy.requireTls(uri, credential, args.flag(HttpPolicy.ALLOW_HTTP))
                        .ifPresent(warning -> terminal.err().println("forgewatch elastic: " + warning));
            } catch (HttpPolicy.Refused e) {
                credentials.close();
                throw new UsageException(e.getMessage());
            }
        }
        if (insecure) {
            terminal.err().println("forgewatch elastic: warning: --insecure: the cluster's TLS certificate is not verified");
        }
        return new ClusterTarget(uri, credentials, trust);
    }

    private static Credentials credentials(Args args, Terminal terminal) throws UsageException, IOException {
        String apiKeyFile = args.value("api-key-file");
        String username = args.value("username", terminal.env(ENV_USERNAME));
        if (apiKeyFile != null && username != null) {
            throw new UsageException("use either an API key or a user name, not both");
        }
        if (apiKeyFile != null) {
            return new Credentials.ApiKey(secretFile(apiKeyFile, "API key"));
        }
        if (username != null) {
            String passwordFile = args.value("password-file");
            String password = terminal.env(ENV_PASSWORD);
            if (passwordFile == null && (password == null || password.isEmpty())) {
                throw new UsageException("a user name needs --password-file or " + ENV_PASSWORD);
            }
            return new Credentials.Basic(username, passwordFile != null ? secretFile(passwordFile, "password") : Secret.of(password));
        }
        String apiKey = terminal.env(ENV_API_KEY);
        if (apiKey != null && !apiKey.isBlank()) {
            return new Credentials.ApiKey(Secret.of(apiKey));
        }
        return new Credentials.None();
    }

    private static Secret secretFile(String name, String what) throws UsageException {
        try {
            return Secret.fromFile(Path.of(name), what);
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
