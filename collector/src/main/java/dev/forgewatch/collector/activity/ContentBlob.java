package dev.forgewatch.collector.activity;

import java.time.Instant;

/** One entry of a content listing: a blob of audit records to download before it expires. */
public record ContentBlob(String contentType, String contentId, String contentUri, Instant contentCreated,
                          Instant contentExpiration) {
}
