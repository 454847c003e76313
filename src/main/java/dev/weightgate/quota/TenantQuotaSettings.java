package dev.weightgate.quota;

import java.util.Map;
import java.util.UUID;

/**
 * Every limit set for one tenant, for the admin API.
 *
 * @param tenantId the tenant
 * @param tenant   its tenant-level limits ({@link QuotaLimits#UNLIMITED} when none are set)
 * @param keys     limits per API key, for the keys that have any
 * @param models   limits per model, for the models that have any
 */
public record TenantQuotaSettings(UUID tenantId, QuotaLimits tenant, Map<UUID, QuotaLimits> keys,
                                  Map<String, QuotaLimits> models) {

    public TenantQuotaSettings {
        keys = Map.copyOf(keys);
        models = Map.copyOf(models);
    }
}
