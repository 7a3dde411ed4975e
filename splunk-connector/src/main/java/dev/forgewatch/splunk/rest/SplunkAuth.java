package dev.forgewatch.splunk.rest;

import dev.forgewatch.common.secret.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** How the management port is authenticated: a Splunk authentication token, or a user and password. */
public sealed interface SplunkAuth {
    /** The Authorization header value. */
    String header();

    /** The secret in it (masked wherever a server echoes it). */
    Secret secret();

    /** A Splunk authentication token (Settings > Tokens), sent as a bearer token. */
    record Token(Secret token) implements SplunkAuth {
        @Override
        public String header() {
            return "Bearer " + token.reveal();
        }

        @Override
        public String toString() {
            return "token [secret]";
        }

        @Override
        public Secret secret() {
            return token;
        }
    }

    /** A Splunk user and password, sent with HTTP basic authentication (over TLS). */
    record Password(String user, Secret password) implements SplunkAuth {
        @Override
        public String header() {
            String pair = user + ":" + password.reveal();
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "user " + user + " with password [secret]";
        }

        @Override
        public Secret secret() {
            return password;
        }
    }
}
