package dev.forgewatch.elastic.client;

import dev.forgewatch.common.secret.Secret;
import java.util.Objects;

/**
 * How ForgeWatch authenticates to a cluster. {@code toString} never shows a secret; closing the
 * credentials overwrites the secret in memory.
 */
public sealed interface Credentials extends AutoCloseable {
    @Override
    default void close() {
    }

    /** No authentication (a local or proxied cluster). */
    record None() implements Credentials {
        @Override
        public String toString() {
            return "no credentials";
        }
    }

    /** An Elasticsearch API key in its encoded form (base64 of {@code id:api_key}), as Kibana shows it. */
    record ApiKey(Secret encoded) implements Credentials {
        public ApiKey {
            Objects.requireNonNull(encoded, "encoded");
        }

        @Override
        public void close() {
            encoded.close();
        }

        @Override
        public String toString() {
            return "API key";
        }
    }

    /** User name and password (basic authentication). */
    record Basic(String username, Secret password) implements Credentials {
        public Basic {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public void close() {
            password.close();
        }

        @Override
        public String toString() {
            return "basic authentication as " + username;
        }
    }
}
