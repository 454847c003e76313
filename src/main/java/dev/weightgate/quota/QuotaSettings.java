package dev.weightgate.quota;

import java.util.UUID;

/**
 * The limits of tenants, their keys and their models. Changes are stored in the database, take effect on this replica
 * at once and on every other replica within about a second, and are announced as {@link QuotaSettingsChanged}.
 * Setting {@link QuotaLimits#UNLIMITED} clears a level's limits.
 */
public interface QuotaSettings {

    QuotaLimits tenantLimits(UUID tenantId);

    void setTenantLimits(UUID tenantId, QuotaLimits limits, String actor);

    QuotaLimits keyLimits(UUID tenantId, UUID keyId);

    void setKeyLimits(UUID tenantId, UUID keyId, QuotaLimits limits, String actor);

    QuotaLimits modelLimits(UUID tenantId, String model);

    void setModelLimits(UUID tenantId, String model, QuotaLimits limits, String actor);

    /** Every limit set for a tenant, at every level. */
    TenantQuotaSettings settingsOf(UUID tenantId);
}
