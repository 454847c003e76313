package dev.weightgate.policy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What a tenant has declared about itself, for license decisions, and the license terms it has accepted.
 *
 * @param tenantId the tenant
 * @param declared whether the tenant has declared a profile at all; when not, every attribute is unknown and the
 *     tenant is treated as commercial
 * @param jurisdiction where the tenant's legal entity has its principal place of business (ISO 3166-1 alpha-2), or
 *     {@code null}
 * @param legalEntityRegion a region the legal entity belongs to, e.g. {@code EU}, or {@code null}
 * @param commercial whether the tenant uses models commercially; {@code null} (not declared) counts as commercial
 * @param monthlyActiveUsers monthly active users of the tenant's products or services (with affiliates), or
 *     {@code null}
 * @param industry free text, e.g. {@code healthcare}
 * @param purposes what the tenant uses models for ({@code customer-support}, {@code medical-advice}, ...)
 * @param acceptances license terms and acceptable-use policies the tenant has accepted
 * @param updatedAt when the profile was last changed, {@code null} when never declared
 * @param updatedBy who last changed it
 */
public record ComplianceProfile(UUID tenantId, boolean declared, String jurisdiction, String legalEntityRegion,
                                Boolean commercial, Long monthlyActiveUsers, String industry, Set<String> purposes,
                                List<LicenseAcceptance> acceptances, Instant updatedAt, String updatedBy) {

    public ComplianceProfile {
        purposes = purposes == null ? Set.of() : Set.copyOf(purposes);
        acceptances = acceptances == null ? List.of() : List.copyOf(acceptances);
    }

    /** The profile of a tenant that has declared nothing. */
    public static ComplianceProfile undeclared(UUID tenantId, List<LicenseAcceptance> acceptances) {
        return new ComplianceProfile(tenantId, false, null, null, null, null, null, Set.of(), acceptances, null, null);
    }

    /** Commercial unless the tenant has declared otherwise: the conservative reading. */
    public boolean treatedAsCommercial() {
        return commercial == null || commercial;
    }

    public boolean hasAccepted(String licenseId) {
        return acceptances.stream().anyMatch(a -> a.license().equals(licenseId));
    }
}
