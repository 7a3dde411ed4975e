package dev.forgewatch.elastic.assets;

import dev.forgewatch.common.mapping.FieldCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything ForgeWatch installs into Elasticsearch for one cluster profile, and what it leaves out
 * because the cluster lacks the feature.
 */
public record ClusterAssets(List<Asset> assets, List<String> skipped) {
    public ClusterAssets {
        assets = List.copyOf(assets);
        skipped = List.copyOf(skipped);
    }

    /**
     * @param replicas {@code index.number_of_replicas} for ForgeWatch indices, or null for the cluster's
     *                 default (a single-node test cluster wants 0)
     */
    public static ClusterAssets of(FieldCatalog catalog, ClusterProfile profile, Integer replicas) {
        List<Asset> assets = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        if (profile.ilm()) {
            assets.add(new Asset(AssetKind.ILM_POLICY, EcsTemplates.ILM_POLICY, EcsTemplates.ilmPolicy()));
        } else {
            skipped.add("ILM policy " + EcsTemplates.ILM_POLICY + ": Elasticsearch " + profile.version()
                    + " has no index lifecycle management here; indices are not rolled over or deleted");
        }
        if (!profile.dataStreams()) {
            skipped.add("data streams: Elasticsearch " + profile.version() + " has none here; "
                    + EcsTemplates.INDEX_PATTERN + " are plain indices");
        }
        assets.add(new Asset(AssetKind.COMPONENT_TEMPLATE, EcsTemplates.SETTINGS,
                EcsTemplates.settingsComponent(profile, replicas)));
        assets.add(new Asset(AssetKind.COMPONENT_TEMPLATE, EcsTemplates.MAPPINGS,
                EcsTemplates.mappingsComponent(catalog, profile)));
        assets.add(new Asset(AssetKind.INDEX_TEMPLATE, EcsTemplates.INDEX_TEMPLATE, EcsTemplates.indexTemplate(profile)));
        assets.add(new Asset(AssetKind.INGEST_PIPELINE, IngestPipeline.NAME, IngestPipeline.definition(catalog)));
        return new ClusterAssets(assets, skipped);
    }
}
