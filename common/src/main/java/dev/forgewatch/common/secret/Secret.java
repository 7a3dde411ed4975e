package dev.forgewatch.common.secret;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A credential: client secret, certificate password, HEC token, Splunk or Elasticsearch password,
 * API key. It comes from the environment or a file, never from a command-line argument (other users
 * read those in the process list); {@link #toString} never shows it, so it cannot leak through a log
 * line, an exception message or a debugger's summary; {@link #close} overwrites it in memory once
 * the run is done with it. Equality is identity: comparing two secrets would be a way to guess one.
 */
public final class Secret implements AutoCloseable {
    private final char[] value;
    private boolean closed;

    private Secret(char[] value) {
        this.value = value;
    }

    /** A secret held in memory already (trimmed); blank is refused. */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        String stripped = value.strip();
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException("secret is empty");
        }
        return new Secret(stripped.toCharArray());
    }

    /** The secret in {@code file} (UTF-8, trimmed); {@code what} names it in errors ("password", "HEC token"). */
    public static Secret fromFile(Path file, String what) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("the " + what + " file " + file + " does not exist");
        }
        byte[] bytes = Files.readAllBytes(file);
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        Arrays.fill(bytes, (byte) 0);
        int start = 0;
        int end = chars.limit();
        while (start < end && Character.isWhitespace(chars.get(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(chars.get(end - 1))) {
            end--;
        }
        char[] value = new char[end - start];
        chars.position(start);
        chars.get(value);
        Arrays.fill(chars.array(), '\0');
        if (value.length == 0) {
            throw new IOException("the " + what + " file " + file + " is empty");
        }
        return new Secret(value);
    }

    /** The secret in the environment variable {@code envName}, else in {@code file}; the file need not exist when the variable is set. */
    public static Secret fromEnvOrFile(Map<String, String> env, String envName, Path file, String what) throws IOException {
        String fromEnv = env.get(envName);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return of(fromEnv);
        }
        if (file == null) {
            throw new IOException("no " + what + ": set " + envName + " or give a file holding it");
        }
        return fromFile(file, what);
    }

    /** The value, for the one place that must send it (a request header or form). */
    public String reveal() {
        return new String(open());
    }

    /** A copy of the value for APIs that take characters (a key store password); the caller overwrites it. */
    public char[] chars() {
        return open().clone();
    }

    /** Overwrites the value; the secret cannot be revealed afterwards. */
    @Override
    public void close() {
        Arrays.fill(value, '\0');
        closed = true;
    }

    private char[] open() {
        if (closed) {
            throw new IllegalStateException("the secret was closed after use");
        }
        return value;
    }

    @Override
    public String toString() {
        return "[secret]";
    }
}
