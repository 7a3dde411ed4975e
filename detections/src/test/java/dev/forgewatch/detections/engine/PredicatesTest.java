package dev.forgewatch.detections.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class PredicatesTest {
    @Test
    void aRememberedTestGivesTheTestsAnswersAndAsksOncePerValueUntilItStartsOver() {
        List<String> asked = new ArrayList<>();
        Predicate<String> inDocumentationRange = value -> {
            asked.add(value);
            return value.startsWith("203.0.113.");
        };
        Predicate<String> remembered = Predicates.remembered(inDocumentationRange);

        for (int round = 0; round < 3; round++) {
            assertThat(remembered.test("203.0.113.7")).isTrue();
            assertThat(remembered.test("198.51.100.7")).isFalse();
        }
        assertThat(asked).containsExactly("203.0.113.7", "198.51.100.7");

        // past its capacity it starts over, and the answers stay the test's
        for (int i = 0; i < Predicates.REMEMBERED_VALUES + 10; i++) {
            String value = (i % 2 == 0 ? "203.0.113." : "198.51.") + i;
            assertThat(remembered.test(value)).isEqualTo(value.startsWith("203.0.113."));
        }
        assertThat(remembered.test("203.0.113.7")).isTrue();
        assertThat(remembered.test("198.51.100.7")).isFalse();
        assertThat(asked).hasSize(2 + Predicates.REMEMBERED_VALUES + 10 + 2);
    }
}
