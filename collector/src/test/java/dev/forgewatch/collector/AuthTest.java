package dev.forgewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import dev.forgewatch.collector.auth.AccessToken;
import dev.forgewatch.collector.auth.ClientCredential;
import dev.forgewatch.collector.auth.CredentialFiles;
import dev.forgewatch.collector.auth.TokenException;
import dev.forgewatch.collector.auth.TokenProvider;
import dev.forgewatch.collector.http.ApiClient;
import dev.forgewatch.collector.http.RetryListener;
import dev.forgewatch.collector.testing.FakeMicrosoft;
import dev.forgewatch.collector.testing.MutableClock;
import dev.forgewatch.collector.testing.TestCertificates;
import dev.forgewatch.common.retry.RetryPolicy;
import dev.forgewatch.common.secret.Secret;
import dev.forgewatch.common.tls.Tls;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client credentials against the token endpoint's documented contract. */
class AuthTest {
    private static final String MANAGE = "https://manage.office.com/.default";
    private final MutableClock clock = new MutableClock(Instant.parse("2023-06-01T12:00:00Z"));
    private FakeMicrosoft fake;
    private ApiClient client;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeMicrosoft(clock::instant);
        client = new ApiClient(ApiClient.transport(Tls.trusting(TestCertificates.server().certificatePem()), Duration.ofSeconds(10),
                Duration.ofSeconds(20)),
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1), new Random(1)),
                d -> { }, clock, RetryListener.NONE);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private TokenProvider provider(String tenant, String clientId, ClientCredential credential) {
        return new TokenProvider(client, fake.root(), tenant, clientId, credential, clock);
    }

    private static ClientCredential secret(String value) {
        return new ClientCredential.ClientSecret(Secret.of(value));
    }

    @Test
    void clientSecretTokenIsCachedUntilShortlyBeforeExpiry() throws Exception {
        TokenProvider tokens = provider(FakeMicrosoft.TENANT, FakeMicrosoft.SECRET_CLIENT, secret(FakeMicrosoft.CLIENT_SECRET));
        AccessToken first = tokens.token(MANAGE);
        assertThat(tokens.token(MANAGE)).isSameAs(first);
        assertThat(first.toString()).doesNotContain(first.value());
        clock.advance(Duration.ofMinutes(55)); // 3599 s lifetime, renewed 5 minutes early
        assertThat(tokens.token(MANAGE)).isNotEqualTo(first);
        assertThat(fake.requests(s -> s.path().endsWith("/oauth2/v2.0/token"))).isEqualTo(2);
        // one token per scope
        tokens.token("https://graph.microsoft.com/.default");
        assertThat(fake.requests(s -> s.path().endsWith("/oauth2/v2.0/token"))).isEqualTo(3);
    }

    @Test
    void certificateAssertionIsVerifiedByTheServerWithPs256AndRs256() throws Exception {
        for (JWSAlgorithm alg : new JWSAlgorithm[] {JWSAlgorithm.PS256, JWSAlgorithm.RS256}) {
            ClientCredential credential = CredentialFiles.pem(TestCertificates.client().certificatePem(),
                    TestCertificates.client().keyPem(), alg);
            TokenProvider tokens = provider(FakeMicrosoft.TENANT, FakeMicrosoft.CERT_CLIENT, credential);
            assertThat(tokens.token(MANAGE).value()).startsWith("eyJ");
        }
        ClientCredential fromP12 = CredentialFiles.pkcs12(TestCertificates.client().p12(), Secret.of("changeit"), JWSAlgorithm.PS256);
        assertThat(provider(FakeMicrosoft.TENANT, FakeMicrosoft.CERT_CLIENT, fromP12).token(MANAGE)).isNotNull();
    }

    @Test
    void aCertificateTheAppDoesNotKnowIsRefusedWith700027() throws Exception {
        ClientCredential wrong = CredentialFiles.pem(TestCertificates.stranger().certificatePem(),
                TestCertificates.stranger().keyPem(), JWSAlgorithm.PS256);
        assertThatThrownBy(() -> provider(FakeMicrosoft.TENANT, FakeMicrosoft.CERT_CLIENT, wrong).token(MANAGE))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.codes()).containsExactly(700027L))
                .hasMessageContaining("upload this certificate");
    }

    @Test
    void badSecretSurfacesAadsts7000215WithAHintAndNeverTheSecret() {
        String wrong = "not-the-right-secret-value-123";
        assertThatThrownBy(() -> provider(FakeMicrosoft.TENANT, FakeMicrosoft.SECRET_CLIENT, secret(wrong)).token(MANAGE))
                .isInstanceOfSatisfying(TokenException.class, e -> {
                    assertThat(e.codes()).containsExactly(7000215L);
                    assertThat(e.error()).isEqualTo("invalid_client");
                    assertThat(e.getMessage()).contains("AADSTS7000215", "Hint: the client secret is wrong", "trace id")
                            .doesNotContain(wrong).doesNotContain("\r");
                });
    }

    @Test
    void unknownTenantAndUnknownClientAreNamed() {
        assertThatThrownBy(() -> provider("contoso.example", FakeMicrosoft.SECRET_CLIENT, secret(FakeMicrosoft.CLIENT_SECRET))
                .token(MANAGE))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.codes()).containsExactly(90002L))
                .hasMessageContaining("tenant was not found");
        assertThatThrownBy(() -> provider(FakeMicrosoft.TENANT, "11111111-2222-3333-4444-555555555555",
                secret(FakeMicrosoft.CLIENT_SECRET)).token(MANAGE))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.codes()).containsExactly(700016L));
        assertThatThrownBy(() -> provider(FakeMicrosoft.TENANT, FakeMicrosoft.SECRET_CLIENT, secret(FakeMicrosoft.CLIENT_SECRET))
                .token("https://manage.office.com/ActivityFeed.Read"))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.codes()).containsExactly(1002012L));
    }

    @Test
    void secretsDoNotPrintThemselves() {
        assertThat(Secret.of("hunter2").toString()).isEqualTo("[secret]");
        assertThat(secret("hunter2").toString()).doesNotContain("hunter2");
    }
}
