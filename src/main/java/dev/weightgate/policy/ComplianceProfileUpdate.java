package dev.weightgate.policy;

import java.util.Set;

/**
 * A compliance profile as a tenant declares it; replaces the previous declaration as a whole. See
 * {@link ComplianceProfile} for the fields.
 */
public record ComplianceProfileUpdate(String jurisdiction, String legalEntityRegion, Boolean commercial,
                                      Long monthlyActiveUsers, String industry, Set<String> purposes) {
}
