package dev.forgewatch.cli.hunt;

import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.detections.Detector;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.token.TokenInspection;
import dev.forgewatch.token.extract.AccessLogParser;
import dev.forgewatch.token.ledger.KeyLedger;
import dev.forgewatch.token.ledger.LedgerException;
import dev.forgewatch.token.ledger.LedgerFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The parts a hunt is assembled from; {@link #standard()} is what ships. Detectors keep state, so
 * each run gets a fresh one from {@code detectors}.
 */
public record HuntSetup(FieldCatalog catalog, InputOpener opener, Normalizer normalizer, Supplier<Detector> detectors) {

    /** The shipped set-up, with the bundled signing-key ledger. */
    public static HuntSetup standard() {
        return withLedger(KeyLedger.bundled());
    }

    /**
     * The shipped set-up with the ledger a user keeps up to date ({@code forgewatch keys refresh}
     * writes it to {@code $FORGEWATCH_HOME/keys/ledger.json}), or the bundled one when there is none.
     */
    public static HuntSetup forUser(Map<String, String> env, Path ledgerFile) throws IOException, LedgerException {
        return withLedger(LedgerFiles.loadOrBundled(ledgerFile != null ? ledgerFile : LedgerFiles.defaultPath(env)));
    }

    private static HuntSetup withLedger(KeyLedger ledger) {
        FieldCatalog catalog = FieldCatalog.standard();
        return new HuntSetup(catalog, new InputOpener(IngestLimits.DEFAULT, new AccessLogParser()),
                Normalizer.lean(catalog, TokenInspection.withLedger(ledger)), () -> RulePack.standard().newDetector());
    }
}
