package dev.forgewatch.cli.hunt;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import dev.forgewatch.detections.Detector;
import dev.forgewatch.detections.Finding;
import java.util.function.Consumer;

/** The parts a hunt is assembled from; {@link #standard()} is what ships. */
public record HuntSetup(FieldCatalog catalog, InputOpener opener, Normalizer normalizer, Detector detector) {

    public static HuntSetup standard() {
        FieldCatalog catalog = FieldCatalog.standard();
        return new HuntSetup(catalog, new InputOpener(IngestLimits.DEFAULT, LineParser.NONE),
                Normalizer.lean(catalog, TokenObserver.NONE), new NoDetections());
    }

    /** Placeholder until the rule pack is wired in: reads everything, finds nothing. */
    private static final class NoDetections implements Detector {
        @Override
        public void accept(CanonicalEvent event, Consumer<Finding> findings) {
        }

        @Override
        public void finish(Consumer<Finding> findings) {
        }
    }
}
