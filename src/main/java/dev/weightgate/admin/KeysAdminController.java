package dev.weightgate.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.weightgate.api.ApiException;
import dev.weightgate.tenancy.ApiKeyView;
import dev.weightgate.tenancy.ApiKeys;
import dev.weightgate.tenancy.CallerAuthentication;
import dev.weightgate.tenancy.KeySpec;
import dev.weightgate.tenancy.NewApiKey;
import dev.weightgate.tenancy.Role;
import dev.weightgate.tenancy.Tenant;
import dev.weightgate.tenancy.TenantDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A tenant's API keys. Creating or rotating a key answers the key itself, once, in the field {@code key}; nothing
 * else ever shows it again.
 */
@RestController
@RequestMapping("/admin/v1/tenants/{tenantId}/keys")
class KeysAdminController {

    /** The longest overlap a rotation may grant the old key. */
    private static final Duration MAX_OVERLAP = Duration.ofDays(30);

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record CreateKey(String name, String owner, Set<String> roles, Set<String> allowedModels,
                     Set<String> allowedEndpoints, Instant expiresAt) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RotateKey(Long overlapSeconds) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record KeyResponse(String object, UUID id, UUID tenantId, String name, String owner, Set<Role> roles,
                       Set<String> allowedModels, Set<String> allowedEndpoints, Instant createdAt, Instant expiresAt,
                       Instant revokedAt, Instant lastUsedAt, UUID replacedBy, String status,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String key) {

        static KeyResponse of(ApiKeyView view, String key) {
            return new KeyResponse("api_key", view.id(), view.tenantId(), view.name(), view.owner(), view.roles(),
                    view.allowedModels(), view.allowedEndpoints(), view.createdAt(), view.expiresAt(),
                    view.revokedAt(), view.lastUsedAt(), view.replacedBy(), view.status(), key);
        }

        static KeyResponse created(NewApiKey created) {
            return of(created.view(), created.key());
        }
    }

    record KeyList(String object, List<KeyResponse> data) {
    }

    private final ApiKeys keys;
    private final TenantAccess access;

    KeysAdminController(ApiKeys keys, TenantAccess access) {
        this.keys = keys;
        this.access = access;
    }

    @GetMapping
    KeyList list(@PathVariable UUID tenantId) {
        access.readable(tenantId);
        return new KeyList("list", keys.list(tenantId).stream().map(view -> KeyResponse.of(view, null)).toList());
    }

    @GetMapping("/{keyId}")
    KeyResponse get(@PathVariable UUID tenantId, @PathVariable UUID keyId) {
        access.readable(tenantId);
        return keys.find(tenantId, keyId).map(view -> KeyResponse.of(view, null)).orElseThrow(() -> keyNotFound(keyId));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    KeyResponse create(@PathVariable UUID tenantId, @RequestBody CreateKey request) {
        Tenant tenant = access.manageable(tenantId);
        if (request == null || request.name() == null || request.name().isBlank() || request.name().length() > 200) {
            throw ApiException.invalidRequest("A key needs a name of 1 to 200 characters.", "name", "invalid_value");
        }
        Set<Role> roles = grantableRoles(tenant, request.roles());
        if (request.expiresAt() != null && !request.expiresAt().isAfter(Instant.now())) {
            throw ApiException.invalidRequest("'expires_at' must be in the future.", "expires_at", "invalid_value");
        }
        KeySpec spec = new KeySpec(request.name().strip(), request.owner(), roles, request.allowedModels(),
                request.allowedEndpoints(), request.expiresAt());
        return KeyResponse.created(keys.create(tenantId, spec, TenantAccess.actor()));
    }

    @DeleteMapping("/{keyId}")
    KeyResponse revoke(@PathVariable UUID tenantId, @PathVariable UUID keyId) {
        access.manageable(tenantId);
        return keys.revoke(tenantId, keyId, TenantAccess.actor()).map(view -> KeyResponse.of(view, null))
                .orElseThrow(() -> keyNotFound(keyId));
    }

    @PostMapping("/{keyId}/revoke")
    KeyResponse revokeByPost(@PathVariable UUID tenantId, @PathVariable UUID keyId) {
        return revoke(tenantId, keyId);
    }

    @PostMapping("/{keyId}/rotate")
    @ResponseStatus(HttpStatus.CREATED)
    KeyResponse rotate(@PathVariable UUID tenantId, @PathVariable UUID keyId, @RequestBody(required = false) RotateKey request) {
        access.manageable(tenantId);
        long seconds = request == null || request.overlapSeconds() == null ? 0 : request.overlapSeconds();
        if (seconds < 0 || seconds > MAX_OVERLAP.toSeconds()) {
            throw ApiException.invalidRequest("'overlap_seconds' must be between 0 and " + MAX_OVERLAP.toSeconds() + ".",
                    "overlap_seconds", "invalid_value");
        }
        return keys.rotate(tenantId, keyId, Duration.ofSeconds(seconds), TenantAccess.actor())
                .map(KeyResponse::created).orElseThrow(() -> keyNotFound(keyId));
    }

    /**
     * The roles a key may carry: a tenant administrator grants at most its own powers, within its tenant; only the
     * platform's own tenant can hold platform administrators.
     */
    private static Set<Role> grantableRoles(Tenant tenant, Set<String> requested) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String text : requested == null ? Set.<String>of() : requested) {
            roles.add(Role.parse(text).orElseThrow(() -> ApiException.invalidRequest("Unknown role '" + text
                    + "'; roles are user, tenant-admin, auditor and platform-admin.", "roles", "invalid_value")));
        }
        if (roles.contains(Role.PLATFORM_ADMIN)) {
            if (!CallerAuthentication.current().isPlatformAdmin()) {
                throw TenantAccess.forbidden("Only a platform administrator may grant platform-admin.");
            }
            if (!TenantDirectory.PLATFORM_TENANT.equals(tenant.name())) {
                throw ApiException.invalidRequest("Only keys of the platform tenant may be platform administrators.",
                        "roles", "invalid_value");
            }
        }
        return roles.isEmpty() ? EnumSet.of(Role.USER) : roles;
    }

    private static ApiException keyNotFound(UUID keyId) {
        return new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error", "No key with id " + keyId + " in this tenant.",
                null, "key_not_found");
    }
}
