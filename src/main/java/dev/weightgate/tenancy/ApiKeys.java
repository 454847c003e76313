package dev.weightgate.tenancy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * API keys: checking them on every request (from memory, not the database) and managing them. Every management
 * operation names the tenant, and a key is only ever found within its tenant.
 */
public interface ApiKeys {

    /** Checks a presented key. Fast: answered from a cache that every replica drops when keys or tenants change. */
    KeyCheck check(String presentedKey);

    NewApiKey create(UUID tenantId, KeySpec spec, String actor);

    List<ApiKeyView> list(UUID tenantId);

    Optional<ApiKeyView> find(UUID tenantId, UUID keyId);

    /** Revokes a key at once, on every replica. Empty when the tenant has no such key. */
    Optional<ApiKeyView> revoke(UUID tenantId, UUID keyId, String actor);

    /**
     * Issues a replacement with the same name, roles and scopes; the old key keeps working for {@code overlap}, so
     * clients can move to the new one without downtime. Empty when the tenant has no such usable key.
     */
    Optional<NewApiKey> rotate(UUID tenantId, UUID keyId, Duration overlap, String actor);
}
