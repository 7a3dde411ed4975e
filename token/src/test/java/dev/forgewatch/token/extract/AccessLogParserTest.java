package dev.forgewatch.token.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.normalize.SecretScrubber;
import dev.forgewatch.token.testing.TestTokens;
import org.junit.jupiter.api.Test;

class AccessLogParserTest {
    private static final String TOKEN = TestTokens.token().build();
    private final AccessLogParser parser = new AccessLogParser();

    @Test
    void combinedLogFormat() {
        ObjectNode record = parser.parse("203.0.113.24 - alex [12/Jun/2023:14:03:27 -0700] \"GET /owa/service.svc?action=GetItem HTTP/1.1\" "
                + "200 5120 \"https://outlook.office365.com/mail/\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64) \\\"quoted\\\"\"");

        assertThat(record.toString()).isEqualTo("{\"@timestamp\":\"2023-06-12T21:03:27Z\",\"client_ip\":\"203.0.113.24\",\"user\":\"alex\","
                + "\"method\":\"GET\",\"path\":\"/owa/service.svc?action=GetItem\",\"protocol\":\"HTTP/1.1\",\"status\":200,\"bytes\":5120,"
                + "\"referer\":\"https://outlook.office365.com/mail/\",\"user_agent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) \\\"quoted\\\"\"}");
    }

    @Test
    void commonLogFormatWithIpv6AndDashes() {
        ObjectNode record = parser.parse("2001:db8::17 - - [01/Jun/2023:10:00:00 +0000] \"POST /api HTTP/2.0\" 401 -");

        assertThat(record.path("client_ip").asText()).isEqualTo("2001:db8::17");
        assertThat(record.path("status").asInt()).isEqualTo(401);
        assertThat(record.has("bytes")).isFalse();
        assertThat(record.has("user")).isFalse();
        assertThat(record.has("referer")).isFalse();
    }

    @Test
    void aLoggedAuthorizationHeaderIsFoundWhereverItSits() {
        ObjectNode afterAgent = parser.parse("198.51.100.7 - - [01/Jun/2023:10:00:00 +0000] \"GET /mail HTTP/1.1\" 200 12 \"-\" \"curl/8.0\" "
                + "\"Bearer " + TOKEN + "\" 0.031");
        ObjectNode instead = parser.parse("198.51.100.7 - - [01/Jun/2023:10:00:00 +0000] \"GET /mail HTTP/1.1\" 200 12 \"Bearer " + TOKEN + "\"");

        assertThat(afterAgent.path("authorization").asText()).isEqualTo("Bearer " + TOKEN);
        assertThat(afterAgent.path("user_agent").asText()).isEqualTo("curl/8.0");
        assertThat(afterAgent.path("extra").get(0).asText()).isEqualTo("0.031");
        assertThat(afterAgent.has("referer")).isFalse();
        assertThat(instead.path("authorization").asText()).isEqualTo("Bearer " + TOKEN);
        assertThat(instead.has("referer")).isFalse();
    }

    @Test
    void aQueryStringTokenMovesToItsOwnMemberAndThePathKeepsOnlyItsPlaceholder() {
        ObjectNode record = parser.parse("198.51.100.7 - - [01/Jun/2023:10:00:00 +0000] \"GET /api/me?access_token=" + TOKEN
                + "&x=1 HTTP/1.1\" 200 12");
        ObjectNode opaque = parser.parse("198.51.100.7 - - [01/Jun/2023:10:00:00 +0000] \"GET /cb?code=1&id_token=opaque123 HTTP/1.1\" 302 0");

        assertThat(record.path("access_token").asText()).isEqualTo(TOKEN);
        assertThat(record.path("path").asText()).isEqualTo("/api/me?access_token=" + SecretScrubber.secretPlaceholder(TOKEN) + "&x=1");
        assertThat(opaque.path("path").asText()).doesNotContain("opaque123").startsWith("/cb?code=1&id_token=[REDACTED sha256:");
    }

    @Test
    void linesThatAreNotAccessLogLinesAreNotRecognized() {
        assertThat(parser.parse("2023-06-01 10:00:00 INFO started")).isNull();
        assertThat(parser.parse("203.0.113.24 - - [32/Jun/2023:14:03:27 -0700] \"GET / HTTP/1.1\" 200 1")).isNull();
        assertThat(parser.parse("203.0.113.24 - - [12/Jun/2023:14:03:27 -0700] \"GET / HTTP/1.1 200 1")).isNull();
        assertThat(parser.parse("203.0.113.24 - - [12/Jun/2023:14:03:27 -0700] \"GET / HTTP/1.1\" OK 1")).isNull();
        assertThat(parser.parse("")).isNull();
    }

    @Test
    void aRequestLineThatIsNotOneIsKept() {
        ObjectNode record = parser.parse("203.0.113.24 - - [12/Jun/2023:14:03:27 +0000] \"\\x16\\x03\\x01\\x00\" 400 0");

        assertThat(record.has("method")).isFalse();
        assertThat(record.path("request_line").asText()).isEqualTo("\u0016\u0003\u0001\u0000");
    }
}
