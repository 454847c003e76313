package dev.weightgate.admin;

import dev.weightgate.api.ApiException;
import dev.weightgate.tenancy.Caller;
import dev.weightgate.tenancy.CallerAuthentication;
import dev.weightgate.tenancy.Role;
import dev.weightgate.tenancy.Tenant;
import dev.weightgate.tenancy.TenantDirectory;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Decides whether the caller may read or change a tenant's data. A tenant the caller may not see is answered exactly
 * like one that does not exist (404), so ids cannot be probed; one it may see but not change is a 403.
 */
@Component
class TenantAccess {

    private final TenantDirectory tenants;

    TenantAccess(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    /** The tenant, when the caller may read its data: platform admins any, tenant admins and auditors their own. */
    Tenant readable(UUID tenantId) {
        Caller caller = CallerAuthentication.current();
        if (!caller.isPlatformAdmin() && !caller.tenantId().equals(tenantId)) {
            throw notFound(tenantId);
        }
        return tenants.find(tenantId).orElseThrow(() -> notFound(tenantId));
    }

    /** The tenant, when the caller may change its settings and keys: platform admins any, tenant admins their own. */
    Tenant manageable(UUID tenantId) {
        Tenant tenant = readable(tenantId);
        if (!CallerAuthentication.current().mayManage(tenantId)) {
            throw forbidden("Your role may read this tenant's data but not change it.");
        }
        return tenant;
    }

    /** Throws unless the caller runs the platform. */
    void requirePlatformAdmin() {
        if (!CallerAuthentication.current().has(Role.PLATFORM_ADMIN)) {
            throw forbidden("Only a platform administrator may do this.");
        }
    }

    static String actor() {
        Caller caller = CallerAuthentication.current();
        return caller.subject() + " (tenant " + caller.tenantId() + (caller.keyId() == null ? ", sso" : ", key "
                + caller.keyId()) + ")";
    }

    static ApiException notFound(UUID tenantId) {
        return new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error", "No tenant with id " + tenantId + ".",
                null, "tenant_not_found");
    }

    static ApiException forbidden(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, "invalid_request_error", message, null, "insufficient_permissions");
    }
}
