package dev.weightgate.policy;

import java.util.Optional;
import java.util.UUID;

/** Tenants' compliance profiles and license acceptances. Every change moves the policy version. */
public interface ComplianceProfiles {

    /** The tenant's profile; an undeclared one when it has declared nothing. */
    ComplianceProfile profile(UUID tenantId);

    /**
     * Replaces the tenant's declaration.
     *
     * @throws PolicyValidationException when an attribute is malformed (the exception names it)
     */
    ComplianceProfile declare(UUID tenantId, ComplianceProfileUpdate update, String actor);

    /**
     * Records that the tenant accepts a license's terms and acceptable-use policy; accepting again updates who and
     * when.
     *
     * @throws PolicyValidationException when the license is not in the catalog or {@code acceptedBy} is blank
     */
    LicenseAcceptance accept(UUID tenantId, String licenseId, String acceptedBy, String actor);

    /** Withdraws an acceptance; empty when there was none. */
    Optional<LicenseAcceptance> withdraw(UUID tenantId, String licenseId, String actor);
}
