package dev.forgewatch.elastic.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.elastic.assets.AssetKind;
import dev.forgewatch.elastic.assets.Hashes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an installed asset says it is ForgeWatch's, and what was installed: {@code source} is the hash
 * of the body ForgeWatch generated, {@code installed} the hash of the asset as the cluster rendered it
 * right after installing. A rendition whose hash differs from {@code installed} was changed by someone.
 * Templates and ILM policies keep the marker in {@code _meta.forgewatch}; ingest pipelines in a suffix
 * of their description, since {@code _meta} on pipelines needs a newer Elasticsearch than 7.10.
 */
record OwnershipMarker(String source, String installed) {
    private static final Pattern IN_DESCRIPTION = Pattern.compile(" \\[forgewatch source=([0-9a-f]+) installed=([0-9a-f]*)\\]$");

    /** The marker of an installed asset, or null when it carries none (not installed by ForgeWatch). */
    static OwnershipMarker read(AssetKind kind, JsonNode rendition) {
        if (kind == AssetKind.INGEST_PIPELINE) {
            Matcher matcher = IN_DESCRIPTION.matcher(rendition.path("description").asText(""));
            return matcher.find() ? new OwnershipMarker(matcher.group(1), matcher.group(2)) : null;
        }
        JsonNode marker = rendition.path("_meta").path("forgewatch");
        return marker.isObject() ? new OwnershipMarker(marker.path("source").asText(), marker.path("installed").asText()) : null;
    }

    /** The body with this marker added. */
    ObjectNode applyTo(AssetKind kind, ObjectNode body) {
        ObjectNode marked = body.deepCopy();
        if (kind == AssetKind.INGEST_PIPELINE) {
            marked.put("description", marked.path("description").asText("") + " [forgewatch source=" + source
                    + " installed=" + installed + "]");
        } else {
            ObjectNode meta = marked.has("_meta") ? (ObjectNode) marked.get("_meta") : marked.putObject("_meta");
            meta.put("managed_by", "forgewatch");
            meta.putObject("forgewatch").put("source", source).put("installed", installed);
        }
        return marked;
    }

    /** Hash of a rendition without the marker, so installing the marker itself changes nothing. */
    static String renditionHash(AssetKind kind, ObjectNode rendition) {
        ObjectNode copy = rendition.deepCopy();
        if (kind == AssetKind.INGEST_PIPELINE) {
            copy.put("description", IN_DESCRIPTION.matcher(copy.path("description").asText("")).replaceFirst(""));
        } else {
            copy.remove("_meta");
        }
        return Hashes.canonical(copy);
    }
}
