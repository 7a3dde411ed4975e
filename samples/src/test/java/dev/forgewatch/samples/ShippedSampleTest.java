package dev.forgewatch.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample in {@code samples/data} is exactly what the generator makes today. */
class ShippedSampleTest {
    /** Same switch as the golden files: regenerate instead of failing. */
    static final String UPDATE_PROPERTY = "forgewatch.updateGolden";
    static final String HOW_TO_REGENERATE = "samples/data is stale: regenerate it with "
            + "'mvn -B -o -q -pl samples -am test -D" + UPDATE_PROPERTY + "=true' (or 'forgewatch sample generate --out "
            + "samples/data'), review the diff and commit it";

    @TempDir
    Path temp;

    @Test
    void shippedSampleIsUpToDate() throws IOException {
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            SampleGenerator.generate(SampleReading.SHIPPED, SampleGenerator.DEFAULT_SEED, SampleGenerator.DEFAULT_MAILBOXES,
                    SampleGenerator.DEFAULT_DAYS);
        }
        SampleGenerator.generate(temp, SampleGenerator.DEFAULT_SEED, SampleGenerator.DEFAULT_MAILBOXES, SampleGenerator.DEFAULT_DAYS);

        Map<String, byte[]> fresh = DeterminismTest.contents(temp);
        Map<String, byte[]> shipped = DeterminismTest.contents(SampleReading.SHIPPED);
        shipped.remove("README.md");
        assertThat(shipped.keySet()).as(HOW_TO_REGENERATE).containsExactlyElementsOf(fresh.keySet());
        fresh.forEach((file, content) -> assertThat(Arrays.equals(shipped.get(file), content))
                .as(HOW_TO_REGENERATE + " (" + file + " differs)").isTrue());
    }

    @Test
    void readmeNamesEveryPlantedFact() throws IOException {
        String readme = Files.readString(SampleReading.SHIPPED.resolve("README.md"));
        JsonNode expected = SampleReading.expected(SampleReading.SHIPPED);

        assertThat(readme).containsIgnoringCase("synthetic").containsIgnoringCase("fictional");
        for (JsonNode target : expected.at("/intrusion/targets")) {
            assertThat(readme).contains(target.path("mailbox").asText(), target.path("firstAccess").asText());
        }
        for (JsonNode ip : expected.at("/actor/ips")) {
            assertThat(readme).contains(ip.path("ip").asText());
        }
        assertThat(readme).contains(expected.at("/actor/appId").asText(), expected.at("/throttling/mailbox").asText(),
                expected.at("/throttling/throttledAt").asText(), expected.at("/throttling/auditGapUntil").asText());
        for (JsonNode mailbox : expected.at("/licenceGap/mailboxes")) {
            assertThat(readme).contains(mailbox.asText());
        }
        expected.at("/damaged").fieldNames().forEachRemaining(file -> assertThat(readme).contains(file));
        assertThat(readme).containsIgnoringCase("exact field names and shapes");
        JsonNode quiet = expected.at("/quietIntrusion");
        assertThat(readme).contains(quiet.path("mailbox").asText(), quiet.path("ip").asText(), quiet.path("firstAccess").asText(),
                quiet.path("lastAccess").asText());
        quiet.path("uniqueTokenIds").forEach(id -> assertThat(readme).contains(id.asText()));
        JsonNode patterns = expected.at("/tenantPatterns");
        assertThat(readme).contains(patterns.at("/backupApp/appId").asText(), patterns.at("/backupApp/servicePrincipalId").asText(),
                patterns.at("/backupApp/ip").asText(), patterns.at("/managedIdentity/appId").asText(),
                patterns.at("/managedIdentity/ip").asText(), patterns.at("/sharedMailbox/mailbox").asText(),
                patterns.at("/serviceAccount/mailbox").asText(), patterns.at("/serviceAccount/appId").asText(),
                patterns.at("/serviceAccount/ip").asText(), patterns.at("/signInExportGap/from").asText(),
                patterns.at("/signInExportGap/until").asText());
        patterns.at("/sharedMailbox/delegates").forEach(delegate -> assertThat(readme).contains(delegate.asText()));
        for (JsonNode roamer : patterns.path("roamingUsers")) {
            assertThat(readme).contains(roamer.path("mailbox").asText());
            roamer.path("ips").forEach(ip -> assertThat(readme).contains(ip.asText()));
        }
    }
}
