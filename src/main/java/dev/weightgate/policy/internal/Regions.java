package dev.weightgate.policy.internal;

import java.util.Set;

/** Where a tenant is, for region exclusions and the EU AI Act label. */
final class Regions {

    /** The 27 member states of the European Union (ISO 3166-1 alpha-2; Greece is GR). Not the EEA, not Switzerland. */
    static final Set<String> EU_MEMBERS = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
            "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");

    private Regions() {
    }

    /** Whether a tenant declaring this jurisdiction and legal-entity region is in the region (EU or a country). */
    static boolean within(String region, String jurisdiction, String legalEntityRegion) {
        if ("EU".equals(region)) {
            return "EU".equals(legalEntityRegion) || (jurisdiction != null && EU_MEMBERS.contains(jurisdiction));
        }
        return region.equals(jurisdiction);
    }
}
