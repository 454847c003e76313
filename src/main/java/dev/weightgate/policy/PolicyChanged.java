package dev.weightgate.policy;

import java.util.UUID;

/**
 * Something that decisions depend on has changed: a rule, a catalog entry, a tenant's compliance profile or one of
 * its license acceptances. Published inside the transaction that makes the change, for the audit trail.
 *
 * @param change what happened: {@code rule.created}, {@code rule.updated}, {@code rule.deleted},
 *     {@code license.updated}, {@code model.updated}, {@code model.deleted}, {@code catalog.seeded},
 *     {@code profile.updated}, {@code acceptance.recorded}, {@code acceptance.withdrawn}
 * @param subject the id of what changed (rule id, license id, model id, license accepted)
 * @param tenantId the tenant concerned, or {@code null} for platform-wide changes
 * @param actor who did it
 * @param policyVersion the policy version the change produced
 */
public record PolicyChanged(String change, String subject, UUID tenantId, String actor, long policyVersion) {
}
