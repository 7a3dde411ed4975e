package dev.forgewatch.elastic.client;

import java.util.Arrays;

/** How ForgeWatch authenticates to a cluster. {@code toString} never shows a secret. */
public sealed interface Credentials {
    /** No authentication (a local or proxied cluster). */
    record None() implements Credentials {
        @Override
        public String toString() {
            return "no credentials";
        }
    }

    /** An Elasticsearch API key in its encoded form (base64 of {@code id:api_key}), as Kibana shows it. */
    record ApiKey(String encoded) implements Credentials {
        @Override
        public String toString() {
            return "API key";
        }
    }

    /** User name and password (basic authentication). */
    record Basic(String username, char[] password) implements Credentials {
        public Basic {
            password = password.clone();
        }

        @Override
        public char[] password() {
            return password.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Basic that && username.equals(that.username) && Arrays.equals(password, that.password);
        }

        @Override
        public int hashCode() {
            return username.hashCode();
        }

        @Override
        public String toString() {
            return "basic authentication as " + username;
        }
    }
}
