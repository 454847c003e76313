package dev.weightgate.tenancy;

import java.time.Instant;
import java.util.UUID;

/** Past-tense records of changes to tenants and keys, published for the audit trail and for caches. */
public final class TenancyEvents {

    private TenancyEvents() {
    }

    public record TenantCreated(UUID tenantId, String name, String actor) {
    }

    public record TenantChanged(UUID tenantId, String change, String actor) {
    }

    public record ApiKeyCreated(UUID tenantId, UUID keyId, String name, String actor) {
    }

    public record ApiKeyRevoked(UUID tenantId, UUID keyId, String actor) {
    }

    public record ApiKeyRotated(UUID tenantId, UUID oldKeyId, UUID newKeyId, Instant oldKeyExpiresAt, String actor) {
    }
}
