package dev.forgewatch.common.json;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.forgewatch.common.text.Inert;

/**
 * JSON escaping that also keeps the written text inert when it is shown on a terminal ({@code cat
 * findings.ndjson}): besides the control characters JSON always escapes, DEL, C1 controls and bidi
 * formatting characters are written as {@code \\uXXXX}. The JSON value is the same.
 */
final class InertEscapes extends CharacterEscapes {
    private final int[] ascii;

    InertEscapes() {
        ascii = standardAsciiEscapesForJSON();
        ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return Inert.acts((char) ch) ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }
}
