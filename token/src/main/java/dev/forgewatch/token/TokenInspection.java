package dev.forgewatch.token;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.normalize.TokenObserver;
import dev.forgewatch.token.extract.ExtractionSettings;
import dev.forgewatch.token.extract.FoundToken;
import dev.forgewatch.token.extract.TokenExtractor;
import dev.forgewatch.token.inspect.InspectionPolicy;
import dev.forgewatch.token.inspect.TokenInspector;
import dev.forgewatch.token.inspect.TokenReport;
import dev.forgewatch.token.ledger.CompromisedKeys;
import dev.forgewatch.token.ledger.KeyLedger;
import dev.forgewatch.token.parse.TokenParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Token inspection as the normalizer uses it: finds the tokens in an app/proxy record, inspects
 * each (once per distinct token, thanks to the cache) and returns their {@code token_*} fields.
 * {@link #standard()} is the shipped configuration: the bundled key ledger and IOC list, default
 * policy and extraction settings.
 */
public final class TokenInspection implements TokenObserver {
    public static final int DEFAULT_CACHE_SIZE = 8192;

    private final TokenExtractor extractor;
    private final TokenParser parser;
    private final TokenInspector inspector;
    private final AnalysisCache cache;

    public TokenInspection(TokenExtractor extractor, TokenParser parser, TokenInspector inspector, int cacheSize) {
        this.extractor = extractor;
        this.parser = parser;
        this.inspector = inspector;
        this.cache = new AnalysisCache(cacheSize);
    }

    public static TokenInspection standard() {
        return withLedger(KeyLedger.bundled());
    }

    /** The shipped configuration with another ledger (one {@code forgewatch keys refresh} wrote). */
    public static TokenInspection withLedger(KeyLedger ledger) {
        return new TokenInspection(new TokenExtractor(ExtractionSettings.DEFAULT), new TokenParser(),
                new TokenInspector(ledger, CompromisedKeys.bundled(), InspectionPolicy.DEFAULT), DEFAULT_CACHE_SIZE);
    }

    public KeyLedger ledger() {
        return inspector.ledger();
    }

    @Override
    public List<Map<String, Object>> observe(JsonNode record, Instant seenAt) {
        List<FoundToken> found = extractor.extract(record);
        if (found.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> tokens = new ArrayList<>(found.size());
        for (FoundToken token : found) {
            tokens.add(analysis(token).fieldsAt(seenAt));
        }
        return tokens;
    }

    /** Every token a record carries, fully reported (for {@code forgewatch keys inspect}). */
    public List<TokenReport> inspect(JsonNode record, Instant seenAt) {
        List<TokenReport> reports = new ArrayList<>();
        for (FoundToken token : extractor.extract(record)) {
            reports.add(analysis(token).at(seenAt));
        }
        return reports;
    }

    /** One compact token (a secret: the caller must not keep or print it). */
    public TokenReport inspect(String token, Instant seenAt) {
        return analysis(new FoundToken.Compact(token)).at(seenAt);
    }

    private TokenInspector.Analysis analysis(FoundToken token) {
        if (token instanceof FoundToken.Reduced reduced) {
            // No signature to verify, so nothing expensive to save: not cached.
            return inspector.analyze(parser.reduced(reduced.export()));
        }
        String compact = ((FoundToken.Compact) token).token();
        TokenInspector.Analysis analysis = cache.get(compact);
        if (analysis == null) {
            analysis = inspector.analyze(parser.parse(compact));
            cache.put(compact, analysis);
        }
        return analysis;
    }
}
