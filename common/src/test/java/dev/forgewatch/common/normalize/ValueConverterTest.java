package dev.forgewatch.common.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** IP addresses are told without regular expressions now: the same answers as the patterns used before. */
class ValueConverterTest {
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[0-9A-Za-z]+)?");

    /** The former {@code ValueConverter.ip}, with its patterns. */
    private static String patternIp(String text) {
        String value = text.trim();
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            value = close > 0 ? value.substring(1, close) : value.substring(1);
        } else if (value.indexOf(':') > 0 && value.indexOf(':') == value.lastIndexOf(':') && value.indexOf('.') > 0) {
            value = value.substring(0, value.indexOf(':'));
        }
        if (IPV4.matcher(value).matches()) {
            return value;
        }
        if (value.indexOf(':') >= 0 && IPV6.matcher(value).matches()) {
            return value.toLowerCase(java.util.Locale.ROOT);
        }
        return null;
    }

    @Test
    void addressesAsTheLogsWriteThem() {
        assertThat(ValueConverter.ip("203.0.113.24")).isEqualTo("203.0.113.24");
        assertThat(ValueConverter.ip(" 203.0.113.24:50123")).isEqualTo("203.0.113.24");
        assertThat(ValueConverter.ip("[2001:DB8::1]:443")).isEqualTo("2001:db8::1");
        assertThat(ValueConverter.ip("fe80::1%eth0")).isEqualTo("fe80::1%eth0");
        assertThat(ValueConverter.ip("::ffff:192.0.2.7")).isEqualTo("::ffff:192.0.2.7");
        assertThat(ValueConverter.ip("0.0.0.0")).isEqualTo("0.0.0.0");
        assertThat(ValueConverter.ip("255.255.255.255")).isEqualTo("255.255.255.255");
        for (String notIp : List.of("", "not-an-ip", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.4 ", "1.2.3.4a",
                "fe80::1%", "fe80::1%eth-0", "1234", "١.٢.٣.٤", "g::1")) {
            assertThat(ValueConverter.ip(notIp)).as(notIp).isEqualTo(patternIp(notIp));
        }
        assertThat(ValueConverter.ip("256.1.1.1")).isNull();
        assertThat(ValueConverter.ip("01.2.3.4")).isNull();
    }

    @Test
    void theSameAnswersAsThePatternsOnManyGeneratedStrings() {
        String alphabet = "0123456789012345.....::::abcdefABCDEFgxyz%[] 2559";
        Random random = new Random(19);
        int addresses = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder();
            if (n % 3 == 0) { // dotted quads near the edges of the octets
                for (int part = 0; part < 4; part++) {
                    text.append(part == 0 ? "" : ".").append(random.nextInt(12) == 0 ? "0" + random.nextInt(10) : random.nextInt(300));
                }
                if (random.nextBoolean()) {
                    text.append(':').append(random.nextInt(70000));
                }
            } else {
                for (int i = random.nextInt(24); i > 0; i--) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String value = text.toString();
            String expected = patternIp(value);
            assertThat(ValueConverter.ip(value)).as(value).isEqualTo(expected);
            addresses += expected != null ? 1 : 0;
        }
        assertThat(addresses).isGreaterThan(20_000); // both answers well exercised
    }
}
