package dev.forgewatch.cli.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.cli.Args;
import dev.forgewatch.cli.Command;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.cli.Terminal;
import dev.forgewatch.cli.UsageException;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Redactor;
import dev.forgewatch.token.TokenInspection;
import dev.forgewatch.token.inspect.TokenReport;
import dev.forgewatch.token.ledger.CompromisedKeys;
import dev.forgewatch.token.ledger.FetchedJwks;
import dev.forgewatch.token.ledger.JwksFetchException;
import dev.forgewatch.token.ledger.JwksFetcher;
import dev.forgewatch.token.ledger.KeyLedger;
import dev.forgewatch.token.ledger.LedgerCodec;
import dev.forgewatch.token.ledger.LedgerException;
import dev.forgewatch.token.ledger.LedgerFiles;
import dev.forgewatch.token.ledger.LedgerMerger;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code forgewatch keys list|refresh|inspect}: the signing-key ledger and token inspection by hand.
 * Only {@code refresh} uses the network. Tokens are read from stdin or a file, never from an
 * argument (arguments end up in shell history and process lists).
 */
public final class KeysCommand implements Command {
    /** Microsoft's key documents: what {@code refresh} fetches when no --url is given. */
    static final List<String> MICROSOFT_ENDPOINTS = List.of(
            "https://login.microsoftonline.com/common/discovery/v2.0/keys",
            "https://login.microsoftonline.com/organizations/discovery/v2.0/keys",
            "https://login.microsoftonline.com/consumers/discovery/v2.0/keys",
            "https://login.microsoftonline.com/common/discovery/keys");
    private static final int MAX_INPUT_BYTES = 1024 * 1024;

    /** How refresh makes its fetcher; tests hand in one that trusts their local server. */
    @FunctionalInterface
    public interface Fetchers {
        JwksFetcher create(Duration timeout, boolean insecure);
    }

    private final Supplier<InputStream> stdin;
    private final Fetchers fetchers;
    private final Clock clock;

    public KeysCommand(Supplier<InputStream> stdin, Fetchers fetchers, Clock clock) {
        this.stdin = stdin;
        this.fetchers = fetchers;
        this.clock = clock;
    }

    public static KeysCommand standard() {
        return new KeysCommand(() -> System.in, JwksFetcher::create, Clock.systemUTC());
    }

    @Override
    public String name() {
        return "keys";
    }

    @Override
    public String summary() {
        return "list or refresh the Microsoft signing-key ledger, or inspect a token against it";
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of("url", "ledger", "timeout", "format", "at");
    }

    @Override
    public Set<String> flags() {
        return Set.of("insecure");
    }

    @Override
    public String help() {
        return """
                Usage: forgewatch keys list [--ledger FILE] [--format table|json]
                       forgewatch keys refresh [--url URL]... [--ledger FILE] [--timeout SECONDS] [--insecure]
                       forgewatch keys inspect [FILE|-] [--ledger FILE] [--at TIME] [--format table|json]

                list     prints the key ledger: every Microsoft signing key known, its scope (consumers or
                         organizations), when and where it was published, and whether it is compromised.
                refresh  fetches JWKS documents (default: Microsoft's common, organizations and consumers
                         v2.0 and common v1 key lists) and merges them into your ledger file, keeping
                         history: new keys get a first-seen date, keys that disappear get retired, none
                         is deleted. TLS is verified against the Java trust store. Run it daily to keep
                         the ledger's coverage continuous.
                inspect  reads tokens from FILE (or stdin) and prints what the ledger says about them:
                         one compact token per line (an "Authorization: Bearer" prefix is fine), or
                         JSON (a proxy's {"fingerprint","header","claims"} export, or a log record).
                         Never give a token as an argument.

                Options:
                  --ledger FILE       the ledger file (default: $FORGEWATCH_HOME/keys/ledger.json, else
                                      ~/.forgewatch/keys/ledger.json; list and inspect fall back to the
                                      snapshot shipped with ForgeWatch while it does not exist)
                  --url URL           a JWKS document to fetch (repeatable)
                  --timeout SECONDS   connect and answer timeout per URL, 1 to 300 (default: 20)
                  --insecure          do not verify TLS certificates (testing only)
                  --at TIME           judge expiry as of TIME, e.g. 2023-06-20T03:00:00Z (default: now)
                  --format table|json output format (default: table)

                Exit codes: 0 done (inspect: no findings); 1 inspect found something; 2 usage, I/O or
                fetch error.

                Examples:
                  forgewatch keys list
                  forgewatch keys refresh
                  forgewatch keys refresh --url https://login.microsoftonline.com/<tenant-id>/discovery/v2.0/keys?appid=<app-id>
                  pbpaste | forgewatch keys inspect --at 2023-06-20T03:00:00Z
                """;
    }

    @Override
    public int run(Args args, Terminal terminal) throws Exception {
        List<String> positionals = args.positionals();
        if (positionals.isEmpty()) {
            throw new UsageException("say what to do: 'keys list', 'keys refresh' or 'keys inspect'");
        }
        String action = positionals.get(0);
        List<String> rest = positionals.subList(1, positionals.size());
        boolean json = format(args);
        Path ledgerFile = args.value("ledger") != null ? Path.of(args.value("ledger")) : LedgerFiles.defaultPath(terminal.env());
        switch (action) {
            case "list":
                only(args, rest, "list", Set.of("ledger", "format"));
                return list(ledgerFile, args.value("ledger") != null, json, terminal);
            case "refresh":
                only(args, rest, "refresh", Set.of("url", "ledger", "timeout", "insecure"));
                return refresh(ledgerFile, args, terminal);
            case "inspect":
                only(args, List.of(), "inspect", Set.of("ledger", "at", "format"));
                return inspect(ledgerFile, args.value("ledger") != null, rest, args, json, terminal);
            default:
                throw new UsageException("unknown keys action '" + action + "' (expected list, refresh or inspect)");
        }
    }

    private int list(Path file, boolean explicit, boolean json, Terminal terminal) throws IOException, UsageException {
        KeyLedger ledger = ledger(file, explicit);
        if (json) {
            LedgerCodec.write(ledger, terminal.out());
            terminal.out().flush();
        } else {
            LedgerTable.print(ledger, CompromisedKeys.bundled(), describe(file, explicit), terminal.out());
        }
        return ExitCodes.OK;
    }

    private int refresh(Path file, Args args, Terminal terminal) throws IOException, UsageException {
        int timeout = args.intValue("timeout", 20, 1, 300);
        List<String> urls = args.values("url").isEmpty() ? MICROSOFT_ENDPOINTS : args.values("url");
        if (args.flag("insecure")) {
            terminal.err().println("forgewatch keys: WARNING: --insecure: TLS certificates are not verified; anyone on the path"
                    + " can feed this ledger keys");
        }
        KeyLedger ledger;
        try {
            ledger = LedgerFiles.loadOrBundled(file);
        } catch (LedgerException e) {
            throw new UsageException(e.getMessage());
        }
        JwksFetcher fetcher = fetchers.create(Duration.ofSeconds(timeout), args.flag("insecure"));
        LocalDate today = LocalDate.now(clock);
        int failed = 0;
        for (String url : urls) {
            FetchedJwks fetched;
            try {
                fetched = fetcher.fetch(url);
            } catch (JwksFetchException e) {
                terminal.err().println("forgewatch keys: " + e.getMessage());
                failed++;
                continue;
            }
            LedgerMerger.Result result = LedgerMerger.merge(ledger, fetched, today);
            ledger = result.ledger();
            terminal.out().println(url + ": " + fetched.keys().size() + " keys; " + result.added().size() + " new, "
                    + result.back().size() + " back, " + result.missing().size() + " missing (retired if still missing on a later day), "
                    + result.retired().size() + " retired" + names(" new", result.added()) + names(" retired", result.retired()));
            for (String skipped : fetched.skipped()) {
                terminal.out().println("  skipped " + skipped);
            }
            for (String note : result.notes()) {
                terminal.out().println("  note: " + note);
            }
        }
        if (failed == urls.size()) {
            terminal.err().println("forgewatch keys: nothing fetched; " + file + " is unchanged");
            return ExitCodes.ERROR;
        }
        LedgerFiles.save(ledger, file);
        terminal.out().println("Ledger written to " + file + " (" + ledger.keys().size() + " keys)");
        return failed == 0 ? ExitCodes.OK : ExitCodes.ERROR;
    }

    private int inspect(Path file, boolean explicit, List<String> inputs, Args args, boolean json, Terminal terminal)
            throws IOException, UsageException {
        if (inputs.size() > 1) {
            throw new UsageException("give one file (or - for stdin)");
        }
        String input = inputs.isEmpty() ? "-" : inputs.get(0);
        if (!input.equals("-") && (input.contains("eyJ") || Redactor.containsToken(input))) {
            throw new UsageException("that argument looks like a token; give tokens on stdin or in a file, never as an argument"
                    + " (arguments end up in shell history and process lists)");
        }
        Instant at = at(args);
        String content = read(input);
        TokenInspection inspection = TokenInspection.withLedger(ledger(file, explicit));
        List<TokenReport> reports = new ArrayList<>();
        String trimmed = content.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(trimmed);
            } catch (JsonProcessingException e) {
                throw new UsageException("the input starts like JSON but is not valid JSON (line " + e.getLocation().getLineNr() + ")");
            }
            for (JsonNode element : node.isArray() ? node : List.of(node)) {
                JsonNode record = element.has("fingerprint") ? Json.MAPPER.createObjectNode().set("token", element) : element;
                reports.addAll(inspection.inspect(record, at));
            }
        } else {
            for (String line : trimmed.split("\\R")) {
                String token = bearer(line);
                if (!token.isEmpty()) {
                    reports.add(inspection.inspect(token, at));
                }
            }
        }
        if (reports.isEmpty()) {
            throw new UsageException("no token found in the input");
        }
        if (json) {
            ReportPrinter.json(reports, terminal.out());
        } else {
            ReportPrinter.table(reports, terminal.out());
        }
        terminal.out().flush();
        return reports.stream().anyMatch(report -> !report.findings().isEmpty()) ? ExitCodes.FOUND : ExitCodes.OK;
    }

    /** The token of a line: without an {@code Authorization:} name or a {@code Bearer} scheme. */
    private static String bearer(String line) {
        String text = line.strip();
        if (text.regionMatches(true, 0, "Authorization:", 0, 14)) {
            text = text.substring(14).strip();
        }
        if (text.regionMatches(true, 0, "Bearer ", 0, 7)) {
            text = text.substring(7).strip();
        }
        return text;
    }

    private String read(String input) throws IOException, UsageException {
        byte[] bytes;
        if (input.equals("-")) {
            bytes = stdin.get().readNBytes(MAX_INPUT_BYTES + 1);
        } else {
            Path path = Path.of(input);
            if (!Files.isRegularFile(path)) {
                throw new UsageException("no such file: " + input);
            }
            try (InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes(MAX_INPUT_BYTES + 1);
            }
        }
        if (bytes.length > MAX_INPUT_BYTES) {
            throw new UsageException("the input is over " + MAX_INPUT_BYTES / 1024 + " KiB; inspect tokens, not whole logs (use hunt)");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private KeyLedger ledger(Path file, boolean explicit) throws IOException, UsageException {
        try {
            if (explicit && !Files.exists(file)) {
                throw new UsageException("no such ledger file: " + file);
            }
            return LedgerFiles.loadOrBundled(file);
        } catch (LedgerException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String describe(Path file, boolean explicit) {
        return explicit || Files.exists(file) ? file.toString() : "the snapshot shipped with ForgeWatch (no " + file + " yet)";
    }

    private Instant at(Args args) throws UsageException {
        String text = args.value("at");
        if (text == null) {
            return clock.instant();
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new UsageException("--at must be a UTC time like 2023-06-20T03:00:00Z, got '" + text + "'");
        }
    }

    private static boolean format(Args args) throws UsageException {
        String format = args.value("format", "table");
        if (!format.equals("table") && !format.equals("json")) {
            throw new UsageException("--format must be table or json, got '" + format + "'");
        }
        return format.equals("json");
    }

    /** Rejects options and arguments that belong to another action, so a typo is not silently ignored. */
    private static void only(Args args, List<String> extra, String action, Set<String> allowed) throws UsageException {
        if (!extra.isEmpty()) {
            throw new UsageException("'keys " + action + "' takes no arguments");
        }
        for (String option : List.of("url", "ledger", "timeout", "format", "at", "insecure")) {
            if (!allowed.contains(option) && (args.value(option) != null || args.flag(option))) {
                throw new UsageException("--" + option + " does not apply to 'keys " + action + "'");
            }
        }
    }

    private static String names(String label, List<String> kids) {
        return kids.isEmpty() ? "" : ";" + label + ": " + String.join(", ", kids);
    }
}
