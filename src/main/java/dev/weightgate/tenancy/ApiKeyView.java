package dev.weightgate.tenancy;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** What may be shown about an API key: everything except the key. */
public record ApiKeyView(UUID id, UUID tenantId, String name, String owner, Set<Role> roles, Set<String> allowedModels,
                         Set<String> allowedEndpoints, Instant createdAt, Instant expiresAt, Instant revokedAt,
                         Instant lastUsedAt, UUID replacedBy, String status) {
}
