package dev.weightgate.tenancy;

import java.util.Set;
import java.util.UUID;

/**
 * Who is making a request, once authenticated: the tenant it acts for, the key it used (none for single sign-on),
 * its roles and what its key is scoped to.
 *
 * @param tenantId the tenant the caller belongs to
 * @param keyId the API key used, or {@code null} for a caller authenticated by a JWT
 * @param subject a printable name: the key's name, or the JWT's subject
 * @param roles what the caller may do
 * @param allowedModels models the caller may use; empty means every model
 * @param allowedEndpoints API endpoints the caller may use ({@code chat.completions}, {@code models}); empty means all
 * @param servedWhenAuditUnavailable whether the caller's tenant accepts being served while the audit trail can keep no
 *     records (otherwise such requests are refused)
 */
public record Caller(UUID tenantId, UUID keyId, String subject, Set<Role> roles, Set<String> allowedModels,
                     Set<String> allowedEndpoints, boolean servedWhenAuditUnavailable) {

    public Caller {
        roles = Set.copyOf(roles);
        allowedModels = Set.copyOf(allowedModels);
        allowedEndpoints = Set.copyOf(allowedEndpoints);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isPlatformAdmin() {
        return has(Role.PLATFORM_ADMIN);
    }

    public boolean mayUseModel(String model) {
        return allowedModels.isEmpty() || allowedModels.contains(model);
    }

    public boolean mayUseEndpoint(String endpoint) {
        return allowedEndpoints.isEmpty() || allowedEndpoints.contains(endpoint);
    }

    /** Whether the caller may act on this tenant's data: its own tenant, or any when it runs the platform. */
    public boolean mayManage(UUID tenant) {
        return isPlatformAdmin() || (has(Role.TENANT_ADMIN) && tenantId.equals(tenant));
    }
}
