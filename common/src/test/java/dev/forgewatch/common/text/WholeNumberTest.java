package dev.forgewatch.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one reading of a user's whole number (command-line options and collector settings). */
class WholeNumberTest {
    @Test
    void readsAWholeNumberInRangeIgnoringSurroundingSpace() {
        assertThat(WholeNumber.parse("--sort-chunk", " 200000 ", 1, 50_000_000)).isEqualTo(200_000);
        assertThat(WholeNumber.parse("settle_minutes", "0", 0, 1440)).isZero();
        assertThat(WholeNumber.parse("max_attempts", "20", 1, 20)).isEqualTo(20);
    }

    @Test
    void refusesWhatIsNotAWholeNumberNamingTheSetting() {
        for (String bad : new String[] {"", "ten", "1.5", "1e3", "0x10", "99999999999999999999"}) {
            assertThatThrownBy(() -> WholeNumber.parse("lookback_hours", bad, 1, 720))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("lookback_hours must be a whole number, got '" + bad + "'");
        }
    }

    @Test
    void refusesANumberOutsideTheRange() {
        assertThatThrownBy(() -> WholeNumber.parse("--sort-chunk", "0", 1, 50_000_000))
                .hasMessage("--sort-chunk must be between 1 and 50000000, got 0");
        assertThatThrownBy(() -> WholeNumber.parse("max_attempts", "21", 1, 20))
                .hasMessage("max_attempts must be between 1 and 20, got 21");
    }
}
