package dev.forgewatch.splunk.conf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.detections.compile.splunk.ConfFile;
import dev.forgewatch.detections.compile.splunk.ConfWriter;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The .conf parser on arbitrary text and on line soups of stanza headers, settings, comments and
 * continuations: it never throws, every problem has a known rule, a line in the file and a message,
 * and what parses cleanly is written back by {@link ConfWriter} (or refused by it with the
 * documented IllegalArgumentException) and reads back to the same stanzas and settings.
 */
class ConfParserFuzzTest {
    private static final List<String> RULES = List.of(ConfParser.RULE_SYNTAX, ConfParser.RULE_DUPLICATE_STANZA,
            ConfParser.RULE_DUPLICATE_SETTING);

    @Provide
    Arbitrary<String> confText() {
        Arbitrary<String> word = Arbitraries.strings().withChars("abcXYZ_09.:/ *|$`'\"").ofMinLength(0).ofMaxLength(10);
        Arbitrary<String> line = Arbitraries.oneOf(
                word.map(w -> "[" + w + "]"),
                word.map(w -> "[" + w),
                Arbitraries.of("[]", "[default]", "[a]b]", "#", "# comment", "   # indented comment", "", "   ", "=", " = x", "\\",
                        "key = value \\", "key = value\\ ", "key=\\", "\t[ spaced ]\t", "\uFEFF[bom]", "a = b = c", "k\r"),
                word.map(w -> w + " = " + w),
                word.map(w -> "  " + w + "=" + w + "\\"),
                Arbitraries.strings().ofMaxLength(20));
        return Combinators.combine(line.list().ofMaxSize(25), Arbitraries.of("\n", "\r\n")).as((lines, end) -> String.join(end, lines));
    }

    @Property(tries = 500, seed = "202612071")
    void lineSoupsParseWithExplainedProblemsAndRoundTrip(@ForAll("confText") String text) {
        check(text);
    }

    @Property(tries = 300, seed = "202612072")
    void arbitraryTextNeverThrows(@ForAll String text) {
        check(text);
    }

    private static void check(String text) {
        ConfParser.Result result = ConfParser.parse("default/fuzz.conf", text);
        int lines = text.split("\r?\n", -1).length;
        assertThat(result.problems()).allSatisfy(problem -> {
            assertThat(problem.rule()).isIn(RULES);
            assertThat(problem.line()).isBetween(1, lines);
            assertThat(problem.message()).isNotBlank();
        });
        if (!result.ok()) {
            return;
        }
        String written;
        try {
            written = ConfWriter.write(result.file());
        } catch (IllegalArgumentException refused) {
            return;
        }
        ConfParser.Result again = ConfParser.parse("default/fuzz.conf", written);
        assertThat(again.problems()).as(written).isEmpty();
        assertThat(shape(again.file())).as(written).isEqualTo(shape(result.file()));
    }

    /** Stanzas and settings without line numbers. */
    private static List<String> shape(ConfFile file) {
        return file.stanzas().stream().map(stanza -> "[" + stanza.name() + "] " + stanza.settings().stream()
                .map(setting -> setting.key() + "=" + setting.value()).toList()).toList();
    }
}
