package dev.weightgate.admin;

import dev.weightgate.api.ApiException;
import dev.weightgate.tenancy.CallerAuthentication;
import dev.weightgate.tenancy.Tenant;
import dev.weightgate.tenancy.TenantDirectory;
import dev.weightgate.tenancy.TenantStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Tenants: platform administrators create and change them; tenant administrators and auditors see their own. */
@RestController
@RequestMapping("/admin/v1/tenants")
class TenantsAdminController {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record TenantResponse(UUID id, String name, TenantStatus status, Instant createdAt) {
        static TenantResponse of(Tenant tenant) {
            return new TenantResponse(tenant.id(), tenant.name(), tenant.status(), tenant.createdAt());
        }
    }

    record TenantList(String object, List<TenantResponse> data) {
    }

    record CreateTenant(String name) {
    }

    record UpdateTenant(String name, TenantStatus status) {
    }

    private final TenantDirectory tenants;
    private final TenantAccess access;

    TenantsAdminController(TenantDirectory tenants, TenantAccess access) {
        this.tenants = tenants;
        this.access = access;
    }

    @GetMapping
    TenantList list() {
        var caller = CallerAuthentication.current();
        List<Tenant> visible = caller.isPlatformAdmin() ? tenants.all()
                : tenants.find(caller.tenantId()).map(List::of).orElse(List.of());
        return new TenantList("list", visible.stream().map(TenantResponse::of).toList());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    TenantResponse create(@RequestBody CreateTenant request) {
        access.requirePlatformAdmin();
        if (request == null || request.name() == null || request.name().isBlank() || request.name().length() > 200) {
            throw ApiException.invalidRequest("A tenant needs a name of 1 to 200 characters.", "name", "invalid_value");
        }
        try {
            return TenantResponse.of(tenants.create(request.name(), TenantAccess.actor()));
        } catch (DataIntegrityViolationException taken) {
            throw new ApiException(HttpStatus.CONFLICT, "invalid_request_error",
                    "A tenant named '" + request.name().strip() + "' already exists.", "name", "tenant_exists");
        }
    }

    @GetMapping("/{tenantId}")
    TenantResponse get(@PathVariable UUID tenantId) {
        return TenantResponse.of(access.readable(tenantId));
    }

    @PatchMapping("/{tenantId}")
    TenantResponse update(@PathVariable UUID tenantId, @RequestBody UpdateTenant request) {
        access.readable(tenantId);
        access.requirePlatformAdmin();
        return tenants.update(tenantId, request.name(), request.status(), TenantAccess.actor())
                .map(TenantResponse::of).orElseThrow(() -> TenantAccess.notFound(tenantId));
    }

    /** Disables the tenant: its records stay (the audit trail needs them), its callers are refused at once. */
    @DeleteMapping("/{tenantId}")
    TenantResponse disable(@PathVariable UUID tenantId) {
        access.readable(tenantId);
        access.requirePlatformAdmin();
        return tenants.update(tenantId, null, TenantStatus.DISABLED, TenantAccess.actor())
                .map(TenantResponse::of).orElseThrow(() -> TenantAccess.notFound(tenantId));
    }
}
