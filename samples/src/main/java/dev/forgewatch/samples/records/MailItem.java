package dev.forgewatch.samples.records;

/** A message as Exchange item records name it. */
public record MailItem(String itemId, String internetMessageId, String folderPath, String subject, int sizeInBytes) {
}
