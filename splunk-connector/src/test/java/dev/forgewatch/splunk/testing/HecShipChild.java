package dev.forgewatch.splunk.testing;

import dev.forgewatch.common.delivery.Checkpoint;
import dev.forgewatch.common.delivery.ShipRun;
import dev.forgewatch.common.http.HttpTransport;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.common.retry.Sleeper;
import dev.forgewatch.common.secret.Secret;
import dev.forgewatch.common.tls.TlsOptions;
import dev.forgewatch.splunk.hec.HecClient;
import dev.forgewatch.splunk.hec.HecEvents;
import dev.forgewatch.splunk.hec.HecSettings;
import dev.forgewatch.splunk.hec.HecShipper;
import dev.forgewatch.splunk.hec.HecSink;
import dev.forgewatch.splunk.http.SplunkHttp;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A HEC shipper in a JVM of its own, for tests that kill it mid-run: {@code HEC_URL CHECKPOINT FILE...}
 * with the token in {@value #TOKEN_ENV}; ships the files with the given checkpoint.
 */
public final class HecShipChild {
    public static final String TOKEN_ENV = "FORGEWATCH_TEST_HEC_TOKEN";
    /** Small batches, so that a file takes many requests. */
    public static final HecSettings SETTINGS = new HecSettings(100, 512 * 1024, 3, 8, 60, Duration.ofMillis(10),
            Duration.ofMillis(100));

    private HecShipChild() {
    }

    public static void main(String[] args) throws Exception {
        FieldCatalog catalog = FieldCatalog.standard();
        HttpTransport http = SplunkHttp.transport(TlsOptions.VERIFY, Duration.ofSeconds(5), Duration.ofSeconds(30));
        HecShipper shipper = new HecShipper(new HecClient(http, URI.create(args[0]), Secret.of(System.getenv(TOKEN_ENV)),
                "9f8e7d6c-5b4a-4392-8a1b-0c9d8e7f6a5b"), SETTINGS, Sleeper.REAL);
        List<Path> files = Arrays.stream(args).skip(2).map(Path::of).toList();
        new ShipRun(new InputOpener(IngestLimits.DEFAULT, LineParser.NONE), new Normalizer(catalog, TokenObserver.NONE),
                QuarantineSink.DISCARD, new HecSink(shipper, new HecEvents(new EcsMapper(catalog)), null, null),
                Checkpoint.open(Path.of(args[1]))).ship(files);
        shipper.finish();
    }
}
