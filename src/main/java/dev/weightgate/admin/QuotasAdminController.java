package dev.weightgate.admin;

import dev.weightgate.api.ApiException;
import dev.weightgate.quota.QuotaLimits;
import dev.weightgate.quota.QuotaSettings;
import dev.weightgate.quota.QuotaUsage;
import dev.weightgate.quota.TenantQuotaSettings;
import dev.weightgate.quota.TenantUsage;
import dev.weightgate.tenancy.ApiKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A tenant's quota settings (for the tenant, and optionally per key and per model) and its current usage. Tenant
 * administrators manage their own tenant; auditors read it.
 */
@RestController
@RequestMapping("/admin/v1/tenants/{tenantId}")
class QuotasAdminController {

    /** Limits as the API shows them; an absent or null field means unlimited. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Limits(Long requestsPerMinute, Long tokensPerMinute, Long tokensPerDay, Long tokensPerMonth,
                  Integer concurrentRequests, Integer maxTokensPerRequest) {

        static Limits of(QuotaLimits limits) {
            return new Limits(limits.requestsPerMinute(), limits.tokensPerMinute(), limits.tokensPerDay(),
                    limits.tokensPerMonth(), limits.concurrentRequests(), limits.maxTokensPerRequest());
        }

        QuotaLimits toQuotaLimits() {
            try {
                return new QuotaLimits(requestsPerMinute, tokensPerMinute, tokensPerDay, tokensPerMonth,
                        concurrentRequests, maxTokensPerRequest);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidRequest("Invalid limits: " + e.getMessage() + ".", null, "invalid_value");
            }
        }
    }

    /** The whole quota document of a tenant: its own limits, and those of keys and models that have any. */
    record QuotaDocument(Limits tenant, Map<UUID, Limits> keys, Map<String, Limits> models) {
    }

    private final QuotaSettings settings;
    private final QuotaUsage usage;
    private final ApiKeys keys;
    private final TenantAccess access;

    QuotasAdminController(QuotaSettings settings, QuotaUsage usage, ApiKeys keys, TenantAccess access) {
        this.settings = settings;
        this.usage = usage;
        this.keys = keys;
        this.access = access;
    }

    @GetMapping("/quotas")
    QuotaDocument get(@PathVariable UUID tenantId) {
        access.readable(tenantId);
        return document(settings.settingsOf(tenantId));
    }

    /**
     * Sets the tenant's limits, and those of the keys and models the document names; keys and models left out keep
     * theirs. A key must belong to this tenant.
     */
    @PutMapping("/quotas")
    QuotaDocument put(@PathVariable UUID tenantId, @RequestBody QuotaDocument request) {
        access.manageable(tenantId);
        String actor = TenantAccess.actor();
        if (request.keys() != null) {
            for (UUID keyId : request.keys().keySet()) {
                if (keys.find(tenantId, keyId).isEmpty()) {
                    throw new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error",
                            "No key with id " + keyId + " in this tenant.", "keys", "key_not_found");
                }
            }
        }
        if (request.tenant() != null) {
            settings.setTenantLimits(tenantId, request.tenant().toQuotaLimits(), actor);
        }
        if (request.keys() != null) {
            request.keys().forEach((keyId, limits) -> settings.setKeyLimits(tenantId, keyId, limits.toQuotaLimits(), actor));
        }
        if (request.models() != null) {
            request.models().forEach((model, limits) -> settings.setModelLimits(tenantId, model, limits.toQuotaLimits(), actor));
        }
        return document(settings.settingsOf(tenantId));
    }

    @GetMapping("/usage")
    TenantUsage usage(@PathVariable UUID tenantId) {
        access.readable(tenantId);
        return usage.usageOf(tenantId);
    }

    private static QuotaDocument document(TenantQuotaSettings settings) {
        Map<UUID, Limits> byKey = new LinkedHashMap<>();
        settings.keys().forEach((key, limits) -> byKey.put(key, Limits.of(limits)));
        Map<String, Limits> byModel = new LinkedHashMap<>();
        settings.models().forEach((model, limits) -> byModel.put(model, Limits.of(limits)));
        return new QuotaDocument(Limits.of(settings.tenant()), byKey, byModel);
    }
}
