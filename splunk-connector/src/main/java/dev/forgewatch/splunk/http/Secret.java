package dev.forgewatch.splunk.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A credential (HEC token, Splunk password or auth token). It comes from the environment or a file,
 * never from a command-line argument (other users can read those in the process list), and its
 * {@link #toString} never shows it, so it cannot leak into a log line or an exception message.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** The secret in {@code envName}, else in {@code file} (trimmed; the file need not exist when the env var is set). */
    public static Secret fromEnvOrFile(Map<String, String> env, String envName, Path file) throws IOException {
        String fromEnv = env.get(envName);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Secret(fromEnv.strip());
        }
        if (file == null) {
            throw new IOException("no credential: set " + envName + " or give a file holding it");
        }
        String fromFile = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (fromFile.isEmpty()) {
            throw new IOException("the credential file " + file + " is empty");
        }
        return new Secret(fromFile);
    }

    /** For tests and for callers that already hold the value in memory. */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        return new Secret(value);
    }

    /** The value, for the one place that puts it into a request header. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "[secret]";
    }
}
