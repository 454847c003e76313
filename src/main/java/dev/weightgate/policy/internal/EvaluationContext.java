package dev.weightgate.policy.internal;

import dev.weightgate.policy.ComplianceProfile;
import dev.weightgate.policy.LicenseEntry;
import dev.weightgate.policy.ModelEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One request as the rules see it: the tenant's profile, the model's catalog entry and license, and the purposes that
 * apply (the request's own, or the tenant's declared ones when the request names none).
 */
final class EvaluationContext {

    final UUID tenantId;
    final ComplianceProfile profile;
    final String modelId;
    final String normalizedModelId;
    final ModelEntry entry;
    final LicenseEntry license;
    final Set<String> licenseKeys;
    final Set<String> purposes;
    final String requestPurpose;
    final boolean inEu;
    final boolean located;

    EvaluationContext(UUID tenantId, ComplianceProfile profile, String modelId, String normalizedModelId,
                      ModelEntry entry, LicenseEntry license, Set<String> licenseKeys, String requestPurpose) {
        this.tenantId = tenantId;
        this.profile = profile;
        this.modelId = modelId;
        this.normalizedModelId = normalizedModelId;
        this.entry = entry;
        this.license = license;
        this.licenseKeys = licenseKeys;
        this.requestPurpose = requestPurpose;
        this.purposes = requestPurpose != null ? Set.of(requestPurpose) : profile.purposes();
        this.inEu = Regions.within("EU", profile.jurisdiction(), profile.legalEntityRegion());
        this.located = profile.jurisdiction() != null || profile.legalEntityRegion() != null;
    }

    boolean commercial() {
        return profile.treatedAsCommercial();
    }

    /** The named profile attributes with their values, for a reason's explanation. */
    Map<String, String> attributes(String... names) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String name : names) {
            attributes.put(name, switch (name) {
                case "jurisdiction" -> String.valueOf(profile.jurisdiction());
                case "legal_entity_region" -> String.valueOf(profile.legalEntityRegion());
                case "commercial" -> profile.commercial() == null ? "not declared (treated as commercial)"
                        : profile.commercial().toString();
                case "monthly_active_users" -> profile.monthlyActiveUsers() == null ? "not declared"
                        : profile.monthlyActiveUsers().toString();
                case "industry" -> String.valueOf(profile.industry());
                case "purposes" -> requestPurpose != null ? requestPurpose + " (request)"
                        : String.join(",", profile.purposes().stream().sorted().toList()) + " (declared)";
                case "accepted_terms" -> profile.acceptances().isEmpty() ? "none" : String.join(",",
                        profile.acceptances().stream().map(a -> a.license()).sorted().toList());
                default -> throw new IllegalArgumentException(name);
            });
        }
        return attributes;
    }
}
