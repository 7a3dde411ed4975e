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
    void theHandReadShapeAgreesWithTheFormatters() {
        java.util.Random random = new java.util.Random(20230524);
        java.time.format.DateTimeFormatter seconds = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
                .withZone(java.time.ZoneOffset.UTC);
        for (int i = 0; i < 5_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000));
            Instant whole = Instant.ofEpochSecond(instant.getEpochSecond());
            String base = seconds.format(instant);
            String fraction = String.format("%09d", instant.getNano()).substring(0, 1 + random.nextInt(9));
            Instant truncated = Instant.parse(base + "." + fraction + "Z");
            assertThat(Timestamps.parse(base)).isEqualTo(whole);
            assertThat(Timestamps.parse(base + "Z")).isEqualTo(whole);
            assertThat(Timestamps.parse(base + "." + fraction)).isEqualTo(truncated);
            assertThat(Timestamps.parse(base + "." + fraction + "Z")).isEqualTo(truncated);
        }
        assertThat(Timestamps.parse("2024-02-29T23:59:59Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
        // the day read last is remembered: an invalid day right after a valid one of the same month is still invalid
        assertThat(Timestamps.parse("2023-02-28T10:00:00Z")).isEqualTo(Instant.parse("2023-02-28T10:00:00Z"));
        assertThat(Timestamps.parse("2023-02-29T10:00:00Z")).isNull();
        assertThat(Timestamps.parse("2023-06-12T14:03:27.1234567890Z")).isNull();
    }

    /**
     * Offsets (Azure Monitor's sign-ins carry {@code +00:00}) read by hand give the instant the offset
     * formatter gives, with and without fractions, east and west; odd offsets go the general way.
     */
    @Test
    void offsetsReadByHandAgreeWithTheOffsetFormatter() {
        java.util.Random random = new java.util.Random(20231203);
        java.time.format.DateTimeFormatter seconds = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
        for (int i = 0; i < 5_000; i++) {
            java.time.ZoneOffset offset = java.time.ZoneOffset.ofTotalSeconds((random.nextInt(2 * 14 * 4 + 1) - 14 * 4) * 15 * 60);
            java.time.OffsetDateTime time = Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000))
                    .atOffset(offset);
            String fraction = random.nextBoolean() ? "" : "." + String.format("%09d", time.getNano()).substring(0, 1 + random.nextInt(9));
            String text = seconds.format(time) + fraction + (offset.getTotalSeconds() == 0 && random.nextBoolean() ? "+00:00" : offset.getId()
                    .equals("Z") ? "-00:00" : offset.getId());
            assertThat(Timestamps.parse(text)).as(text).isEqualTo(java.time.OffsetDateTime.parse(text).toInstant());
        }
        assertThat(Timestamps.parse("2023-06-13T08:15:42.1234567+00:00")).isEqualTo(Instant.parse("2023-06-13T08:15:42.1234567Z"));
        assertThat(Timestamps.parse("2023-06-13T00:15:42-05:30")).isEqualTo(Instant.parse("2023-06-13T05:45:42Z"));
        assertThat(Timestamps.parse("2023-06-13T08:15:42+18:00")).isEqualTo(Instant.parse("2023-06-12T14:15:42Z"));
        assertThat(Timestamps.parse("2023-06-13T08:15:42+18:30")).isNull();
        assertThat(Timestamps.parse("2023-06-13T08:15:42+0a:00")).isNull();
        assertThat(Timestamps.parse("2023-06-13T08:15:42+02:00:00")).isEqualTo(Instant.parse("2023-06-13T06:15:42Z"));
    }

    @Test
    void garbageIsNull() {
        assertThat(Timestamps.parse("yesterday")).isNull();
        assertThat(Timestamps.parse("2023-13-45T99:00:00")).isNull();
        assertThat(Timestamps.parse("")).isNull();
        assertThat(Timestamps.parse(JsonNodeFactory.instance.booleanNode(true))).isNull();
    }
}
