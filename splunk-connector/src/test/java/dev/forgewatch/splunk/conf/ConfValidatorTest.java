package dev.forgewatch.splunk.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfValidatorTest {
    private static List<Problem> validate(String fileName, String text) {
        ConfParser.Result parsed = ConfParser.parse("default/" + fileName, text);
        assertThat(parsed.problems()).isEmpty();
        return ConfValidator.validate(parsed.file(), ConfSpecs.forFile(fileName).orElseThrow());
    }

    @Test
    void acceptsKnownSettingsIncludingPlaceholderFamilies() {
        assertThat(validate("props.conf", """
                [forgewatch:m365:audit]
                KV_MODE = json
                TRUNCATE = 262144
                SHOULD_LINEMERGE = false
                FIELDALIAS-src = ClientIP AS src
                EVAL-user = coalesce('UserId')
                LOOKUP-ioc = storm0558_ioc_ip ip AS src OUTPUT source
                """)).isEmpty();
        assertThat(validate("savedsearches.conf", """
                [ForgeWatch - rule]
                search = `forgewatch_audit` | stats count
                cron_schedule = */15 * * * *
                enableSched = 1
                dispatch.earliest_time = -20m
                action.correlationsearch.annotations = {"mitre_attack": ["T1550.001"]}
                alert.suppress.fields = user
                alert.digest_mode = 0
                """)).isEmpty();
        assertThat(validate("tags.conf", "[eventtype=forgewatch_signin]\nauthentication = enabled\n")).isEmpty();
    }

    @Test
    void reportsUnknownSettingsStanzasAndValues() {
        assertThat(validate("props.conf", """
                [forgewatch:m365:audit]
                KV_MODE = jsn
                TIME_PREFX = "CreationTime"
                FIELDALIAS-src = ClientIP src
                """)).extracting(Problem::line, Problem::rule).containsExactly(
                        tuple(2, ConfValidator.RULE_BAD_VALUE),
                        tuple(3, ConfValidator.RULE_UNKNOWN_SETTING),
                        tuple(4, ConfValidator.RULE_BAD_VALUE));
        assertThat(validate("app.conf", "[launcher]\nversion = 1.0.0\n[lancher]\nversion = 1\n"))
                .extracting(Problem::line, Problem::rule).containsExactly(tuple(3, ConfValidator.RULE_UNKNOWN_STANZA));
        assertThat(validate("tags.conf", "[eventtype=x]\nauthentication = on\n"))
                .extracting(Problem::rule).containsExactly(ConfValidator.RULE_BAD_VALUE);
        assertThat(validate("default.meta", "[]\naccess = read : [ * ], write : [ admin ]\nexport = everywhere\n"))
                .extracting(Problem::line).containsExactly(3);
    }
}
