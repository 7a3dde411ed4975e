package dev.forgewatch.token.ledger;

import dev.forgewatch.common.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Writes atomically and durably, so neither a crash nor a power cut leaves half a ledger. */
    public static void save(KeyLedger ledger, Path file) throws IOException {
        AtomicFiles.write(file, out -> LedgerCodec.write(ledger, out));
    }
}
