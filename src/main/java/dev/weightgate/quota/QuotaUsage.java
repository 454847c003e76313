package dev.weightgate.quota;

import java.util.UUID;

/** A tenant's current usage against its limits, for {@code GET /admin/v1/tenants/{id}/usage}. */
public interface QuotaUsage {

    TenantUsage usageOf(UUID tenantId);
}
