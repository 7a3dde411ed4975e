package dev.forgewatch.common.ingest;

import java.io.IOException;
import java.io.Reader;
import java.util.function.LongSupplier;

/**
 * The decoded text of one input, handed to its format's reader, and where that text starts in the
 * file: the opener has already skipped the byte order mark and any whitespace before the first
 * record, so line numbers and byte offsets start from there.
 *
 * @param fileBytes   bytes of the file read so far (compressed bytes for .gz), for progress
 * @param firstLine   the 1-based line the text starts on
 * @param firstOffset the byte offset the text starts at (in the decompressed content for .gz)
 */
record TextSource(Reader reader, String file, TextEncoding encoding, long firstLine, long firstOffset, LongSupplier fileBytes) {
    void close() throws IOException {
        reader.close();
    }
}
