package dev.forgewatch.common.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void microsoftFormatsParseAsUtc() {
        assertThat(Timestamps.parse("2023-06-12T14:03:27")).isEqualTo(Instant.parse("2023-06-12T14:03:27Z"));
        assertThat(Timestamps.parse("2023-06-12T14:03:27.1234567Z")).isEqualTo(Instant.parse("2023-06-12T14:03:27.1234567Z"));
        assertThat(Timestamps.parse("2023-06-12T14:03:27.1234567+00:00")).isEqualTo(Instant.parse("2023-06-12T14:03:27.1234567Z"));
        assertThat(Timestamps.parse("2023-06-12T16:03:27+02:00")).isEqualTo(Instant.parse("2023-06-12T14:03:27Z"));
        assertThat(Timestamps.parse("2023-06-12 14:03:27")).isEqualTo(Instant.parse("2023-06-12T14:03:27Z"));
        assertThat(Timestamps.parse("2023-06-12T10:03:27-04:00")).isEqualTo(Instant.parse("2023-06-12T14:03:27Z"));
    }

    @Test
    void epochSecondsAndMillisAreTold() {
        assertThat(Timestamps.parse(JsonNodeFactory.instance.numberNode(1686578607L))).isEqualTo(Instant.parse("2023-06-12T14:03:27Z"));
        assertThat(Timestamps.parse(JsonNodeFactory.instance.numberNode(1686578607123L)))
                .isEqualTo(Instant.parse("2023-06-12T14:03:27.123Z"));
    }

    @Test
    void garbageIsNull() {
        assertThat(Timestamps.parse("yesterday")).isNull();
        assertThat(Timestamps.parse("2023-13-45T99:00:00")).isNull();
        assertThat(Timestamps.parse("")).isNull();
        assertThat(Timestamps.parse(JsonNodeFactory.instance.booleanNode(true))).isNull();
    }
}
