package dev.forgewatch.samples.records;

import java.util.List;

/**
 * One folder in a MailItemsAccessed record: its path, and the InternetMessageIds of the items bound
 * (empty for a Sync, which audits the folder, not items).
 */
public record FolderRead(String path, List<String> internetMessageIds) {
    public FolderRead {
        internetMessageIds = List.copyOf(internetMessageIds);
    }
}
