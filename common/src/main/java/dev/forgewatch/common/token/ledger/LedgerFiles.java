package dev.forgewatch.common.token.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** Where a user's own ledger lives and how it is read and (atomically) written. */
public final class LedgerFiles {
    private LedgerFiles() {
    }

    /** {@code $FORGEWATCH_HOME/keys/ledger.json}, else {@code ~/.forgewatch/keys/ledger.json}. */
    public static Path defaultPath(Map<String, String> env) {
        String home = env.get("FORGEWATCH_HOME");
        Path base = home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".forgewatch");
        return base.resolve("keys").resolve("ledger.json");
    }

    public static KeyLedger load(Path file) throws IOException, LedgerException {
        try (InputStream in = Files.newInputStream(file)) {
            return LedgerCodec.read(in, file.toString());
        }
    }

    /** The ledger in the file, or the bundled snapshot when the file does not exist yet. */
    public static KeyLedger loadOrBundled(Path file) throws IOException, LedgerException {
        return Files.exists(file) ? load(file) : KeyLedger.bundled();
    }

    /** Writes next to the target and renames, so a crash never leaves half a ledger. */
    public static void save(KeyLedger ledger, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, ".ledger-", ".json.tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                LedgerCodec.write(ledger, out);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
