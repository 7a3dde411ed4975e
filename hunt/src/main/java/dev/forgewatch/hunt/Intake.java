package dev.forgewatch.hunt;

import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.token.TokenInspection;
import dev.forgewatch.token.extract.AccessLogParser;
import dev.forgewatch.token.ledger.KeyLedger;
import dev.forgewatch.token.ledger.LedgerException;
import dev.forgewatch.token.ledger.LedgerFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The front of every pipeline: raw files read by common's readers (app and proxy log lines parsed
 * for bearer tokens), records normalized into canonical events with their tokens inspected against
 * a signing-key ledger. The one place common is wired to the token module; the hunt, the shippers,
 * the Elastic demo and the Logstash filter all start here.
 */
public record Intake(FieldCatalog catalog, KeyLedger ledger) {

    /** The shipped catalog and the signing-key ledger bundled in ForgeWatch. */
    public static Intake standard() {
        return new Intake(FieldCatalog.standard(), KeyLedger.bundled());
    }

    /**
     * The ledger a user keeps up to date ({@code forgewatch keys refresh} writes it to
     * {@code $FORGEWATCH_HOME/keys/ledger.json}), or {@code ledgerFile} when given, else the bundled one.
     */
    public static Intake forUser(Map<String, String> env, Path ledgerFile) throws IOException, LedgerException {
        return new Intake(FieldCatalog.standard(),
                LedgerFiles.loadOrBundled(ledgerFile != null ? ledgerFile : LedgerFiles.defaultPath(env)));
    }

    public InputOpener opener() {
        return new InputOpener(IngestLimits.DEFAULT, new AccessLogParser());
    }

    /** Events keep their record's raw bag ({@code forgewatch.raw}), as documents shipped to a SIEM do. */
    public Normalizer normalizer() {
        return new Normalizer(catalog, TokenInspection.withLedger(ledger));
    }

    /** Events carry canonical fields only: the hunt sorts them, and holding raw records would multiply its memory. */
    public Normalizer leanNormalizer() {
        return Normalizer.lean(catalog, TokenInspection.withLedger(ledger));
    }
}
