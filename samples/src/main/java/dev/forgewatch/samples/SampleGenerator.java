package dev.forgewatch.samples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.io.AtomicFiles;
import dev.forgewatch.common.io.OutputFile;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.samples.out.DamagedFiles;
import dev.forgewatch.samples.out.NdjsonWriter;
import dev.forgewatch.samples.out.RecordWriter;
import dev.forgewatch.samples.out.SampleFiles;
import dev.forgewatch.samples.out.SampleLayout;
import dev.forgewatch.samples.records.ExchangeRecords;
import dev.forgewatch.samples.records.SignIn;
import dev.forgewatch.samples.records.SignInRecords;
import dev.forgewatch.samples.sim.Activity;
import dev.forgewatch.samples.sim.ContentType;
import dev.forgewatch.samples.sim.SampleCalendar;
import dev.forgewatch.samples.sim.Scenario;
import dev.forgewatch.samples.sim.ScenarioPlanner;
import dev.forgewatch.samples.sim.Simulation;
import dev.forgewatch.samples.tenant.ClientProfile;
import dev.forgewatch.samples.tenant.Randoms;
import dev.forgewatch.samples.tenant.Tenant;
import dev.forgewatch.samples.tenant.TenantFactory;
import dev.forgewatch.samples.tenant.User;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Generates the synthetic sample of a fictional tenant with a Storm-0558-style intrusion inside it,
 * byte-for-byte reproducible from its seed, and a bulk NDJSON stream of the same records for
 * benchmarks. {@code main} regenerates the shipped sample: {@code samples/data} by default.
 */
public final class SampleGenerator {
    public static final long DEFAULT_SEED = 20230515L;
    public static final int DEFAULT_MAILBOXES = 200;
    public static final int DEFAULT_DAYS = 21;
    public static final String EXPECTED_FILE = "EXPECTED.yaml";
    /** Where {@link #generate} writes in its output folder (README.md is not among them). */
    public static final List<String> GENERATED = List.of("management-api", "entra", "purview", "proxy", "portal", "damaged",
            EXPECTED_FILE);
    /**
     * The list of files a run wrote, kept in the output folder: the next run replaces those and
     * nothing else. Hidden, so a hunt over the folder does not read it.
     */
    public static final String MANIFEST = ".forgewatch-sample";
    private static final String MANIFEST_HEAD = "# written by 'forgewatch sample generate': the files it wrote here,"
            + " which its next run replaces";

    private static final long DAMAGE_SALT = 0xDA3A6EL;
    private static final int DONOR_DAY = 1;

    /** What a run wrote. */
    public record Result(List<Path> files, long activities) {
        public Result {
            files = List.copyOf(files);
        }
    }

    private SampleGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "samples/data");
        Result result = generate(out, DEFAULT_SEED, DEFAULT_MAILBOXES, DEFAULT_DAYS);
        System.out.println("wrote " + result.files().size() + " files, " + result.activities() + " records, to " + out);
    }

    public static Result generate(Path outDir, long seed, int mailboxes, int days) throws IOException {
        if (days < 2) {
            throw new IllegalArgumentException("the sample needs at least 2 days");
        }
        Tenant tenant = TenantFactory.create(seed, mailboxes);
        SampleCalendar calendar = SampleCalendar.of(days);
        Scenario scenario = ScenarioPlanner.plan(tenant, calendar, seed);
        clean(outDir); // only once the arguments proved usable, and only what an earlier run wrote
        Simulation simulation = new Simulation(tenant, calendar, scenario, seed);
        SampleLayout layout = new SampleLayout(calendar, new SignInRecords(tenant));
        ExpectedFacts facts = new ExpectedFacts(tenant, calendar, scenario, seed);
        User donor = donor(tenant, scenario);
        List<Activity.AuditRecord> copies = new ArrayList<>();
        long activities = 0;
        SampleFiles sample = new SampleFiles(outDir);
        for (int day = 0; day < days; day++) {
            List<Activity> today = new ArrayList<>();
            simulation.day(day, today::add);
            today.sort(Comparator.comparing(Activity::time));
            for (Activity activity : today) {
                sample.write(layout.route(activity, day), activity, day);
                facts.observe(activity);
                if (day == DONOR_DAY && isExchangeRecordOf(activity, donor) && copies.size() < 3) {
                    copies.add((Activity.AuditRecord) activity);
                }
            }
            activities += today.size();
            sample.closeIdle(day);
        }
        sample.close();
        List<Path> files = new ArrayList<>(sample.written());
        List<DamagedFiles.Damage> damages = DamagedFiles.write(outDir, copies.stream().map(Activity.AuditRecord::record).toList(),
                new ExchangeRecords(tenant), donor, copies.get(2).time().plusSeconds(90),
                Randoms.guid(Randoms.stream(seed, DAMAGE_SALT, 0, 0)));
        for (DamagedFiles.Damage damage : damages) {
            files.add(outDir.resolve(damage.file()));
        }
        Path expected = outDir.resolve(EXPECTED_FILE);
        AtomicFiles.writeString(expected, Json.YAML.writeValueAsString(facts.toJson(mailboxes, damages)));
        files.add(expected);
        StringBuilder manifest = new StringBuilder(MANIFEST_HEAD).append('\n');
        files.stream().map(file -> relative(outDir, file)).sorted().forEach(name -> manifest.append(name).append('\n'));
        AtomicFiles.writeString(outDir.resolve(MANIFEST), manifest);
        return new Result(files, activities);
    }

    /**
     * Writes {@code events} audit, sign-in and edge-proxy records as NDJSON ({@code .gz} when the file name ends
     * so), day after day of a tenant sized to the volume, in flat memory: nothing is buffered
     * beyond one record. Records are grouped by user within a day, not time-ordered.
     */
    public static long generateBulk(Path file, long seed, long events) throws IOException {
        if (events < 1) {
            throw new IllegalArgumentException("events must be positive");
        }
        int mailboxes = (int) Math.max(DEFAULT_MAILBOXES, Math.min(20_000, events / 300));
        Tenant tenant = TenantFactory.create(seed, mailboxes);
        SampleCalendar calendar = SampleCalendar.of(DEFAULT_DAYS);
        Simulation simulation = new Simulation(tenant, calendar, ScenarioPlanner.plan(tenant, calendar, seed), seed);
        SignInRecords signIns = new SignInRecords(tenant);
        Function<Activity, JsonNode> render = activity -> bulkLine(signIns, activity);
        long[] written = {0};
        // written whole: a temp file renamed into place at the end (a device such as /dev/null is written directly)
        try (OutputFile target = OutputFile.open(file)) {
            OutputStream stream = target.stream();
            if (file.getFileName().toString().endsWith(".gz")) {
                stream = fastGzip(stream);
            }
            try (RecordWriter out = new NdjsonWriter(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 20),
                    render)) {
                for (int day = 0; written[0] < events; day++) {
                    simulation.day(day, activity -> {
                        // The portal's access log is text, not NDJSON: the bulk file leaves it out.
                        if (written[0] < events && !(activity instanceof Activity.PortalRequest)) {
                            write(out, activity);
                            written[0]++;
                        }
                    });
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            target.commit();
        }
        return written[0];
    }

    /** Gzip at its fastest level: deflate, not record building, is what limits bulk throughput. */
    private static OutputStream fastGzip(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    /**
     * Audit records and edge-proxy records as they are; interactive sign-ins in the Graph shape, the
     * others as Azure Monitor records.
     */
    private static JsonNode bulkLine(SignInRecords signIns, Activity activity) {
        if (activity instanceof Activity.AuditRecord audit) {
            return audit.record();
        }
        if (activity instanceof Activity.EdgeRequest edge) {
            return edge.record();
        }
        if (activity instanceof Activity.AppSignInActivity app) {
            return signIns.monitor(app.signIn());
        }
        SignIn signIn = ((Activity.SignInActivity) activity).signIn();
        return signIn.interactive() ? signIns.graph(signIn) : signIns.monitor(signIn);
    }

    private static void write(RecordWriter out, Activity activity) {
        try {
            out.write(activity);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A clean desktop user whose day-two records are re-delivered in the damaged files. */
    private static User donor(Tenant tenant, Scenario scenario) {
        return tenant.users().stream()
                .filter(user -> !user.senior() && !scenario.licenceGap().contains(user)
                        && user.primary().profile() == ClientProfile.OUTLOOK_DESKTOP)
                .findFirst().orElseThrow();
    }

    private static boolean isExchangeRecordOf(Activity activity, User user) {
        return activity instanceof Activity.AuditRecord audit && audit.contentType() == ContentType.AUDIT_EXCHANGE
                && audit.mailbox().equals(user.upn()) && audit.record().path("UserId").asText().equals(user.upn());
    }

    /** A sample's output folder holds files that an earlier run did not write: nothing is replaced. */
    public static final class ForeignFilesException extends IOException {
        ForeignFilesException(Path outDir, List<String> foreign) {
            super(outDir + " holds files that 'sample generate' did not write where it writes ("
                    + String.join(", ", foreign.subList(0, Math.min(3, foreign.size())))
                    + (foreign.size() > 3 ? ", and " + (foreign.size() - 3) + " more" : "")
                    + "); move them away or choose another --out (nothing was changed)");
        }
    }

    /**
     * Removes what the previous run wrote ({@link #MANIFEST}) so the new sample replaces it; refuses,
     * before removing anything, when the folders the sample is written to hold any other file.
     */
    private static void clean(Path outDir) throws IOException {
        Set<String> ours = new HashSet<>();
        Path manifest = outDir.resolve(MANIFEST);
        if (Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
            for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    ours.add(line.strip());
                }
            }
        }
        List<Path> files = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        for (String name : GENERATED) {
            Path path = outDir.resolve(name);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path entry : (Iterable<Path>) walk::iterator) {
                    if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                        folders.add(entry);
                    } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) && ours.contains(relative(outDir, entry))) {
                        files.add(entry);
                    } else {
                        foreign.add(relative(outDir, entry));
                    }
                }
            }
        }
        if (!foreign.isEmpty()) {
            throw new ForeignFilesException(outDir, foreign);
        }
        for (Path file : files) {
            Files.delete(file);
        }
        folders.sort(Comparator.reverseOrder());
        for (Path folder : folders) {
            Files.delete(folder); // empty now: it held only files this generator wrote
        }
        Files.deleteIfExists(manifest);
    }

    private static String relative(Path outDir, Path file) {
        return outDir.relativize(file).toString().replace('\\', '/');
    }
}
