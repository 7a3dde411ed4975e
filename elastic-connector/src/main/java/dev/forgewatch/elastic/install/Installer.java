package dev.forgewatch.elastic.install;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.elastic.assets.Asset;
import dev.forgewatch.elastic.assets.ClusterAssets;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Installs ForgeWatch's assets idempotently: creates what is missing, updates what ForgeWatch
 * installed and has since changed in ForgeWatch, leaves alone what is current, and refuses (unless
 * forced) to overwrite an asset someone changed on the cluster or that ForgeWatch never installed.
 */
public final class Installer {
    private final AssetStore store;

    public Installer(AssetStore store) {
        this.store = store;
    }

    public InstallReport install(String cluster, ClusterAssets assets, boolean force) throws IOException {
        List<InstallReport.Item> items = new ArrayList<>();
        for (Asset asset : assets.assets()) {
            items.add(new InstallReport.Item(asset.describe(), installOne(asset, force)));
        }
        return new InstallReport(cluster, items, assets.skipped());
    }

    private InstallReport.Outcome installOne(Asset asset, boolean force) throws IOException {
        Optional<ObjectNode> current = store.get(asset.kind(), asset.name());
        if (current.isEmpty()) {
            write(asset);
            return InstallReport.Outcome.CREATED;
        }
        OwnershipMarker marker = OwnershipMarker.read(asset.kind(), current.get());
        boolean ours = marker != null;
        boolean untouched = ours && marker.installed().equals(OwnershipMarker.renditionHash(asset.kind(), current.get()));
        if (!untouched) {
            if (!force) {
                return ours ? InstallReport.Outcome.KEPT_MODIFIED : InstallReport.Outcome.KEPT_FOREIGN;
            }
            write(asset);
            return InstallReport.Outcome.OVERWRITTEN;
        }
        if (marker.source().equals(asset.sourceHash())) {
            return InstallReport.Outcome.UNCHANGED;
        }
        write(asset);
        return InstallReport.Outcome.UPDATED;
    }

    /**
     * Two writes: the cluster normalizes what it stores (settings as strings, defaults filled in), so
     * the hash of its rendition can only be known after the first; the second records it.
     */
    private void write(Asset asset) throws IOException {
        String source = asset.sourceHash();
        store.put(asset.kind(), asset.name(), new OwnershipMarker(source, "").applyTo(asset.kind(), asset.body()));
        ObjectNode rendition = store.get(asset.kind(), asset.name())
                .orElseThrow(() -> new IOException(asset.describe() + " vanished right after it was written"));
        String installed = OwnershipMarker.renditionHash(asset.kind(), rendition);
        store.put(asset.kind(), asset.name(), new OwnershipMarker(source, installed).applyTo(asset.kind(), asset.body()));
    }
}
