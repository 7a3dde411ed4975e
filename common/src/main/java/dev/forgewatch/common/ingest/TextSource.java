package dev.forgewatch.common.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.function.LongSupplier;

/**
 * The decoded text of one input, handed to its format's reader, and where that text starts in the
 * file: the opener has already skipped the byte order mark and any whitespace before the first
 * record, so line numbers and byte offsets start from there.
 *
 * @param utf8        when not null, the same text undecoded (UTF-8, from the same place on), for the
 *                    readers that read bytes ({@link ByteLineReader}); null when only {@code reader} may be used
 * @param fileBytes   bytes of the file read so far (compressed bytes for .gz), for progress
 * @param firstLine   the 1-based line the text starts on
 * @param firstOffset the byte offset the text starts at (in the decompressed content for .gz)
 */
record TextSource(Reader reader, InputStream utf8, String file, TextEncoding encoding, long firstLine, long firstOffset, LongSupplier fileBytes) {
    void close() throws IOException {
        reader.close();
    }
}
