package dev.weightgate.quota;

import java.util.UUID;

/**
 * A tenant's limits were set or cleared.
 *
 * @param tenantId the tenant
 * @param scope    what changed: {@code tenant}, {@code key:<key id>} or {@code model:<model id>}
 * @param actor    who changed it, as the admin API names the principal
 */
public record QuotaSettingsChanged(UUID tenantId, String scope, String actor) {
}
