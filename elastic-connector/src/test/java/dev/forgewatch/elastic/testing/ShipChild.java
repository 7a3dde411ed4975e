package dev.forgewatch.elastic.testing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.forgewatch.common.delivery.Checkpoint;
import dev.forgewatch.common.delivery.ShipRun;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.elastic.client.ClusterTarget;
import dev.forgewatch.elastic.client.ElasticClients;
import dev.forgewatch.elastic.ship.BulkShipper;
import dev.forgewatch.elastic.ship.ShipOptions;
import dev.forgewatch.esnode.Es7CompatCallback;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A shipper in a JVM of its own, for tests that kill it mid-run: {@code URL CHECKPOINT BATCH_DOCS FILE...}
 * ships the files to the cluster at URL, recording finished files in the checkpoint.
 */
public final class ShipChild {
    private ShipChild() {
    }

    public static void main(String[] args) throws Exception {
        FieldCatalog catalog = FieldCatalog.standard();
        ElasticsearchClient client = ElasticClients.create(ClusterTarget.plain(args[0]), new Es7CompatCallback());
        ShipOptions options = ShipOptions.DEFAULT.withBatchDocs(Integer.parseInt(args[2]));
        List<Path> files = Arrays.stream(args).skip(3).map(Path::of).toList();
        try {
            new ShipRun(new InputOpener(IngestLimits.DEFAULT, LineParser.NONE), new Normalizer(catalog, TokenObserver.NONE),
                    QuarantineSink.DISCARD, new BulkShipper(client, new EcsMapper(catalog), options, millis -> { }),
                    Checkpoint.open(Path.of(args[1]))).ship(files);
        } finally {
            client._transport().close();
        }
    }
}
