package dev.forgewatch.common.http;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The one rule for every network path that carries a credential (HEC tokens, Splunk and
 * Elasticsearch passwords, API keys, client secrets, bearer tokens): plain {@code http://} is
 * refused unless the user says {@code --allow-http}, and a service URL never holds credentials
 * itself. Every command uses the same option and the same words.
 */
public final class HttpPolicy {
    /** The option, without its dashes, as each command declares it. */
    public static final String ALLOW_HTTP = "allow-http";

    private HttpPolicy() {
    }

    /** A refused URL or transport; the message names the option or setting and never the URL's secret parts. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /** The option's line in a command's help, its text starting at {@code column} like the other options'. */
    public static String help(int column) {
        return String.format(Locale.ROOT, "  %-" + (column - 2) + "s%s%n", "--" + ALLOW_HTTP,
                "send credentials over plain http:// (a trusted lab network only)");
    }

    /**
     * Parses a service URL given as {@code name} (an option such as {@code --hec-url}, or a
     * configuration key): http or https, with a host, without {@code user:password@}. The value is
     * not echoed: it might hold a secret.
     */
    public static URI serviceUrl(String name, String value) throws Refused {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new Refused(name + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new Refused(name + " must be an http(s) URL such as https://host:port");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused(name + " must not hold credentials (user:password@): a command line is visible to other"
                    + " users and kept in shell history; give them from a file or the environment instead");
        }
        return uri;
    }

    public static boolean plain(URI url) {
        return "http".equalsIgnoreCase(url.getScheme());
    }

    /**
     * Refuses to send {@code credential} (e.g. "HEC token") to a plain-http {@code url} unless
     * {@code allowHttp}; when plain http was allowed, returns the warning the user must see.
     */
    public static Optional<String> requireTls(URI url, String credential, boolean allowHttp) throws Refused {
        if (!plain(url)) {
            return Optional.empty();
        }
        if (!allowHttp) {
            throw new Refused("refusing to send the " + credential + " to " + url.getHost() + " over plain http://:"
                    + " anyone on the network path could read it. Use https://, or add --" + ALLOW_HTTP
                    + " if this network is trusted (a lab, a loopback tunnel)");
        }
        return Optional.of("warning: --" + ALLOW_HTTP + ": the " + credential + " goes to " + url.getHost() + " unencrypted");
    }
}
