package dev.weightgate.tenancy;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of identities, under {@code weightgate.security}.
 *
 * @param bootstrapAdminKey the first platform administrator's key ({@code WEIGHTGATE_SECURITY_BOOTSTRAP_ADMIN_KEY},
 *     also read from {@code weightgate.bootstrap.admin-key} / {@code WEIGHTGATE_BOOTSTRAP_ADMIN_KEY})
 * @param bootstrapKeyFile where a generated first key is written when none is configured on an empty database
 * @param changePollInterval how often each replica checks whether keys or tenants changed elsewhere
 * @param lastUsedFlushInterval how often key last-used times are written to the database
 * @param jwt how JWTs from the single sign-on issuer map to tenants and roles
 */
@ConfigurationProperties("weightgate.security")
public record TenancyProperties(
        String bootstrapAdminKey,
        @DefaultValue("./data/bootstrap-admin-key") Path bootstrapKeyFile,
        @DefaultValue("200ms") Duration changePollInterval,
        @DefaultValue("10s") Duration lastUsedFlushInterval,
        @DefaultValue Jwt jwt) {

    /**
     * @param tenantClaim the claim naming the caller's tenant, by id or by name (dotted paths reach nested claims)
     * @param rolesClaim the claim listing the caller's roles, e.g. {@code realm_access.roles} for Keycloak
     */
    public record Jwt(@DefaultValue("tenant") String tenantClaim, @DefaultValue("roles") String rolesClaim) {
    }
}
