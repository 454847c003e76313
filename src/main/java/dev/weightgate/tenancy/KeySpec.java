package dev.weightgate.tenancy;

import java.time.Instant;
import java.util.Set;

/**
 * What a new key should be.
 *
 * @param name a label for people
 * @param owner who it belongs to (a person, a team, a service)
 * @param roles what it may do; {@code USER} when empty
 * @param allowedModels models it may use; empty for all
 * @param allowedEndpoints endpoints it may use; empty for all
 * @param expiresAt when it stops working; {@code null} for never
 */
public record KeySpec(String name, String owner, Set<Role> roles, Set<String> allowedModels, Set<String> allowedEndpoints,
                      Instant expiresAt) {

    public KeySpec {
        roles = roles == null || roles.isEmpty() ? Set.of(Role.USER) : Set.copyOf(roles);
        allowedModels = allowedModels == null ? Set.of() : Set.copyOf(allowedModels);
        allowedEndpoints = allowedEndpoints == null ? Set.of() : Set.copyOf(allowedEndpoints);
    }
}
