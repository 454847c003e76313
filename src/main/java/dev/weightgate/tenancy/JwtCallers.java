package dev.weightgate.tenancy;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * Maps a JWT from the single sign-on issuer to a {@link Caller}: the tenant from one claim (its id, or its name),
 * the roles from another ({@code weightgate.security.jwt.*}; dotted paths reach nested claims such as Keycloak's
 * {@code realm_access.roles}). A token naming no known, active tenant yields no caller. A platform administrator
 * needs no tenant claim: it acts for the platform tenant.
 */
@Component
public class JwtCallers {

    private final TenantDirectory tenants;
    private final TenancyProperties.Jwt claims;
    private final Map<String, UUID> tenantIdsByName = new ConcurrentHashMap<>();

    public JwtCallers(TenantDirectory tenants, TenancyProperties properties) {
        this.tenants = tenants;
        this.claims = properties.jwt();
    }

    public Optional<Caller> fromJwt(Jwt jwt) {
        Set<Role> roles = roles(jwt);
        if (roles.isEmpty()) {
            roles = EnumSet.of(Role.USER);
        }
        Object tenantClaim = claim(jwt.getClaims(), claims.tenantClaim());
        String tenantRef = tenantClaim == null ? null : tenantClaim.toString();
        if (tenantRef == null && roles.contains(Role.PLATFORM_ADMIN)) {
            tenantRef = TenantDirectory.PLATFORM_TENANT;
        }
        if (tenantRef == null) {
            return Optional.empty();
        }
        Set<Role> granted = roles;
        return activeTenant(tenantRef).map(tenant -> new Caller(tenant.id(), null,
                jwt.getSubject() == null ? "jwt" : jwt.getSubject(), granted, Set.of(), Set.of(),
                tenant.serveWhenAuditUnavailable()));
    }

    private Optional<Tenant> activeTenant(String ref) {
        Optional<Tenant> tenant;
        try {
            tenant = tenants.find(UUID.fromString(ref));
        } catch (IllegalArgumentException notAnId) {
            UUID known = tenantIdsByName.get(ref);
            tenant = known != null ? tenants.find(known) : tenants.findByName(ref);
            tenant.ifPresent(t -> tenantIdsByName.put(ref, t.id()));
        }
        return tenant.filter(t -> t.status() == TenantStatus.ACTIVE);
    }

    private Set<Role> roles(Jwt jwt) {
        Object value = claim(jwt.getClaims(), claims.rolesClaim());
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (value instanceof Collection<?> list) {
            list.forEach(item -> Role.parse(String.valueOf(item)).ifPresent(roles::add));
        } else if (value instanceof String text) {
            for (String item : text.split("[,\\s]+")) {
                Role.parse(item).ifPresent(roles::add);
            }
        }
        return roles;
    }

    private static Object claim(Map<String, Object> all, String path) {
        Object current = all;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }
}
