package dev.forgewatch.cli.sample;

import dev.forgewatch.cli.Args;
import dev.forgewatch.cli.Command;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.cli.Terminal;
import dev.forgewatch.cli.UsageException;
import dev.forgewatch.samples.SampleGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * {@code forgewatch sample generate|bulk}: writes the synthetic sample tenant (the data ForgeWatch
 * ships) or a large NDJSON stream of the same kind of records for benchmarks.
 */
public final class SampleCommand implements Command {
    @Override
    public String name() {
        return "sample";
    }

    @Override
    public String summary() {
        return "generate the synthetic sample tenant, or a bulk NDJSON stream for benchmarks";
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of("out", "seed", "mailboxes", "days", "events");
    }

    @Override
    public Set<String> flags() {
        return Set.of();
    }

    @Override
    public String help() {
        return String.format(Locale.ROOT, """
                Usage: forgewatch sample generate --out DIR [--seed N] [--mailboxes N] [--days N]
                       forgewatch sample bulk --out FILE --events N [--seed N]

                generate  writes the synthetic sample: a fictional tenant's Management Activity API
                          content blobs, Entra sign-ins (Graph and Azure Monitor shapes), a Purview CSV
                          export, damaged files and EXPECTED.yaml (the planted scenario), starting
                          15 May 2023. The same seed gives the same files, byte for byte. It lists
                          what it wrote in DIR/.forgewatch-sample and replaces exactly those files on
                          its next run; if the folders it writes to (management-api, entra, purview,
                          proxy, portal, damaged) hold any other file, it refuses and changes nothing.
                          Other files in DIR are left alone.
                bulk      writes N audit and sign-in records as NDJSON (gzipped when FILE ends in .gz),
                          in flat memory, for benchmarks.

                Options:
                  --out DIR|FILE   where to write (required)
                  --seed N         random seed (default: %d, the shipped sample)
                  --mailboxes N    mailboxes in the tenant, 50 to 100000 (default: %d)
                  --days N         days simulated, 7 to 366 (default: %d)
                  --events N       records to write in bulk mode, 1 to 10000000000

                Examples:
                  forgewatch sample generate --out samples/data
                  forgewatch sample bulk --out /tmp/bench.ndjson.gz --events 5000000
                """, SampleGenerator.DEFAULT_SEED, SampleGenerator.DEFAULT_MAILBOXES, SampleGenerator.DEFAULT_DAYS);
    }

    @Override
    public int run(Args args, Terminal terminal) throws Exception {
        if (args.positionals().size() != 1) {
            throw new UsageException("say what to do: 'sample generate' or 'sample bulk'");
        }
        String out = args.value("out");
        if (out == null) {
            throw new UsageException("--out is required");
        }
        long seed = args.longValue("seed", SampleGenerator.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        switch (args.positionals().get(0)) {
            case "generate":
                return generate(Path.of(out), seed, args, terminal);
            case "bulk":
                return bulk(Path.of(out), seed, args, terminal);
            default:
                throw new UsageException("unknown sample action '" + args.positionals().get(0) + "' (expected generate or bulk)");
        }
    }

    private static int generate(Path out, long seed, Args args, Terminal terminal) throws UsageException, IOException {
        int mailboxes = args.intValue("mailboxes", SampleGenerator.DEFAULT_MAILBOXES, 50, 100_000);
        int days = args.intValue("days", SampleGenerator.DEFAULT_DAYS, 7, 366);
        if (args.value("events") != null) {
            throw new UsageException("--events belongs to 'sample bulk'");
        }
        SampleGenerator.Result result;
        try {
            result = SampleGenerator.generate(out, seed, mailboxes, days);
        } catch (SampleGenerator.ForeignFilesException e) {
            throw new UsageException(e.getMessage());
        }
        long bytes = 0;
        for (Path file : result.files()) {
            bytes += Files.size(file);
        }
        terminal.err().printf(Locale.ROOT, "forgewatch sample: wrote %d files (%,d bytes), %,d records, to %s%n",
                result.files().size(), bytes, result.activities(), out);
        return ExitCodes.OK;
    }

    private static int bulk(Path out, long seed, Args args, Terminal terminal) throws UsageException, IOException {
        if (args.value("events") == null) {
            throw new UsageException("--events is required for 'sample bulk'");
        }
        if (args.value("mailboxes") != null || args.value("days") != null) {
            throw new UsageException("--mailboxes and --days belong to 'sample generate' (bulk sizes the tenant to --events)");
        }
        long events = args.longValue("events", 0, 1, 10_000_000_000L);
        long written = SampleGenerator.generateBulk(out, seed, events);
        terminal.err().printf(Locale.ROOT, "forgewatch sample: wrote %,d records (%,d bytes) to %s%n", written, Files.size(out), out);
        return ExitCodes.OK;
    }
}
