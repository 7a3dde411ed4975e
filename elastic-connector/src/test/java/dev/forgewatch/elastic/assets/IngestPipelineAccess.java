package dev.forgewatch.elastic.assets;

import java.util.List;

/** Test access to the pipeline's package-private constants. */
public final class IngestPipelineAccess {
    private IngestPipelineAccess() {
    }

    public static List<String> secretMembers() {
        return IngestPipeline.SECRET_MEMBERS;
    }
}
