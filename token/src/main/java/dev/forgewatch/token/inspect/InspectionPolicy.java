package dev.forgewatch.token.inspect;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The judgement calls of token inspection, with defaults from Microsoft's documentation.
 *
 * @param enterpriseAudiences audiences (resource app ids or URIs) no consumer account token should
 *                            reach; compared case-insensitively, trailing slash ignored
 * @param maxLifetime         longest {@code exp - iat} accepted: one day, the configurable maximum
 * @param maxCaeLifetime      the same for continuous-access-evaluation tokens ({@code xms_cc} has
 *                            {@code cp1}), which Microsoft issues for up to 28 hours
 * @param clockSkew           allowance for clocks that disagree, on every time comparison
 * @param subjectHashSalt     when set, {@code oid} (else {@code sub}) is kept as SHA-256(salt + value);
 *                            null keeps no subject at all
 */
public record InspectionPolicy(Set<String> enterpriseAudiences, Duration maxLifetime, Duration maxCaeLifetime,
                               Duration clockSkew, String subjectHashSalt) {
    /**
     * Exchange Online, SharePoint Online and the Office 365 Management APIs: resources of
     * organizational tenants, by app id and by URI.
     */
    public static final Set<String> DEFAULT_ENTERPRISE_AUDIENCES = Set.of(
            "00000002-0000-0ff1-ce00-000000000000", "https://outlook.office365.com",
            "00000003-0000-0ff1-ce00-000000000000",
            "c5393580-f805-4401-95e8-94b7a6ef2fc2", "https://manage.office.com");

    public static final InspectionPolicy DEFAULT = new InspectionPolicy(DEFAULT_ENTERPRISE_AUDIENCES,
            Duration.ofHours(24), Duration.ofHours(28), Duration.ofMinutes(5), null);

    public InspectionPolicy {
        enterpriseAudiences = enterpriseAudiences.stream().map(InspectionPolicy::normalizeAudience).collect(Collectors.toUnmodifiableSet());
    }

    public InspectionPolicy withEnterpriseAudiences(Set<String> audiences) {
        return new InspectionPolicy(audiences, maxLifetime, maxCaeLifetime, clockSkew, subjectHashSalt);
    }

    public InspectionPolicy withSubjectHashing(String salt) {
        return new InspectionPolicy(enterpriseAudiences, maxLifetime, maxCaeLifetime, clockSkew, salt);
    }

    public boolean isEnterpriseAudience(String audience) {
        return audience != null && enterpriseAudiences.contains(normalizeAudience(audience));
    }

    static String normalizeAudience(String audience) {
        String lower = audience.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
